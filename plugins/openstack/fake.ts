/**
 * (Longer than 400 lines on purpose: one loopback server per provider, kept in one file so it
 * reads as the provider's API.)
 *
 * A loopback OpenStack for tests and the demo: Keystone v3 (password auth, project scope,
 * X-Subject-Token, a catalog pointing back here), Nova (servers paged by limit/marker,
 * flavors, create, os-start/os-stop/reboot that take time, resize → VERIFY_RESIZE → confirmResize,
 * conflictingRequest, quota),
 * Glance v2 images and Gnocchi measures with an archive policy, Neutron networks.
 *
 * Nova microversions as Nova serves them: the version document at the compute endpoint
 * (`GET /compute/v2.1/`, no token needed) states `version` (the maximum) and `min_version`;
 * a request asking for a microversion outside them answers 406 (`maxMicroversion`). From 2.37
 * a create must say `networks`: a list of `{uuid}`, `"none"`, or `"auto"`, which only a
 * cloud with Neutron's auto-allocated topology serves (`autoAllocate`; otherwise 400
 * "Unable to automatically allocate a network"). An unknown network answers 400.
 *
 * Neutron (`GET /network/v2.0/networks`) lists a project's own networks and the shared
 * ones, and for an admin every project's (Neutron's default policy), with `project_id`,
 * `shared` and `router:external` on each; `?project_id=` filters.
 *
 * Gnocchi (`/metric/v1`): instance resources (one per server, with `project_id`), metrics
 * `cpu` (cumulative ns, read as `rate:mean`), `memory.usage` (MiB) and `disk.usage` (bytes) on
 * an archive policy whose granularities Gnocchi writes as Python timedeltas, per-metric
 * measures, and the aggregates API (`POST /v1/aggregates`) as `gnocchi/rest/aggregates/api.py`
 * and `processor.py` serve it: `resource_type` + `search` (the JSON filter operators `=`, `==`,
 * `eq`, `!=`, `ne`, `in`, `like`, `and`, `or`, `not`; an admin searches every project, anyone
 * else only their own), `(metric …)` operations with wildcards, `granularity`, `start`, `stop`
 * (a window `[start rounded down to the granularity, stop)`), `groupby`, `details`, the
 * default `fill=dropna`, and Gnocchi's errors (404 "Metric [...] does not exist" when no
 * resource has the metric, 404 for an aggregation the archive policy lacks, 400 for a
 * granularity it lacks or none in common). Not served, and answered 400 saying so: the
 * other operations (`aggregate`, `resample`, arithmetic), `fill`/`needed_overlap`,
 * `use_history`, string (query-language) filters and metric-id references.
 *
 * Like Nova and Gnocchi with their default policies, a service user with the `admin` role
 * (the default here, see `admin`) reads and acts on another project's server by id; every
 * server body carries its owner as `tenant_id` (and `user_id`), every Gnocchi resource as
 * `project_id`. Only listing is scoped to the token's project.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';

/** The demo's servers keep their ids across restarts, so data recorded about them stays theirs. */
const stableId = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The id the demo seed gives its server `name` (`web-01` …), the same on every start. */
export const demoServerId = (name: string) => stableId(`demo:${name}`);

export interface FakeServer {
  id: string;
  name: string;
  status: string;
  vm_state: string;
  task_state: string | null;
  flavorId: string;
  imageId: string;
  created: string;
  ip: string;
  /** 0–1: how busy its CPU is on average; 1 means it sits at the limit at its daily peak. */
  load: number;
  /** Its boot volume (Cinder), which backups are taken of. */
  volumeId: string;
  /** While a resize waits for confirmation: the flavor and vm_state it had before. */
  resizedFrom?: { flavorId: string; vmState: string };
  /** The Neutron networks it was created on. */
  networkIds?: string[];
}

/** A Neutron network as `GET /v2.0/networks` lists it. */
export interface FakeNetwork {
  id: string;
  name: string;
  project_id: string;
  shared: boolean;
  'router:external': boolean;
  status: 'ACTIVE' | 'DOWN';
}

/** "2.79" → [2, 79], compared part by part. */
const microversion = (v: string) => v.split('.').map(Number) as [number, number];
export const compareMicroversions = (a: string, b: string) => {
  const [x, y] = [microversion(a), microversion(b)];
  return x[0] - y[0] || x[1] - y[1];
};

/** A Cinder volume backup as `GET /v3/{project}/backups/detail` lists it. */
export interface FakeBackup {
  id: string;
  name: string;
  volume_id: string;
  status: 'available' | 'error' | 'creating';
  created_at: string;
  size: number;
  fail_reason: string | null;
}

export interface OpenStackFakeOptions {
  port?: number;
  /** How long power actions and builds take. Default 1500 ms. */
  transitionMs?: number;
  tokenTtlMs?: number;
  /** Instances allowed per project before create answers 403 quota. Default 20. */
  quota?: number;
  /**
   * Whether the service user holds the `admin` role. Default true, as portal service accounts
   * usually do. Nova's default policy then lets it read and act on ANY project's server by id
   * (`os_compute_api:servers:show` and the server actions allow project reader or admin), and
   * shows the admin-only `OS-EXT-SRV-ATTR:*` fields; Gnocchi lets it read any resource.
   * Listing (`/servers/detail` without `all_tenants`) stays scoped to the token's project.
   */
  admin?: boolean;
  /** The highest Nova microversion served (the cloud's release). Default 2.79 (Train). */
  maxMicroversion?: string;
  /** Whether `networks: "auto"` works (Neutron's auto-allocated topology). Default false. */
  autoAllocate?: boolean;
  /** Serve HTTPS with this key and certificate (PEM), as a cloud behind a private CA does. */
  tls?: { key: string; cert: string };
  seed?: 'demo';
  /** The clock Gnocchi's measures are generated up to (ms). Default `Date.now`. */
  now?: () => number;
}

