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
  let garbage = 0;
  let authRequests = 0;
  const transitionMs = options.transitionMs ?? 1500;
  let base = '';

  const defaultProject = [...projects.keys()][0]!;
  const maxMicroversion = options.maxMicroversion ?? '2.79';
  /** Each project has its own private network; one external network is shared by all. */
  const networks: FakeNetwork[] = [
    ...[...projects.keys()].map((p) => ({ id: stableId(`net:${p}`), name: `${p.slice(0, 8)}-private`, project_id: p, shared: false, 'router:external': false, status: 'ACTIVE' as const })),
    { id: stableId('net:public'), name: 'public', project_id: 'c0ffee00000000000000000000000000', shared: true, 'router:external': true, status: 'ACTIVE' },
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

  function transition(s: FakeServer, task: string, status: string, vm: string) {
    s.task_state = task;
    setTimeout(() => {
      s.task_state = null;
      s.status = status;
      s.vm_state = vm;
    }, transitionMs).unref();
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
  const byId = (project: string, id: string) => (admin ? [...projects.values()].flat() : (projects.get(project) ?? [])).find((x) => x.id === id);

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
      ...(admin ? { 'OS-EXT-SRV-ATTR:instance_name': instanceName(s), 'OS-EXT-SRV-ATTR:host': 'compute-01', 'OS-EXT-SRV-ATTR:hypervisor_hostname': 'compute-01.fra1' } : {}),
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
    if (metric === 'disk.usage') return f.disk * 1024 ** 3 * Math.min(0.95, 0.3 + (t % (30 * 86400)) / (30 * 86400) * 0.2);
    return busy;
  }

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  }
  const fault = (res: ServerResponse, status: number, name: string, message: string) => send(res, status, { [name]: { code: status, message } });

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
    // Version discovery needs no token.
    const versionDoc = { id: 'v2.1', status: 'CURRENT', version: maxMicroversion, min_version: '2.1', updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${base}/compute/v2.1/` }] };
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
      const endpoint = (type: string, name: string, url: string) => ({ type, name, id: randomUUID(), endpoints: ['public', 'internal'].map((i) => ({ id: randomUUID(), interface: i, region_id: 'RegionOne', region: 'RegionOne', url })) });
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
            roles: [{ id: randomUUID(), name: 'member' }, { id: randomUUID(), name: 'reader' }, ...(admin ? [{ id: randomUUID(), name: 'admin' }] : [])],
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
    if (!auth || auth.expires < Date.now()) return send(res, 401, { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } });
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html>502 Bad Gateway</html>');
    }
    const servers = projects.get(auth.project)!;
    let m: RegExpExecArray | null;

    // Nova answers a microversion it does not serve with 406; none asked means 2.1.
    const asked = path.startsWith('/compute/') ? ((req.headers['x-openstack-nova-api-version'] as string | undefined) ?? '2.1') : undefined;
    if (asked && (!/^\d+\.\d+$/.test(asked) || compareMicroversions(asked, maxMicroversion) > 0 || compareMicroversions(asked, '2.1') < 0)) {
      return fault(res, 406, 'computeFault', `Version ${asked} is not supported by the API. Minimum is 2.1 and maximum is ${maxMicroversion}.`);
    }

    if (path === '/network/v2.0/networks' && method === 'GET') {
      const visible = networks.filter((n) => admin || n.project_id === auth.project || n.shared);
      const project = url.searchParams.get('project_id');
      return send(res, 200, { networks: visible.filter((n) => !project || n.project_id === project).map((n) => ({ ...n, tenant_id: n.project_id, admin_state_up: true, subnets: [stableId(`subnet:${n.id}`)] })) });
    }

    if (path === '/compute/v2.1/servers/detail' && method === 'GET') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
      const marker = url.searchParams.get('marker');
      const start = marker ? servers.findIndex((s) => s.id === marker) + 1 : 0;
      if (marker && start === 0) return fault(res, 400, 'badRequest', `marker [${marker}] not found`);
      const page = servers.slice(start, start + limit);
      const links = start + limit < servers.length ? [{ rel: 'next', href: `${base}/compute/v2.1/servers/detail?limit=${limit}&marker=${page.at(-1)!.id}` }] : [];
      return send(res, 200, { servers: page.map(toNova), servers_links: links });
    }
    if ((m = /^\/compute\/v2\.1\/servers\/([^/]+)$/.exec(path)) && method === 'GET') {
      const s = byId(auth.project, m[1]!);
      return s ? send(res, 200, { server: toNova(s) }) : fault(res, 404, 'itemNotFound', 'Instance could not be found.');
    }
    if (path === '/compute/v2.1/servers' && method === 'POST') {
      const body = (await readBody(req).catch(() => undefined))?.server;
      if (!body?.name || !FLAVORS.some((f) => f.id === body.flavorRef) || !IMAGES.some((i) => i.id === body.imageRef)) return fault(res, 400, 'badRequest', 'Invalid flavorRef or imageRef provided.');
      let networkIds: string[] = [];
      if (compareMicroversions(asked!, '2.37') >= 0) {
        const n = body.networks;
        if (n === undefined) return fault(res, 400, 'badRequest', "Invalid input for field/attribute server. Value: … 'networks' is a required property");
        if (n === 'auto' && !options.autoAllocate) return fault(res, 400, 'badRequest', `Unable to automatically allocate a network for project ${auth.project}`);
        if (Array.isArray(n)) networkIds = n.map((x: { uuid?: string }) => x.uuid ?? '');
        else if (n !== 'auto' && n !== 'none') return fault(res, 400, 'badRequest', "Invalid input for field/attribute networks.");
      } else if (Array.isArray(body.networks)) networkIds = body.networks.map((x: { uuid?: string }) => x.uuid ?? '');
      // Neutron's policy: a port on another project's network needs admin; on an unknown one, nothing.
      const unknown = networkIds.find((id) => !networks.some((n) => n.id === id && (admin || n.project_id === auth.project || n.shared)));
      if (unknown !== undefined) return fault(res, 400, 'badRequest', `Network ${unknown} could not be found.`);
      if (servers.length >= (options.quota ?? 20)) return fault(res, 403, 'forbidden', `Quota exceeded for instances: Requested 1, but already used ${servers.length} of ${options.quota ?? 20} instances`);
      const s = addServer(auth.project, { name: body.name, flavorId: body.flavorRef, imageId: body.imageRef, status: 'BUILD', vm_state: 'building', created: new Date().toISOString(), networkIds });
      transition(s, 'spawning', 'ACTIVE', 'active');
      return send(res, 202, { server: { id: s.id, links: [], adminPass: 'generated', security_groups: [{ name: 'default' }], 'OS-DCF:diskConfig': 'MANUAL' } }, { location: `${base}/compute/v2.1/servers/${s.id}` });
    }
    if ((m = /^\/compute\/v2\.1\/servers\/([^/]+)\/action$/.exec(path)) && method === 'POST') {
      const s = byId(auth.project, m[1]!);
      if (!s) return fault(res, 404, 'itemNotFound', 'Instance could not be found.');
      const body = (await readBody(req).catch(() => ({}))) ?? {};
      const action = Object.keys(body)[0];
      const refuse = (name: string) => fault(res, 409, 'conflictingRequest', `Cannot '${name}' instance ${s.id} while it is in vm_state ${s.vm_state}`);
      if (s.task_state) return fault(res, 409, 'conflictingRequest', `Cannot '${action}' instance ${s.id} while it is in task_state ${s.task_state}`);
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
        if (to.disk < from.disk) return fault(res, 400, 'badRequest', 'Server disk was unable to be resized because: Resizing to a smaller disk flavor is not allowed.');
        s.resizedFrom = { flavorId: s.flavorId, vmState: s.vm_state };
        s.status = 'RESIZE';
        s.task_state = 'resize_prep';
        setTimeout(() => {
          s.task_state = null;
          s.flavorId = to.id;
          s.status = 'VERIFY_RESIZE';
          s.vm_state = 'resized';
        }, transitionMs).unref();
      } else if (action === 'confirmResize' || action === 'revertResize') {
        if (s.vm_state !== 'resized' || !s.resizedFrom) return refuse(action);
        const before = s.resizedFrom;
        s.resizedFrom = undefined;
        if (action === 'revertResize') s.flavorId = before.flavorId;
        s.status = action === 'revertResize' ? 'REVERT_RESIZE' : s.status;
        transition(s, action === 'revertResize' ? 'resize_reverting' : 'resize_confirming', before.vmState === 'stopped' ? 'SHUTOFF' : 'ACTIVE', before.vmState);
        // Nova answers 204 to confirmResize and 202 to revertResize.
        if (action === 'confirmResize') return send(res, 204);
      } else return fault(res, 400, 'badRequest', 'Invalid request body.');
      return send(res, 202);
    }
    if (path === '/compute/v2.1/flavors/detail') return send(res, 200, { flavors: FLAVORS.map((f) => ({ ...f, swap: 0, 'OS-FLV-EXT-DATA:ephemeral': 0, 'os-flavor-access:is_public': true })), flavors_links: [] });
    if (path === '/image/v2/images') return send(res, 200, { images: IMAGES.map((i) => ({ ...i, status: 'active', visibility: 'public' })), schema: '/v2/schemas/images', first: '/v2/images' });

    if ((m = /^\/metric\/v1\/resource\/instance\/([^/]+)$/.exec(path))) {
      // Gnocchi's policy: the resource's project, or admin.
      const s = byId(auth.project, m[1]!);
      if (!s) return send(res, 404, { description: `Resource ${m[1]} does not exist` });
      const owner = projectOf(s);
      return send(res, 200, { id: s.id, type: 'instance', original_resource_id: s.id, project_id: owner, user_id: users[0]!.id, created_by_project_id: owner, created_by_user_id: users[0]!.id, display_name: s.name, flavor_id: s.flavorId, image_ref: s.imageId, host: 'compute-01', started_at: s.created, ended_at: null, metrics: { cpu: `cpu-${s.id}`, 'memory.usage': `mem-${s.id}`, 'disk.usage': `disk-${s.id}` } });
    }
    if ((m = /^\/metric\/v1\/metric\/([^/]+)$/.exec(path))) {
      // Gnocchi states durations as Python's timedelta prints them: "0:05:00", "30 days, 0:00:00".
      return send(res, 200, { id: m[1], archive_policy: { name: 'glasspane', definition: POLICY.map((p) => ({ granularity: timedelta(p.granularity), timespan: timedelta(p.timespan), points: p.timespan / p.granularity })) } });
    }
    if ((m = /^\/metric\/v1\/resource\/instance\/([^/]+)\/metric\/([^/]+)\/measures$/.exec(path))) {
      const s = byId(auth.project, m[1]!);
      if (!s) return send(res, 404, { description: `Resource ${m[1]} does not exist` });
      const granularity = Number(url.searchParams.get('granularity') ?? 300);
      const policy = POLICY.find((p) => p.granularity === granularity);
      if (!policy) return send(res, 404, { description: `Granularity '${granularity}' for metric ${m[2]} does not exist` });
      const stop = Math.min(Date.parse(url.searchParams.get('stop') ?? '') || Date.now(), Date.now()) / 1000;
      const start = Math.max(Date.parse(url.searchParams.get('start') ?? '') / 1000 || stop - 86400, stop - policy.timespan);
      const out: [string, number, number][] = [];
      if (s.vm_state === 'active') {
        const f = FLAVORS.find((x) => x.id === s.flavorId)!;
        for (let t = Math.ceil(start / granularity) * granularity; t <= stop; t += granularity) {
          const v = value(s, m[2]!, t);
          // cpu is cumulative ns; rate:mean gives ns used per granularity period.
          const rate = m[2] === 'cpu' ? v * granularity * 1e9 * f.vcpus : v;
          out.push([new Date(t * 1000).toISOString().replace('.000Z', '+00:00'), granularity, rate]);
        }
      }
      return send(res, 200, out);
    }
    // Cinder: volume backups of the token's project, newest first, paged by limit/marker.
    if ((m = /^\/volume\/v3\/([^/]+)\/backups\/detail$/.exec(path)) && method === 'GET') {
      if (m[1] !== auth.project) return send(res, 403, { forbidden: { code: 403, message: 'Policy does not allow this request to be performed.' } });
      const list = (backups.get(auth.project) ?? []).slice().sort((a, b) => b.created_at.localeCompare(a.created_at));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
      const marker = url.searchParams.get('marker');
      const start = marker ? list.findIndex((b) => b.id === marker) + 1 : 0;
      if (marker && start === 0) return send(res, 400, { badRequest: { code: 400, message: `Marker ${marker} could not be found.` } });
      const page = list.slice(start, start + limit);
      const links = start + limit < list.length ? [{ rel: 'next', href: `${base}/volume/v3/${auth.project}/backups/detail?limit=${limit}&marker=${page.at(-1)!.id}` }] : [];
      return send(res, 200, { backups: page.map((b) => ({ ...b, created_at: b.created_at.replace('Z', '').padEnd(26, '0'), is_incremental: true, object_count: 3, container: 'volumebackups', availability_zone: 'nova' })), backups_links: links });
    }
    return fault(res, 404, 'itemNotFound', 'The resource could not be found.');
  }

  const backups = new Map<string, FakeBackup[]>();
  /** A backup run of a server's volume (`at` ISO); `status: 'error'` is a failed run. */
  function addBackup(project: string, server: FakeServer, at: string, status: FakeBackup['status'] = 'available'): FakeBackup {
    const b: FakeBackup = { id: stableId(`backup:${server.volumeId}:${at}`), name: `${server.name}-${at.slice(0, 10)}`, volume_id: server.volumeId, status, created_at: at, size: 40, fail_reason: status === 'error' ? 'Backup driver timed out.' : null };
    backups.set(project, [...(backups.get(project) ?? []), b]);
    return b;
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => void handle(req, res).catch(() => send(res, 500, { computeFault: { code: 500, message: 'Unexpected error' } }));
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
      const credential = { id: randomUUID().replaceAll('-', ''), name: `glasspane-${appCredentials.length + 1}`, secret: randomUUID(), project, expiresAt };
      appCredentials.push(credential);
      return credential;
    },
    get authRequests() {
      return authRequests;
    },
    /** Every issued token answers 401 from now on. */
    expireTokens() {
      for (const t of tokens.values()) t.expires = 0;
    },
    failNext(n: number, failure: { status: number; body?: unknown }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    garbageNext(n: number) {
      garbage += n;
    },
    reset() {
      failures.length = 0;
      garbage = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  if (options.seed === 'demo') {
    addServer(defaultProject, { id: demoServerId('web-01'), name: 'web-01', flavorId: 'f-m', load: 0.95 });
    addServer(defaultProject, { id: demoServerId('web-02'), name: 'web-02', flavorId: 'f-m', load: 0.55 });
    // Three years old five days ago: a birthday on the account calendar.
    addServer(defaultProject, { id: demoServerId('db-01'), name: 'db-01', flavorId: 'f-l', load: 0.45, created: new Date(Date.now() - (3 * 365 + 1 + 5) * 86400_000).toISOString() });
    addServer(defaultProject, { id: demoServerId('worker-01'), name: 'worker-01', flavorId: 'f-s', status: 'SHUTOFF', vm_state: 'stopped', load: 0.3 });
    // Weekly backups at 02:00 UTC for four months: web-02's still run, db-01's stopped two weeks ago.
    const list = projects.get(defaultProject)!;
    for (const [name, lastWeek] of [['web-02', 0], ['db-01', 2]] as const) {
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