const FLAVORS = [
  { id: 'f-s', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
  { id: 'f-m', name: 'm1.medium', vcpus: 2, ram: 4096, disk: 40 },
  { id: 'f-l', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 },
];
const IMAGES = [
  { id: 'img-debian', name: 'Debian 12' },
  { id: 'img-ubuntu', name: 'Ubuntu 24.04' },
  { id: 'img-rocky', name: 'Rocky Linux 9' },
];
/** `str(datetime.timedelta(seconds=s))`: "0:01:00", "1 day, 0:00:00", "365 days, 0:00:00". */
const timedelta = (seconds: number) => {
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const hms = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
  return days ? `${days} day${days === 1 ? '' : 's'}, ${hms}` : hms;
};

/** The archive policy: 1 min for a day, 5 min for 30 days, 1 h for a year. */
const POLICY = [
  { granularity: 60, timespan: 86400 },
  { granularity: 300, timespan: 30 * 86400 },
  { granularity: 3600, timespan: 365 * 86400 },
];
/**
 * Each metric's archive policy (name and aggregation methods; all share POLICY's
 * definition), as Ceilometer's `gnocchi_resources.yaml` assigns them: `cpu` is a cumulative
 * counter read as `rate:mean` (`ceilometer-low-rate`); the fake serves no plain `mean` of it.
 */
const METRIC_POLICIES: Record<string, { name: string; aggregationMethods: string[] }> = {
  cpu: { name: 'ceilometer-low-rate', aggregationMethods: ['rate:mean'] },
  'memory.usage': { name: 'ceilometer-low', aggregationMethods: ['mean'] },
  'disk.usage': { name: 'ceilometer-low', aggregationMethods: ['mean'] },
};
/** Gnocchi's metric ids are UUIDs; the fake's are stable ones per server and metric. */
const metricId = (serverId: string, name: string) => stableId(`metric:${serverId}:${name}`);

/** An s-expression as Gnocchi's aggregates `operations` string is written: `(metric (cpu rate:mean) (memory.usage mean))`. */
export function parseOperations(text: string): unknown[] {
  const tokens = text.match(/\(|\)|[^\s()]+/g) ?? [];
  let i = 0;
  const read = (): unknown => {
    const t = tokens[i++];
    if (t === undefined) throw new Error('unexpected end');
    if (t === ')') throw new Error('unexpected )');
    if (t !== '(') return t;
    const list: unknown[] = [];
    while (tokens[i] !== ')') {
      if (i >= tokens.length) throw new Error('missing )');
      list.push(read());
    }
    i++;
    return list;
  };
  const out = read();
  if (i !== tokens.length || !Array.isArray(out)) throw new Error('expected one list');
  return out;
}

/** fnmatch as Gnocchi matches metric wildcards: `*` any run, `?` one character. */
const fnmatch = (name: string, pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(name);

export async function startOpenStackFake(options: OpenStackFakeOptions = {}) {
  const users = [{ id: 'c0ffee00c0ffee00c0ffee00c0ffee00', name: 'glasspane', domain: 'Default', password: 'fake-openstack-password' }];
  /**
   * Application credentials: made by a user in one project, which every token they get is
   * scoped to; `expires_at` passed or deleted → 401 like a wrong secret.
   */
  const appCredentials: { id: string; name: string; secret: string; project: string; expiresAt?: number }[] = [];
  const admin = options.admin ?? true;
  /** Nova's instance ids count up (instance-00000001 …), as its database does. */
  let instanceSeq = 0;
  const instanceNames = new Map<FakeServer, string>();
  const projects = new Map<string, FakeServer[]>([
    ['a1b2c3d4e5f60718293a4b5c6d7e8f90', []],
    ['0f9e8d7c6b5a49382716f5e4d3c2b1a0', []],
  ]);
  const tokens = new Map<string, { project: string; expires: number }>();
  const failures: { status: number; body?: unknown }[] = [];
  /** Failures only Gnocchi (`/metric/…`) answers, after the token is checked. */
  const gnocchiFailures: { status: number; body?: unknown }[] = [];
  let garbage = 0;
  let authRequests = 0;
  const transitionMs = options.transitionMs ?? 1500;
  const now = options.now ?? Date.now;
  /** Every request as `METHOD /path` (no query), in order: what a provider's access log would count. */
  const requests: string[] = [];
  let base = '';

  const defaultProject = [...projects.keys()][0]!;
  const maxMicroversion = options.maxMicroversion ?? '2.79';
  /** Each project has its own private network; one external network is shared by all. */
  const networks: FakeNetwork[] = [
    ...[...projects.keys()].map((p) => ({
      id: stableId(`net:${p}`),
      name: `${p.slice(0, 8)}-private`,
      project_id: p,
      shared: false,
      'router:external': false,
      status: 'ACTIVE' as const,
    })),
    {
      id: stableId('net:public'),
      name: 'public',
      project_id: 'c0ffee00000000000000000000000000',
      shared: true,
      'router:external': true,
      status: 'ACTIVE',
    },
  ];

  function addServer(project: string, partial: Partial<FakeServer> & { name: string }): FakeServer {
    const list = projects.get(project) ?? [];
    projects.set(project, list);
    const s: FakeServer = {
      id: randomUUID(),
      status: 'ACTIVE',
      vm_state: 'active',
      task_state: null,
      flavorId: 'f-m',
      imageId: 'img-debian',
      created: new Date(Date.now() - 400 * 86400_000).toISOString(),
      ip: `10.0.${list.length}.${10 + list.length}`,
      load: 0.4,
      volumeId: partial.id ? stableId(`volume:${partial.id}`) : randomUUID(),
      ...partial,
    };
    list.push(s);
    return s;
  }

  /** Transitions that ended while held (`holdTransitions()`), applied on release. */
  let held: (() => void)[] | undefined;
  /** Ends a transition after `transitionMs`, or on release when transitions are held. */
  function later(end: () => void) {
    setTimeout(() => (held ? held.push(end) : end()), transitionMs).unref();
  }

  function transition(s: FakeServer, task: string, status: string, vm: string) {
    s.task_state = task;
    later(() => {
      s.task_state = null;
      s.status = status;
      s.vm_state = vm;
    });
  }

  const projectOf = (s: FakeServer) => [...projects].find(([, l]) => l.includes(s))?.[0] ?? '';
  const instanceName = (s: FakeServer) => {
    if (!instanceNames.has(s)) instanceNames.set(s, `instance-${(++instanceSeq).toString(16).padStart(8, '0')}`);
    return instanceNames.get(s)!;
  };
  /**
   * A server by id as Nova's policy lets this token see it: its own project's, or any
   * project's when the user is admin (show and the server actions are "project reader or admin").
   */
  const byId = (project: string, id: string) =>
    (admin ? [...projects.values()].flat() : (projects.get(project) ?? [])).find((x) => x.id === id);

  const toNova = (s: FakeServer) => {
    const f = FLAVORS.find((x) => x.id === s.flavorId)!;
    return {
      id: s.id,
      name: s.name,
      status: s.status,
      tenant_id: projectOf(s),
      user_id: users[0]!.id,
      created: s.created,
      updated: s.created,
      addresses: { private: [{ addr: s.ip, version: 4, 'OS-EXT-IPS:type': 'fixed' }] },
      flavor: { original_name: f.name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, ephemeral: 0, swap: 0, extra_specs: {} },
      image: { id: s.imageId, links: [] },
      'OS-EXT-STS:vm_state': s.vm_state,
      'OS-EXT-STS:task_state': s.task_state,
      'OS-EXT-STS:power_state': s.status === 'ACTIVE' ? 1 : 4,
      'OS-EXT-AZ:availability_zone': 'fra1-a',
      ...(admin
        ? {
            'OS-EXT-SRV-ATTR:instance_name': instanceName(s),
            'OS-EXT-SRV-ATTR:host': 'compute-01',
            'OS-EXT-SRV-ATTR:hypervisor_hostname': 'compute-01.fra1',
          }
        : {}),
      'os-extended-volumes:volumes_attached': [{ id: s.volumeId, delete_on_termination: true }],
      links: [{ rel: 'self', href: `${base}/compute/v2.1/servers/${s.id}` }],
    };
  };

  /** Deterministic usage: a daily curve scaled by the server's load, plus small noise. */
  function value(s: FakeServer, metric: string, t: number): number {
    const f = FLAVORS.find((x) => x.id === s.flavorId)!;
    const day = Math.sin(((t / 3600 - 8) / 24) * 2 * Math.PI);
    const noise = (Math.sin(t / 97 + s.name.length) + Math.sin(t / 13)) * 0.03;
    const busy = Math.max(0.02, Math.min(1, s.load * (0.6 + 0.6 * day) + noise));
    if (metric === 'memory.usage') return Math.round(f.ram * Math.min(0.97, 0.35 + busy * 0.5));
    if (metric === 'disk.usage') return f.disk * 1024 ** 3 * Math.min(0.95, 0.3 + ((t % (30 * 86400)) / (30 * 86400)) * 0.2);
    return busy;
  }

  /**
   * A metric's measures at one granularity as Gnocchi fetches them: points from `start`
   * rounded down to the granularity up to but not including `stop`, within the policy's
   * timespan and up to now; none for a server that is not running.
   */
  function measuresOf(
    s: FakeServer,
    metric: string,
    granularity: number,
    startSec: number | undefined,
    stopSec: number | undefined,
  ): [string, number, number][] {
    const policy = POLICY.find((p) => p.granularity === granularity);
    const nowSec = now() / 1000;
    if (!policy || s.vm_state !== 'active') return [];
    const stop = Math.min(stopSec ?? Infinity, nowSec + 1e-9);
    const first = Math.max(
      Math.floor((startSec ?? -Infinity) / granularity) * granularity,
      Math.ceil((nowSec - policy.timespan) / granularity) * granularity,
    );
    const f = FLAVORS.find((x) => x.id === s.flavorId)!;
    const out: [string, number, number][] = [];
    for (let t = first; t < stop; t += granularity) {
      const v = value(s, metric, t);
      // cpu is cumulative ns; rate:mean gives ns used per granularity period.
      const rate = metric === 'cpu' ? v * granularity * 1e9 * f.vcpus : v;
      out.push([new Date(t * 1000).toISOString().replace('.000Z', '+00:00'), granularity, rate]);
    }
    return out;
  }

  /** Ceilometer makes a server's Gnocchi resource when it first polls it: not while it is being built. */
  const measured = (s: FakeServer) => s.vm_state !== 'building';
  /** A server as Gnocchi's instance resource (the resource id is the instance's UUID). */
  const gnocchiResource = (s: FakeServer) => {
    const owner = projectOf(s);
    return {
      id: s.id,
      type: 'instance',
      original_resource_id: s.id,
      project_id: owner,
      user_id: users[0]!.id,
      created_by_project_id: 'c0ffee00000000000000000000000000',
      created_by_user_id: users[0]!.id,
      creator: `${users[0]!.id}:c0ffee00000000000000000000000000`,
      display_name: s.name,
      flavor_id: s.flavorId,
      flavor_name: FLAVORS.find((f) => f.id === s.flavorId)!.name,
      image_ref: s.imageId,
      host: 'compute-01',
      server_group: null,
      started_at: s.created,
      ended_at: null,
      revision_start: s.created,
      revision_end: null,
      metrics: Object.fromEntries(Object.keys(METRIC_POLICIES).map((name) => [name, metricId(s.id, name)])),
    };
  };
  type GnocchiResource = ReturnType<typeof gnocchiResource>;

  /** Gnocchi's error body (pecan's abort): `{code, title, description}`. */
  const gnocchiError = (res: ServerResponse, status: number, description: unknown) =>
    send(res, status, { code: status, title: status === 404 ? 'Not Found' : 'Bad Request', description });

  /** Gnocchi's JSON resource filter; throws a message for what Gnocchi refuses. */
  function matches(filter: unknown, r: GnocchiResource): boolean {
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw new Error('expected a dictionary');
    const entries = Object.entries(filter as Record<string, unknown>);
    if (entries.length === 0) return true;
    if (entries.length > 1) throw new Error('length of value must be at most 1');
    const [op, arg] = entries[0]!;
    if (['and', '∧', 'or', '∨'].includes(op)) {
      if (!Array.isArray(arg) || arg.length === 0) throw new Error(`${op} expects a non-empty list`);
      const results = arg.map((sub) => matches(sub, r));
      return op === 'and' || op === '∧' ? results.every(Boolean) : results.some(Boolean);
    }
    if (op === 'not') return !matches(arg, r);
    const pair = arg && typeof arg === 'object' && !Array.isArray(arg) ? Object.entries(arg as Record<string, unknown>) : [];
    if (pair.length !== 1) throw new Error(`${op} expects one attribute`);
    const [attr, expected] = pair[0]!;
    if (!(attr in r) || attr === 'metrics') throw new Error(`Unknown attribute: ${attr}`);
    const actual = (r as Record<string, unknown>)[attr];
    const norm = (v: unknown) => (attr === 'id' && typeof v === 'string' ? v.toLowerCase() : v);
    if (['=', '==', 'eq'].includes(op)) return norm(actual) === norm(expected);
    if (['!=', '≠', 'ne'].includes(op)) return norm(actual) !== norm(expected);
    if (op === 'in') {
      if (!Array.isArray(expected) || expected.length === 0) throw new Error('in expects a non-empty list');
      return expected.map(norm).includes(norm(actual));
    }
    if (op === 'like')
      return (
        typeof actual === 'string' &&
        new RegExp(
          `^${String(expected)
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')}$`,
        ).test(actual)
      );
    throw new Error(`extra keys not allowed @ data['${op}']`);
  }

  class GnocchiFailure extends Error {
    constructor(
      readonly status: number,
      readonly description: unknown,
    ) {
      super(typeof description === 'string' ? description : JSON.stringify(description));
    }
  }
  const noSuchMetric = (names: string[]) =>
    new GnocchiFailure(
      404,
      `Metric [${[...new Set(names)]
        .sort()
        .map((n) => `'${n}'`)
        .join(', ')}] does not exist`,
    );

  /**
   * `_get_measures_by_name` + `processor.get_measures` for `(metric …)` operations: every
   * resource's metrics matching each wildcard, checked against their archive policy, measured
   * at the asked granularity or at each one they all have.
   */
  function measuresByName(
    resources: GnocchiResource[],
    refs: [string, string][],
    granularity: number | undefined,
    start: number | undefined,
    stop: number | undefined,
  ) {
    const references = resources.flatMap((r) =>
      refs.flatMap(([wildcard, agg]) =>
        Object.keys(r.metrics)
          .filter((name) => fnmatch(name, wildcard))
          .map((name) => ({ r, name, agg })),
      ),
    );
    if (!references.length) throw noSuchMetric(refs.map(([m]) => m));
    const granularities = granularity !== undefined ? [granularity] : POLICY.map((p) => p.granularity);
    for (const ref of references) {
      if (!METRIC_POLICIES[ref.name]!.aggregationMethods.includes(ref.agg)) {
        throw new GnocchiFailure(404, {
          cause: 'Metrics with unknown aggregation',
          detail: [[ref.r.metrics[ref.name as keyof typeof ref.r.metrics], ref.agg]],
        });
      }
    }
    const missing = references
      .filter(() => granularities.some((g) => !POLICY.some((p) => p.granularity === g)))
      .map((ref) => [ref.name, ref.agg, granularity]);
    if (missing.length)
      throw new GnocchiFailure(400, { cause: 'Metrics cannot be aggregated', reason: 'Granularities are missing', detail: missing });
    const out: Record<string, Record<string, Record<string, [string, number, number][]>>> = {};
    for (const ref of references) {
      const server = [...projects.values()].flat().find((x) => x.id === ref.r.id)!;
      // Coarsest granularity first, as processor.aggregated sorts them.
      const points = [...granularities].sort((a, b) => b - a).flatMap((g) => measuresOf(server, ref.name, g, start, stop));
      ((out[ref.r.id] ??= {})[ref.name] ??= {})[ref.agg] = points;
    }
    return { measures: out, references: [...new Set(references.map((x) => x.r))] };
  }

  /** `POST /v1/aggregates` with `resource_type` and `search` (see the file's header). */
  async function aggregates(req: IncomingMessage, res: ServerResponse, url: URL, project: string) {
    const q = url.searchParams;
    const invalid = (reason: string, detail: unknown = []) => gnocchiError(res, 400, { cause: 'Invalid input', reason, detail });
    for (const unsupported of ['fill', 'needed_overlap', 'use_history']) {
      if (q.has(unsupported)) return invalid(`${unsupported} is not served by this fake`);
    }
    const time = (name: string) => {
      const raw = q.get(name);
      if (raw === null) return undefined;
      const t = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw) / 1000;
      if (!Number.isFinite(t)) throw new GnocchiFailure(400, `Unable to parse \`${name}': Invalid timestamp: ${raw}`);
      return t;
    };
    let start: number | undefined, stop: number | undefined, granularity: number | undefined;
    let body: any;
    try {
      start = time('start');
      stop = time('stop');
      const g = q.get('granularity');
      if (g !== null) {
        granularity = /^\d+(\.\d+)?$/.test(g) ? Number(g) : NaN;
        if (!(granularity > 0)) throw new GnocchiFailure(400, `Unable to parse \`granularity': Invalid timespan: ${g}`);
      }
      body = await readBody(req);
    } catch (err) {
      if (err instanceof GnocchiFailure) return gnocchiError(res, err.status, err.description);
      return invalid('Unable to decode body');
    }
    if (!body || typeof body !== 'object') return invalid('expected a dictionary');
    let operations: unknown = body.operations;
    if (typeof operations === 'string') {
      try {
        operations = parseOperations(operations);
      } catch (err) {
        return gnocchiError(res, 400, {
          cause: 'Invalid operations',
          reason: 'Fail to parse the operations string',
          detail: (err as Error).message,
        });
      }
    }
    if (!Array.isArray(operations) || operations[0] !== 'metric' || operations.length < 2)
      return invalid(
        `'${Array.isArray(operations) ? operations[0] : operations}' operation invalid (this fake serves only (metric …) operations)`,
      );
    const args = operations.slice(1);
    const refs: [string, string][] = [];
    if (args.every((a) => typeof a === 'string')) {
      if (args.length !== 2) return invalid('Operation need at least one argument');
      refs.push([args[0] as string, args[1] as string]);
    } else {
      for (const a of args) {
        if (!Array.isArray(a) || a.length !== 2 || a.some((x) => typeof x !== 'string'))
          return invalid('expected a list of [metric, aggregation]');
        if (!refs.some(([m, g]) => m === a[0] && g === a[1])) refs.push([a[0], a[1]]);
      }
    }
    if (body.resource_type === undefined)
      return gnocchiError(res, 400, {
        cause: 'Invalid metric references',
        reason: 'this fake serves aggregates by resource search only',
        detail: refs,
      });
    if (body.resource_type !== 'instance' && body.resource_type !== 'generic')
      return gnocchiError(res, 400, `Resource type ${body.resource_type} does not exist`);
    if (typeof body.search === 'string') return invalid('this fake parses JSON filters only, not the query-string syntax');
    let resources: GnocchiResource[];
    try {
      const policy = admin ? undefined : { or: [{ '=': { project_id: project } }, { like: { creator: `%:${project}` } }] };
      const filter = body.search && policy ? { and: [policy, body.search] } : (body.search ?? policy ?? {});
      resources = [...projects.values()]
        .flat()
        .filter(measured)
        .map(gnocchiResource)
        .filter((r) => matches(filter, r));
    } catch (err) {
      return invalid((err as Error).message, ['search']);
    }
    const groupby = [
      ...new Set(
        q
          .getAll('groupby')
          .flatMap((g) => g.split(','))
          .filter(Boolean),
      ),
    ].sort();
    const bad = groupby.find(
      (g) =>
        !(
          g in
          (resources[0] ??
            gnocchiResource({
              id: '',
              name: '',
              status: '',
              vm_state: '',
              task_state: null,
              flavorId: 'f-s',
              imageId: '',
              created: '',
              ip: '',
              load: 0,
              volumeId: '',
            }))
        ) || g === 'metrics',
    );
    if (bad) return gnocchiError(res, 400, `Invalid pagination: \`Sort key supplied is invalid: ${bad}'`);
    const details = q.get('details') === 'true';
    try {
      if (!groupby.length) {
        const out = measuresByName(resources, refs, granularity, start, stop);
        return send(res, 200, details ? out : { measures: out.measures });
      }
      const key = (r: GnocchiResource) => JSON.stringify(groupby.map((g) => (r as Record<string, unknown>)[g] ?? ''));
      const groups = new Map<string, GnocchiResource[]>();
      for (const r of [...resources].sort((a, b) => key(a).localeCompare(key(b)))) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
      const results = [];
      for (const members of groups.values()) {
        try {
          const out = measuresByName(members, refs, granularity, start, stop);
          const group = Object.fromEntries(groupby.map((g) => [g, (members[0] as Record<string, unknown>)[g]]));
          results.push({ group, measures: details ? out : { measures: out.measures } });
        } catch (err) {
          if (!(err instanceof GnocchiFailure && err.status === 404 && typeof err.description === 'string')) throw err;
        }
      }
      if (!results.length) throw noSuchMetric(refs.map(([m]) => m));
      return send(res, 200, results);
    } catch (err) {
      if (err instanceof GnocchiFailure) return gnocchiError(res, err.status, err.description);
      throw err;
    }
  }

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  }
  const fault = (res: ServerResponse, status: number, name: string, message: string) =>
    send(res, status, { [name]: { code: status, message } });

  async function readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    return text ? JSON.parse(text) : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    requests.push(`${method} ${path}`);
    // Version discovery needs no token.
    const versionDoc = {
      id: 'v2.1',
      status: 'CURRENT',
      version: maxMicroversion,
      min_version: '2.1',
      updated: '2013-07-23T11:33:21Z',
      links: [{ rel: 'self', href: `${base}/compute/v2.1/` }],
    };
    if (path === '/compute/v2.1/' && method === 'GET') return send(res, 200, { version: versionDoc });
    if ((path === '/compute/' || path === '/compute') && method === 'GET') return send(res, 300, { versions: [versionDoc] });

    const failure = failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? { computeFault: { code: failure.status, message: 'Injected failure' } });

    if (path === '/identity/v3/auth/tokens' && method === 'POST') {
      authRequests++;
      const body = await readBody(req).catch(() => undefined);
      const identity = body?.auth?.identity;
      const unauthorized = (message = 'The request you have made requires authentication.') =>
        send(res, 401, { error: { code: 401, title: 'Unauthorized', message } }, { 'www-authenticate': `Keystone uri="${base}/identity"` });
      let project: string;
      let method: 'password' | 'application_credential';
      let appCredential: (typeof appCredentials)[number] | undefined;
      const user = identity?.password?.user;
      if (identity?.methods?.includes('application_credential')) {
        method = 'application_credential';
        const given = identity.application_credential;
        appCredential = appCredentials.find((c) => c.id === given?.id && c.secret === given?.secret);
        if (!appCredential || (appCredential.expiresAt !== undefined && appCredential.expiresAt < Date.now())) return unauthorized();
        // Keystone: "Application credentials cannot request a scope."
        if (body?.auth?.scope) return unauthorized('Application credentials cannot request a scope.');
        project = appCredential.project;
      } else {
        method = 'password';
        project = body?.auth?.scope?.project?.id;
        const ok = users.some((u) => u.name === user?.name && u.password === user?.password && u.domain === user?.domain?.name);
        if (!ok) return unauthorized();
        if (!projects.has(project)) return unauthorized(`User has no access to project ${project}.`);
      }
      const token = `gAAAAA${randomUUID().replaceAll('-', '')}`;
      const expires = Date.now() + (options.tokenTtlMs ?? 3600_000);
      tokens.set(token, { project, expires });
      const endpoint = (type: string, name: string, url: string) => ({
        type,
        name,
        id: randomUUID(),
        endpoints: ['public', 'internal'].map((i) => ({
          id: randomUUID(),
          interface: i,
          region_id: 'RegionOne',
          region: 'RegionOne',
          url,
        })),
      });
      return send(
        res,
        201,
        {
          token: {
            methods: [method],
            ...(appCredential ? { application_credential: { id: appCredential.id, name: appCredential.name, restricted: true } } : {}),
            expires_at: new Date(expires).toISOString(),
            issued_at: new Date().toISOString(),
            project: { id: project, name: project.slice(0, 8), domain: { id: 'default', name: 'Default' } },
            user: { id: users[0]!.id, name: users[0]!.name, domain: { id: 'default', name: 'Default' } },
            roles: [
              { id: randomUUID(), name: 'member' },
              { id: randomUUID(), name: 'reader' },
              ...(admin ? [{ id: randomUUID(), name: 'admin' }] : []),
            ],
            catalog: [
              endpoint('compute', 'nova', `${base}/compute/v2.1`),
              endpoint('network', 'neutron', `${base}/network`),
              endpoint('image', 'glance', `${base}/image`),
              endpoint('metric', 'gnocchi', `${base}/metric`),
              endpoint('block-storage', 'cinderv3', `${base}/volume/v3/${project}`),
              endpoint('identity', 'keystone', `${base}/identity`),
            ],
          },
        },
        { 'x-subject-token': token },
      );
    }

    const auth = tokens.get(req.headers['x-auth-token'] as string);
    if (!auth || auth.expires < Date.now())
      return send(res, 401, { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html>502 Bad Gateway</html>');
    }
    const servers = projects.get(auth.project)!;
    let m: RegExpExecArray | null;

    // Nova answers a microversion it does not serve with 406; none asked means 2.1.
    const asked = path.startsWith('/compute/') ? ((req.headers['x-openstack-nova-api-version'] as string | undefined) ?? '2.1') : undefined;
    if (
      asked &&
      (!/^\d+\.\d+$/.test(asked) || compareMicroversions(asked, maxMicroversion) > 0 || compareMicroversions(asked, '2.1') < 0)
    ) {
      return fault(
        res,
        406,
        'computeFault',
        `Version ${asked} is not supported by the API. Minimum is 2.1 and maximum is ${maxMicroversion}.`,
      );
    }

    if (path === '/network/v2.0/networks' && method === 'GET') {
      const visible = networks.filter((n) => admin || n.project_id === auth.project || n.shared);
      const project = url.searchParams.get('project_id');
      return send(res, 200, {
        networks: visible
          .filter((n) => !project || n.project_id === project)
          .map((n) => ({ ...n, tenant_id: n.project_id, admin_state_up: true, subnets: [stableId(`subnet:${n.id}`)] })),
      });
    }

    if (path === '/compute/v2.1/servers/detail' && method === 'GET') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
      const marker = url.searchParams.get('marker');
      const start = marker ? servers.findIndex((s) => s.id === marker) + 1 : 0;
      if (marker && start === 0) return fault(res, 400, 'badRequest', `marker [${marker}] not found`);
      const page = servers.slice(start, start + limit);
      const links =
        start + limit < servers.length
          ? [{ rel: 'next', href: `${base}/compute/v2.1/servers/detail?limit=${limit}&marker=${page.at(-1)!.id}` }]
          : [];
      return send(res, 200, { servers: page.map(toNova), servers_links: links });
    }
    if ((m = /^\/compute\/v2\.1\/servers\/([^/]+)$/.exec(path)) && method === 'GET') {
      const s = byId(auth.project, m[1]!);
      return s ? send(res, 200, { server: toNova(s) }) : fault(res, 404, 'itemNotFound', 'Instance could not be found.');
    }
    if (path === '/compute/v2.1/servers' && method === 'POST') {
      const body = (await readBody(req).catch(() => undefined))?.server;
      if (!body?.name || !FLAVORS.some((f) => f.id === body.flavorRef) || !IMAGES.some((i) => i.id === body.imageRef))
        return fault(res, 400, 'badRequest', 'Invalid flavorRef or imageRef provided.');
      let networkIds: string[] = [];
      if (compareMicroversions(asked!, '2.37') >= 0) {
        const n = body.networks;
        if (n === undefined)
          return fault(res, 400, 'badRequest', "Invalid input for field/attribute server. Value: … 'networks' is a required property");
        if (n === 'auto' && !options.autoAllocate)
          return fault(res, 400, 'badRequest', `Unable to automatically allocate a network for project ${auth.project}`);
        if (Array.isArray(n)) networkIds = n.map((x: { uuid?: string }) => x.uuid ?? '');
        else if (n !== 'auto' && n !== 'none') return fault(res, 400, 'badRequest', 'Invalid input for field/attribute networks.');
      } else if (Array.isArray(body.networks)) networkIds = body.networks.map((x: { uuid?: string }) => x.uuid ?? '');
      // Neutron's policy: a port on another project's network needs admin; on an unknown one, nothing.
      const unknown = networkIds.find((id) => !networks.some((n) => n.id === id && (admin || n.project_id === auth.project || n.shared)));
      if (unknown !== undefined) return fault(res, 400, 'badRequest', `Network ${unknown} could not be found.`);
      if (servers.length >= (options.quota ?? 20))
        return fault(
          res,
          403,
          'forbidden',
          `Quota exceeded for instances: Requested 1, but already used ${servers.length} of ${options.quota ?? 20} instances`,
        );
      const s = addServer(auth.project, {
        name: body.name,
        flavorId: body.flavorRef,
        imageId: body.imageRef,
        status: 'BUILD',
        vm_state: 'building',
        created: new Date().toISOString(),
        networkIds,
      });
      transition(s, 'spawning', 'ACTIVE', 'active');
      return send(
        res,
        202,
        { server: { id: s.id, links: [], adminPass: 'generated', security_groups: [{ name: 'default' }], 'OS-DCF:diskConfig': 'MANUAL' } },
        { location: `${base}/compute/v2.1/servers/${s.id}` },
      );
    }
    if ((m = /^\/compute\/v2\.1\/servers\/([^/]+)\/action$/.exec(path)) && method === 'POST') {
      const s = byId(auth.project, m[1]!);
      if (!s) return fault(res, 404, 'itemNotFound', 'Instance could not be found.');
      const body = (await readBody(req).catch(() => ({}))) ?? {};
      const action = Object.keys(body)[0];
      const refuse = (name: string) =>
        fault(res, 409, 'conflictingRequest', `Cannot '${name}' instance ${s.id} while it is in vm_state ${s.vm_state}`);
      if (s.task_state)
        return fault(res, 409, 'conflictingRequest', `Cannot '${action}' instance ${s.id} while it is in task_state ${s.task_state}`);
      if (action === 'os-stop') {
        if (s.vm_state !== 'active' && s.vm_state !== 'error') return refuse('stop');
        transition(s, 'powering-off', 'SHUTOFF', 'stopped');
      } else if (action === 'os-start') {
        if (s.vm_state !== 'stopped') return refuse('start');
        transition(s, 'powering-on', 'ACTIVE', 'active');
      } else if (action === 'reboot') {
        if (s.vm_state !== 'active') return refuse('reboot');
        s.status = 'REBOOT';
        transition(s, 'reboot_started', 'ACTIVE', 'active');
      } else if (action === 'resize') {
        // Nova: only an ACTIVE or SHUTOFF server resizes; the flavor must differ and (booted
        // from an image) its disk must not shrink. RESIZE while it migrates, then VERIFY_RESIZE
        // on the new flavor until confirmResize (or revertResize).
        if (s.vm_state !== 'active' && s.vm_state !== 'stopped') return refuse('resize');
        const flavorRef = (body.resize as { flavorRef?: string } | null)?.flavorRef;
        const to = FLAVORS.find((f) => f.id === flavorRef);
        if (!to) return fault(res, 400, 'badRequest', `Flavor ${flavorRef} could not be found.`);
        if (to.id === s.flavorId) return fault(res, 400, 'badRequest', 'When resizing, instances must change flavor!');
        const from = FLAVORS.find((f) => f.id === s.flavorId)!;
        if (to.disk < from.disk)
          return fault(
            res,
            400,
            'badRequest',
            'Server disk was unable to be resized because: Resizing to a smaller disk flavor is not allowed.',
          );
        s.resizedFrom = { flavorId: s.flavorId, vmState: s.vm_state };
        s.status = 'RESIZE';
        s.task_state = 'resize_prep';
        later(() => {
          s.task_state = null;
          s.flavorId = to.id;
          s.status = 'VERIFY_RESIZE';
          s.vm_state = 'resized';
        });
      } else if (action === 'confirmResize' || action === 'revertResize') {
        if (s.vm_state !== 'resized' || !s.resizedFrom) return refuse(action);
        const before = s.resizedFrom;
        s.resizedFrom = undefined;
        if (action === 'revertResize') s.flavorId = before.flavorId;
        s.status = action === 'revertResize' ? 'REVERT_RESIZE' : s.status;
        transition(
          s,
          action === 'revertResize' ? 'resize_reverting' : 'resize_confirming',
          before.vmState === 'stopped' ? 'SHUTOFF' : 'ACTIVE',
          before.vmState,
        );
        // Nova answers 204 to confirmResize and 202 to revertResize.
        if (action === 'confirmResize') return send(res, 204);
      } else return fault(res, 400, 'badRequest', 'Invalid request body.');
      return send(res, 202);
    }
    if (path === '/compute/v2.1/flavors/detail')
      return send(res, 200, {
        flavors: FLAVORS.map((f) => ({ ...f, swap: 0, 'OS-FLV-EXT-DATA:ephemeral': 0, 'os-flavor-access:is_public': true })),
        flavors_links: [],
      });
    if (path === '/image/v2/images')
      return send(res, 200, {
        images: IMAGES.map((i) => ({ ...i, status: 'active', visibility: 'public' })),
        schema: '/v2/schemas/images',
        first: '/v2/images',
      });

    if (path.startsWith('/metric/')) {
      const failure = gnocchiFailures.shift();
      if (failure)
        return send(
          res,
          failure.status,
          failure.body ?? { code: failure.status, title: 'Service Unavailable', description: 'Injected failure' },
        );
    }
    if ((m = /^\/metric\/v1\/resource\/instance\/([^/]+)$/.exec(path))) {
      // Gnocchi's policy: the resource's project, or admin.
      const s = byId(auth.project, m[1]!);
      if (!s || !measured(s)) return gnocchiError(res, 404, `Resource ${m[1]} does not exist`);
      return send(res, 200, gnocchiResource(s));
    }
    if ((m = /^\/metric\/v1\/metric\/([^/]+)$/.exec(path))) {
      const s = [...projects.values()].flat().find((x) => Object.keys(METRIC_POLICIES).some((n) => metricId(x.id, n) === m![1]));
      const name = s && Object.keys(METRIC_POLICIES).find((n) => metricId(s.id, n) === m![1]);
      if (!s || !name || (!admin && projectOf(s) !== auth.project)) return gnocchiError(res, 404, `Metric ${m[1]} does not exist`);
      const policy = METRIC_POLICIES[name]!;
      // Gnocchi states durations as Python's timedelta prints them: "0:05:00", "30 days, 0:00:00".
      return send(res, 200, {
        id: m[1],
        name,
        unit: name === 'cpu' ? 'ns' : name === 'memory.usage' ? 'MB' : 'B',
        resource_id: s.id,
        archive_policy: {
          name: policy.name,
          back_window: 0,
          aggregation_methods: policy.aggregationMethods,
          definition: POLICY.map((p) => ({
            granularity: timedelta(p.granularity),
            timespan: timedelta(p.timespan),
            points: p.timespan / p.granularity,
          })),
        },
      });
    }
    if ((m = /^\/metric\/v1\/resource\/instance\/([^/]+)\/metric\/([^/]+)\/measures$/.exec(path))) {
      const s = byId(auth.project, m[1]!);
      if (!s || !measured(s)) return gnocchiError(res, 404, `Resource ${m[1]} does not exist`);
      const name = decodeURIComponent(m[2]!);
      if (!METRIC_POLICIES[name]) return gnocchiError(res, 404, `Metric ${name} does not exist`);
      const aggregation = url.searchParams.get('aggregation') ?? 'mean';
      const granularity = Number(url.searchParams.get('granularity') ?? 300);
      if (!METRIC_POLICIES[name]!.aggregationMethods.includes(aggregation) || !POLICY.some((p) => p.granularity === granularity)) {
        return gnocchiError(
          res,
          404,
          `Aggregation method '${aggregation}' at granularity '${granularity}.0' for metric ${metricId(s.id, name)} does not exist`,
        );
      }
      const at = (p: string) => (url.searchParams.has(p) ? Date.parse(url.searchParams.get(p)!) / 1000 : undefined);
      return send(res, 200, measuresOf(s, name, granularity, at('start'), at('stop')));
    }
    if (path === '/metric/v1/aggregates' && method === 'POST') return aggregates(req, res, url, auth.project);
    // Cinder: volume backups of the token's project, newest first, paged by limit/marker.
    if ((m = /^\/volume\/v3\/([^/]+)\/backups\/detail$/.exec(path)) && method === 'GET') {
      if (m[1] !== auth.project)
        return send(res, 403, { forbidden: { code: 403, message: 'Policy does not allow this request to be performed.' } });
      const list = (backups.get(auth.project) ?? []).slice().sort((a, b) => b.created_at.localeCompare(a.created_at));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
      const marker = url.searchParams.get('marker');
      const start = marker ? list.findIndex((b) => b.id === marker) + 1 : 0;
      if (marker && start === 0) return send(res, 400, { badRequest: { code: 400, message: `Marker ${marker} could not be found.` } });
      const page = list.slice(start, start + limit);
      const links =
        start + limit < list.length
          ? [{ rel: 'next', href: `${base}/volume/v3/${auth.project}/backups/detail?limit=${limit}&marker=${page.at(-1)!.id}` }]
          : [];
      return send(res, 200, {
        backups: page.map((b) => ({
          ...b,
          created_at: b.created_at.replace('Z', '').padEnd(26, '0'),
          is_incremental: true,
          object_count: 3,
          container: 'volumebackups',
          availability_zone: 'nova',
        })),
        backups_links: links,
      });
    }
    return fault(res, 404, 'itemNotFound', 'The resource could not be found.');
  }

  const backups = new Map<string, FakeBackup[]>();
  /** A backup run of a server's volume (`at` ISO); `status: 'error'` is a failed run. */
  function addBackup(project: string, server: FakeServer, at: string, status: FakeBackup['status'] = 'available'): FakeBackup {
    const b: FakeBackup = {
      id: stableId(`backup:${server.volumeId}:${at}`),
      name: `${server.name}-${at.slice(0, 10)}`,
      volume_id: server.volumeId,
      status,
      created_at: at,
      size: 40,
      fail_reason: status === 'error' ? 'Backup driver timed out.' : null,
    };
    backups.set(project, [...(backups.get(project) ?? []), b]);
    return b;
  }

  const handler = (req: IncomingMessage, res: ServerResponse) =>
    void handle(req, res).catch(() => send(res, 500, { computeFault: { code: 500, message: 'Unexpected error' } }));
  const server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api = {
    authUrl: `${base}/identity`,
    username: users[0]!.name,
    password: users[0]!.password,
    userDomainName: 'Default',
    projectId: defaultProject,
    otherProjectId: [...projects.keys()][1]!,
    projects,
    networks,
    addServer,
    addBackup,
    /** An application credential made in `project` (default: the default project); `expiresAt` ms. */
    addApplicationCredential(project = defaultProject, expiresAt?: number) {
      const credential = {
        id: randomUUID().replaceAll('-', ''),
        name: `glasspane-${appCredentials.length + 1}`,
        secret: randomUUID(),
        project,
        expiresAt,
      };
      appCredentials.push(credential);
      return credential;
    },
    get authRequests() {
      return authRequests;
    },
    /** Every request so far as `METHOD /path`; `requests.length = 0` starts a new count. */
    requests,
    /**
     * Servers stay in their transitional state (`RESIZE`, `REBOOT`…) until the returned release
     * is called, however slow the machine: a test can observe the state in between.
     */
    holdTransitions(): () => void {
      held ??= [];
      return () => {
        const ended = held ?? [];
        held = undefined;
        for (const end of ended) end();
      };
    },
    /** Every issued token answers 401 from now on. */
    expireTokens() {
      for (const t of tokens.values()) t.expires = 0;
    },
    failNext(n: number, failure: { status: number; body?: unknown }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** The next `n` Gnocchi requests fail (Nova and Keystone answer as usual). */
    failGnocchi(n: number, failure: { status: number; body?: unknown } = { status: 503 }) {
      for (let k = 0; k < n; k++) gnocchiFailures.push(failure);
    },
    garbageNext(n: number) {
      garbage += n;
    },
    reset() {
      failures.length = 0;
      gnocchiFailures.length = 0;
      garbage = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  if (options.seed === 'demo') {
    addServer(defaultProject, { id: demoServerId('web-01'), name: 'web-01', flavorId: 'f-m', load: 0.95 });
    addServer(defaultProject, { id: demoServerId('web-02'), name: 'web-02', flavorId: 'f-m', load: 0.55 });
    // Three years old five days ago: a birthday on the account calendar.
    addServer(defaultProject, {
      id: demoServerId('db-01'),
      name: 'db-01',
      flavorId: 'f-l',
      load: 0.45,
      created: new Date(Date.now() - (3 * 365 + 1 + 5) * 86400_000).toISOString(),
    });
    addServer(defaultProject, {
      id: demoServerId('worker-01'),
      name: 'worker-01',
      flavorId: 'f-s',
      status: 'SHUTOFF',
      vm_state: 'stopped',
      load: 0.3,
    });
    // Weekly backups at 02:00 UTC for four months: web-02's still run, db-01's stopped two weeks ago.
    const list = projects.get(defaultProject)!;
    for (const [name, lastWeek] of [
      ['web-02', 0],
      ['db-01', 2],
    ] as const) {
      const s = list.find((x) => x.name === name)!;
      for (let week: number = lastWeek; week <= 16; week++) {
        const at = new Date(Date.now() - (week * 7 + 1) * 86400_000);
        at.setUTCHours(2, 0, 0, 0);
        addBackup(defaultProject, s, at.toISOString(), name === 'web-02' && week === 5 ? 'error' : 'available');
      }
    }
  }
  return api;
}

export type OpenStackFake = Awaited<ReturnType<typeof startOpenStackFake>>;
