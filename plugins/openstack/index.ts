import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  definePlugin,
  ProviderError,
  ComputeProviderToken,
  type ComputeProvider,
  type CreateServerInput,
  type Flavor,
  type PowerAction,
  type Server,
  MetricsProviderToken,
  type Metric,
  type MetricRange,
  type MetricSample,
  type MetricsProvider,
  EventSourceToken,
  PluginConfigError,
} from '@glasspane/host';
import { OpenStackClient, PLUGIN_ID, type OpenStackOptions } from './client.js';
import { OpenStackBackupEvents } from './backups.js';
import { toFlavor, toServer, type NovaFlavor, type NovaServer } from './mapper.js';

export { OpenStackClient } from './client.js';

/**
 * Nova's actions. `os-stop` is Nova's graceful stop: the compute host asks the guest to shut
 * down (ACPI) and powers it off only after `shutdown_timeout` (60 s by default); `reboot` SOFT
 * likewise signals the guest first.
 */
const ACTION_BODY: Record<PowerAction, unknown> = {
  start: { 'os-start': null },
  stop: { 'os-stop': null },
  reboot: { reboot: { type: 'SOFT' } },
};

/** The answer for a server that is not the scope's: the same as for one that does not exist. */
const noSuchServer = () =>
  new ProviderError(PLUGIN_ID, 'OpenStack has no such server in this project.', { status: 404, code: 'not_found' });

/**
 * Servers in an OpenStack project through Nova (and image names from Glance).
 *
 * Nova's policy lets a project reader OR an admin read and act on a server by id, so a service
 * user with the admin role reaches every project's servers that way. Every by-id call therefore
 * reads the server first and goes on only when its `tenant_id` is the scope's project; anything
 * else is "no such server", and no action is sent. Listing without `all_tenants` stays scoped.
 */
export class OpenStackComputeProvider implements ComputeProvider {
  readonly source = PLUGIN_ID;
  readonly #pollMs: number;
  readonly #resizeTimeoutMs: number;
  readonly #networkIds: readonly string[];
  constructor(
    readonly client: OpenStackClient,
    options: {
      /** How often a resize is polled (default 2 s). */
      pollMs?: number;
      /** How long a resize may take (default 30 min). */
      resizeTimeoutMs?: number;
      /** Networks new servers attach to (OPENSTACK_NETWORK_IDS); unset: the project's own. */
      networkIds?: readonly string[];
    } = {},
  ) {
    this.#pollMs = options.pollMs ?? 2000;
    this.#resizeTimeoutMs = options.resizeTimeoutMs ?? 30 * 60_000;
    this.#networkIds = options.networkIds ?? [];
  }

  async listServers(scope: string, signal?: AbortSignal): Promise<Server[]> {
    const servers = await this.novaServers(scope, signal);
    const images = await this.#imageNames(scope, signal).catch(() => new Map<string, string>());
    return servers.map((s) => toServer(s, images));
  }

  /** Nova's own server records, every page (`servers_links` next). */
  async novaServers(scope: string, signal?: AbortSignal): Promise<NovaServer[]> {
    const servers: NovaServer[] = [];
    let next: string | undefined = '/servers/detail?limit=100';
    for (let page = 0; next && page < 100; page++) {
      const res: { data: { servers: NovaServer[]; servers_links?: { rel: string; href: string }[] } } = await this.client.request(
        scope,
        'compute',
        'GET',
        next,
        undefined,
        signal,
      );
      servers.push(...res.data.servers);
      next = res.data.servers_links?.find((l) => l.rel === 'next')?.href;
    }
    return servers;
  }

  async getServer(scope: string, id: string, signal?: AbortSignal): Promise<Server | undefined> {
    const server = await this.novaServer(scope, id, signal);
    return server && toServer(server, await this.#imageNames(scope, signal).catch(() => new Map()));
  }

  /** Nova's record of a server of `scope`'s project; undefined when there is none or it belongs to another project. */
  async novaServer(scope: string, id: string, signal?: AbortSignal): Promise<NovaServer | undefined> {
    try {
      const res = await this.client.request<{ server: NovaServer }>(
        scope,
        'compute',
        'GET',
        `/servers/${encodeURIComponent(id)}`,
        undefined,
        signal,
      );
      return res.data.server.tenant_id === scope ? res.data.server : undefined;
    } catch (err) {
      if (err instanceof ProviderError && err.status === 404) return undefined;
      throw err;
    }
  }

  async listFlavors(scope: string, signal?: AbortSignal): Promise<Flavor[]> {
    const res = await this.client.request<{ flavors: NovaFlavor[] }>(scope, 'compute', 'GET', '/flavors/detail', undefined, signal);
    return res.data.flavors.map(toFlavor);
  }

  async listImages(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
    const images: { id: string; name: string }[] = [];
    let next: string | undefined = '/v2/images?limit=100&status=active';
    for (let page = 0; next && page < 50; page++) {
      const res: { data: { images: { id: string; name: string }[]; next?: string } } = await this.client.request(
        scope,
        'image',
        'GET',
        next,
        undefined,
        signal,
      );
      images.push(...res.data.images.map((i) => ({ id: i.id, name: i.name })));
      next = res.data.next;
    }
    return images;
  }

  /**
   * The project's own networks that are up and not external, through Neutron. Neutron lists
   * every project's networks to an admin, so only those whose `project_id` is the scope's
   * count (asked with `?project_id=` and checked on each).
   */
  async projectNetworks(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
    type Network = { id: string; name: string; project_id?: string; tenant_id?: string; status: string; 'router:external'?: boolean };
    const res = await this.client.request<{ networks: Network[] }>(
      scope,
      'network',
      'GET',
      `/v2.0/networks?project_id=${encodeURIComponent(scope)}`,
      undefined,
      signal,
    );
    return res.data.networks
      .filter((n) => (n.project_id ?? n.tenant_id) === scope && n.status === 'ACTIVE' && !n['router:external'])
      .map((n) => ({ id: n.id, name: n.name }));
  }

  /**
   * The `networks` of a create: the one asked for; else OPENSTACK_NETWORK_IDS; else the
   * project's own networks; else `"auto"` (Nova allocates one where the cloud has Neutron's
   * auto-allocated topology, and refuses with a message saying so where it has not).
   * Since microversion 2.37 Nova requires the field.
   */
  async #networksFor(scope: string, input: CreateServerInput, signal?: AbortSignal): Promise<{ uuid: string }[] | 'auto'> {
    if (input.networkId) {
      const own = await this.projectNetworks(scope, signal);
      const allowed = own.some((n) => n.id === input.networkId) || this.#networkIds.includes(input.networkId);
      if (!allowed)
        throw new ProviderError(PLUGIN_ID, `OpenStack has no network "${input.networkId}" in this project.`, {
          failure: 'invalid',
          code: 'invalid',
        });
      return [{ uuid: input.networkId }];
    }
    if (this.#networkIds.length) return this.#networkIds.map((uuid) => ({ uuid }));
    const own = await this.projectNetworks(scope, signal);
    return own.length ? own.map((n) => ({ uuid: n.id })) : 'auto';
  }

  async createServer(scope: string, input: CreateServerInput, signal?: AbortSignal): Promise<Server> {
    const networks = await this.#networksFor(scope, input, signal);
    const res = await this.client
      .request<{ server: { id: string } }>(
        scope,
        'compute',
        'POST',
        '/servers',
        { server: { name: input.name, imageRef: input.imageId, flavorRef: input.flavorId, networks } },
        signal,
      )
      .catch((err: unknown) => {
        if (networks === 'auto' && err instanceof ProviderError && err.failure === 'invalid' && /allocate a network/i.test(err.detail)) {
          throw new ProviderError(
            PLUGIN_ID,
            'The project has no network of its own and OpenStack cannot allocate one; the provider sets OPENSTACK_NETWORK_IDS or creates a network in the project.',
            { failure: 'unavailable', code: 'provider_misconfigured', cause: err },
          );
        }
        throw err;
      });
    const created = await this.getServer(scope, res.data.server.id, signal);
    if (!created) throw new ProviderError(PLUGIN_ID, 'Nova accepted the server but does not show it.', { code: 'provider_bad_response' });
    return created;
  }

  async powerAction(scope: string, id: string, action: PowerAction, signal?: AbortSignal): Promise<void> {
    if (!(await this.novaServer(scope, id, signal))) throw noSuchServer();
    await this.client.request(scope, 'compute', 'POST', `/servers/${encodeURIComponent(id)}/action`, ACTION_BODY[action], signal);
  }

  /**
   * Nova's resize: `resize` to the flavor, wait for `VERIFY_RESIZE`, `confirmResize`, wait for
   * `ACTIVE` (or `SHUTOFF` for a stopped server). A cloud with `resize_confirm_window` confirms
   * by itself: a server already settled on the new flavor needs no confirmation. Nova's
   * refusal (same flavor, smaller disk, wrong state) rejects with its message; a resize that
   * ends in `ERROR` or back on the old flavor rejects with the server's fault.
   */
  async resize(scope: string, id: string, flavorId: string, signal?: AbortSignal): Promise<Server> {
    if (!(await this.novaServer(scope, id, signal))) throw noSuchServer();
    const flavor = (await this.listFlavors(scope, signal)).find((f) => f.id === flavorId);
    if (!flavor)
      throw new ProviderError(PLUGIN_ID, `OpenStack has no flavor "${flavorId}" for this project.`, { status: 422, code: 'invalid' });
    // At microversion 2.47+ a server embeds its flavor by name only.
    const onTarget = (s: Server) => s.flavor?.name === flavor.name || s.flavor?.id === flavor.id;
    const path = `/servers/${encodeURIComponent(id)}/action`;
    await this.client.request(scope, 'compute', 'POST', path, { resize: { flavorRef: flavorId } }, signal);
    const resized = await this.#waitFor(
      scope,
      id,
      (s) => s.providerStatus === 'VERIFY_RESIZE' || ((s.providerStatus === 'ACTIVE' || s.providerStatus === 'SHUTOFF') && !s.task),
      signal,
    );
    if (resized.providerStatus === 'VERIFY_RESIZE') {
      await this.client.request(scope, 'compute', 'POST', path, { confirmResize: null }, signal);
    } else if (!onTarget(resized)) {
      throw new ProviderError(
        PLUGIN_ID,
        `OpenStack did not resize the server${resized.fault ? `: ${resized.fault}` : '; it is still on its old flavor.'}`,
        { status: 409, code: 'resize_failed' },
      );
    }
    const done = await this.#waitFor(
      scope,
      id,
      (s) => (s.providerStatus === 'ACTIVE' || s.providerStatus === 'SHUTOFF') && !s.task,
      signal,
    );
    if (!onTarget(done))
      throw new ProviderError(PLUGIN_ID, 'OpenStack confirmed the resize but the server is not on the new flavor.', {
        status: 409,
        code: 'resize_failed',
      });
    return done;
  }

  /** Polls the server until `settled`; an `ERROR` state or the time limit rejects. */
  async #waitFor(scope: string, id: string, settled: (s: Server) => boolean, signal?: AbortSignal): Promise<Server> {
    const until = Date.now() + this.#resizeTimeoutMs;
    for (;;) {
      const s = await this.getServer(scope, id, signal);
      if (!s) throw noSuchServer();
      if (s.providerStatus === 'ERROR')
        throw new ProviderError(PLUGIN_ID, `The resize failed at OpenStack${s.fault ? `: ${s.fault}` : '.'}`, {
          status: 409,
          code: 'resize_failed',
        });
      if (settled(s)) return s;
      if (Date.now() > until)
        throw new ProviderError(
          PLUGIN_ID,
          `The resize did not finish within ${Math.round(this.#resizeTimeoutMs / 60_000)} minutes (the server is ${s.providerStatus}).`,
          { code: 'provider_timeout' },
        );
      await new Promise((r) => setTimeout(r, this.#pollMs));
      signal?.throwIfAborted();
    }
  }

  readonly #imageCache = new Map<string, { at: number; names: Map<string, string> }>();
  async #imageNames(scope: string, signal?: AbortSignal): Promise<Map<string, string>> {
    const cached = this.#imageCache.get(scope);
    if (cached && Date.now() - cached.at < 300_000) return cached.names;
    const names = new Map((await this.listImages(scope, signal)).map((i) => [i.id, i.name]));
    this.#imageCache.set(scope, { at: Date.now(), names });
    return names;
  }
}

/** Gnocchi metric names per Glasspane metric; bandwidth lives on interface resources and is not read yet. */
const GNOCCHI: Partial<
  Record<Metric, { name: string; aggregation: string; convert: (v: number, granularity: number, vcpus: number) => number }>
> = {
  cpu: { name: 'cpu', aggregation: 'rate:mean', convert: (ns, g, vcpus) => Math.min(100, (ns / (g * 1e9 * Math.max(1, vcpus))) * 100) },
  memory: { name: 'memory.usage', aggregation: 'mean', convert: (mb) => mb },
  disk: { name: 'disk.usage', aggregation: 'mean', convert: (bytes) => bytes / 1024 ** 3 },
};

/** Instances per aggregates query: bounds the request body and Gnocchi's work per call. */
const AGGREGATE_CHUNK = 500;
/** How far back "current" looks: the newest sample within it is the current value. */
const CURRENT_WINDOW_MS = 30 * 60_000;
/** `current` prefers a granularity of a minute or more, and never one coarser than the window. */
const CURRENT_GRANULARITY = 60;

type Measures = [string, number, number][];
/** The aggregates API's answer for `(metric …)` over a resource search: resource id → metric → aggregation → measures. */
type AggregatesAnswer = { measures?: Record<string, Record<string, Record<string, Measures>>> };

/**
 * The newest measure of the finest granularity of at least a minute (and at most the window)
 * that has any, converted: what `current` takes from the per-metric measures.
 */
function latest(points: Measures | undefined, spec: NonNullable<(typeof GNOCCHI)[Metric]>, vcpus: number): MetricSample | undefined {
  if (!points?.length) return undefined;
  const granularities = [...new Set(points.map(([, g]) => g))].filter((g) => g <= CURRENT_WINDOW_MS / 1000).sort((a, b) => a - b);
  const g = granularities.find((x) => x >= CURRENT_GRANULARITY) ?? granularities.at(-1);
  const last = points
    .filter(([, pg]) => pg === g)
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .at(-1);
  return last && { at: new Date(last[0]).toISOString(), value: Math.round(spec.convert(last[2], last[1], vcpus) * 1000) / 1000 };
}

/** Usage from Gnocchi measures, at a granularity the metric's archive policy has. */
export class OpenStackMetricsProvider implements MetricsProvider {
  readonly source = PLUGIN_ID;
  readonly #policies = new Map<string, number[]>();
  readonly #ownedAt = new Map<string, number>();
  readonly #now: () => Date;
  constructor(
    readonly client: OpenStackClient,
    private readonly compute: OpenStackComputeProvider,
    options: { now?: () => Date } = {},
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  async current(scope: string, serverId: string, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricSample>>> {
    const end = this.#now();
    const out: Partial<Record<Metric, MetricSample>> = {};
    for (const metric of Object.keys(GNOCCHI) as Metric[]) {
      const samples = await this.history(
        scope,
        serverId,
        metric,
        { start: new Date(end.getTime() - CURRENT_WINDOW_MS), end, granularitySeconds: CURRENT_GRANULARITY },
        signal,
      ).catch(() => []);
      const last = samples.at(-1);
      if (last) out[metric] = last;
    }
    return out;
  }

  /**
   * Many servers' current usage in a few calls: one listing of the project's servers (which
   * of the ids are the project's, and their vCPUs for the cpu percentage) and one Gnocchi
   * aggregates query per {@link AGGREGATE_CHUNK} servers for every metric at once:
   * `POST /v1/aggregates` with `resource_type: instance`, a `search` for the project's
   * `project_id` AND the ids (an admin's search would otherwise reach every project's
   * instances), `(metric (cpu rate:mean) (memory.usage mean) (disk.usage mean))` and the
   * last 30 minutes. Gnocchi answers every granularity the metrics have in common; the finest
   * of at least a minute is taken, as `current` takes from the archive policy.
   *
   * No instance resource with those metrics (a 404 "Metric … does not exist") is no usage,
   * not an error. Metrics Gnocchi cannot query together (an aggregation missing from one's
   * archive policy, no granularity in common) are queried one metric at a time, and a metric
   * it refuses alone is left out, as `current` leaves it out.
   */
  async currentMany(
    scope: string,
    serverIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Partial<Record<Metric, MetricSample>>>> {
    const out = new Map<string, Partial<Record<Metric, MetricSample>>>();
    if (!serverIds.length) return out;
    const vcpus = new Map(
      (await this.compute.novaServers(scope, signal)).filter((s) => s.tenant_id === scope).map((s) => [s.id, s.flavor?.vcpus ?? 1]),
    );
    const ids = [...new Set(serverIds)].filter((id) => vcpus.has(id));
    const end = this.#now();
    const start = new Date(end.getTime() - CURRENT_WINDOW_MS);
    const specs = Object.entries(GNOCCHI) as [Metric, NonNullable<(typeof GNOCCHI)[Metric]>][];
    for (let i = 0; i < ids.length; i += AGGREGATE_CHUNK) {
      const chunk = ids.slice(i, i + AGGREGATE_CHUNK);
      const measures = await this.#aggregates(scope, chunk, specs, start, end, signal);
      for (const id of chunk) {
        const sample: Partial<Record<Metric, MetricSample>> = {};
        for (const [metric, spec] of specs) {
          const s = latest(measures[id]?.[spec.name]?.[spec.aggregation], spec, vcpus.get(id) ?? 1);
          if (s) sample[metric] = s;
        }
        if (Object.keys(sample).length) out.set(id, sample);
      }
    }
    return out;
  }

  /** One aggregates query for `ids` (falling back to one per metric, see currentMany): resource id → metric → aggregation → measures. */
  async #aggregates(
    scope: string,
    ids: string[],
    specs: [Metric, NonNullable<(typeof GNOCCHI)[Metric]>][],
    start: Date,
    end: Date,
    signal?: AbortSignal,
  ): Promise<NonNullable<AggregatesAnswer['measures']>> {
    const query = new URLSearchParams({ start: start.toISOString(), stop: end.toISOString() });
    const ask = async (metrics: typeof specs) => {
      const body = {
        resource_type: 'instance',
        search: { and: [{ '=': { project_id: scope } }, { in: { id: ids } }] },
        operations: `(metric ${metrics.map(([, s]) => `(${s.name} ${s.aggregation})`).join(' ')})`,
      };
      try {
        return (
          (await this.client.request<AggregatesAnswer>(scope, 'metric', 'POST', `/v1/aggregates?${query}`, body, signal)).data?.measures ??
          {}
        );
      } catch (err) {
        // No instance of these has the metrics (yet): Gnocchi's "Metric ['cpu', …] does not exist".
        if (err instanceof ProviderError && err.upstreamStatus === 404 && /^Metric \[.*\] does not exist/.test(err.message)) return {};
        throw err;
      }
    };
    try {
      return await ask(specs);
    } catch (err) {
      const apart =
        err instanceof ProviderError &&
        ((err.upstreamStatus === 404 && /unknown aggregation/i.test(err.message)) ||
          (err.upstreamStatus === 400 && /cannot be aggregated/i.test(err.message)));
      if (!apart) throw err;
    }
    const merged: NonNullable<AggregatesAnswer['measures']> = {};
    for (const spec of specs) {
      const part = await ask([spec]).catch((err: unknown) => {
        if (err instanceof ProviderError && (err.upstreamStatus === 400 || err.upstreamStatus === 404)) return {};
        throw err;
      });
      for (const [id, metrics] of Object.entries(part)) Object.assign((merged[id] ??= {}), metrics);
    }
    return merged;
  }

  async history(scope: string, serverId: string, metric: Metric, range: MetricRange, signal?: AbortSignal): Promise<MetricSample[]> {
    const spec = GNOCCHI[metric];
    if (!spec) return [];
    await this.#owned(scope, serverId, signal);
    const granularity = await this.#granularity(scope, serverId, spec.name, range.granularitySeconds ?? 300, signal);
    const vcpus = metric === 'cpu' ? ((await this.compute.getServer(scope, serverId, signal))?.flavor?.vcpus ?? 1) : 1;
    const query = new URLSearchParams({
      aggregation: spec.aggregation,
      granularity: String(granularity),
      start: range.start.toISOString(),
      stop: range.end.toISOString(),
    });
    const res = await this.client.request<[string, number, number][]>(
      scope,
      'metric',
      'GET',
      `/v1/resource/instance/${encodeURIComponent(serverId)}/metric/${spec.name}/measures?${query}`,
      undefined,
      signal,
    );
    return res.data.map(([at, g, value]) => ({
      at: new Date(at).toISOString(),
      value: Math.round(spec.convert(value, g, vcpus) * 1000) / 1000,
    }));
  }

  /**
   * Refuses a server of another project: Gnocchi, like Nova, lets an admin read any project's
   * resource, so the instance resource's `project_id` must be the scope's. Confirmed answers
   * are remembered for five minutes (a server never changes project).
   */
  async #owned(scope: string, serverId: string, signal?: AbortSignal): Promise<void> {
    const key = `${scope}\u0000${serverId}`;
    const at = this.#ownedAt.get(key);
    if (at && Date.now() - at < 300_000) return;
    let project: string | undefined;
    try {
      project = (
        await this.client.request<{ project_id?: string }>(
          scope,
          'metric',
          'GET',
          `/v1/resource/instance/${encodeURIComponent(serverId)}`,
          undefined,
          signal,
        )
      ).data.project_id;
    } catch (err) {
      if (!(err instanceof ProviderError && err.status === 404)) throw err;
    }
    if (project !== scope)
      throw new ProviderError(PLUGIN_ID, 'Gnocchi has no such server in this project.', { status: 404, code: 'not_found' });
    if (this.#ownedAt.size > 10_000) this.#ownedAt.clear();
    this.#ownedAt.set(key, Date.now());
  }

  /** The finest granularity of the archive policy that is not finer than asked. */
  async #granularity(scope: string, serverId: string, name: string, wanted: number, signal?: AbortSignal): Promise<number> {
    let available = this.#policies.get(name);
    if (!available) {
      const resource = await this.client.request<{ metrics: Record<string, string> }>(
        scope,
        'metric',
        'GET',
        `/v1/resource/instance/${encodeURIComponent(serverId)}`,
        undefined,
        signal,
      );
      const metricId = resource.data.metrics[name];
      if (!metricId)
        throw new ProviderError(PLUGIN_ID, `Gnocchi measures no "${name}" for this server.`, { status: 404, code: 'not_found' });
      const m = await this.client.request<{ archive_policy: { definition: { granularity: number | string }[] } }>(
        scope,
        'metric',
        'GET',
        `/v1/metric/${metricId}`,
        undefined,
        signal,
      );
      available = m.data.archive_policy.definition.map((d) => seconds(d.granularity)).sort((a, b) => a - b);
      this.#policies.set(name, available);
    }
    return available.find((g) => g >= wanted) ?? available.at(-1) ?? wanted;
  }
}

/** Gnocchi states durations as seconds or as Python's timedelta prints them ("0:05:00", "1 day, 0:00:00"). */
export function seconds(g: number | string): number {
  if (typeof g === 'number') return g;
  const m = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(g.trim());
  if (!m) return Number(g);
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

const config = z
  .object({
    authUrl: z.url(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** An application credential (id and secret) instead of a user's password. */
    applicationCredentialId: z.string().min(1).optional(),
    applicationCredentialSecret: z.string().min(1).optional(),
    projectId: z.string().min(1),
    userDomainName: z.string().min(1).default('Default'),
    interface: z.enum(['public', 'internal', 'admin']).default('public'),
    region: z.string().optional(),
    /** Networks new servers attach to; unset: the project's own non-external networks. */
    networkIds: z.array(z.string().min(1)).default([]),
    timeoutMs: z.number().int().min(100).default(15_000),
    /** A file with the PEM of the CA that signs the cloud's certificates (a private CA). */
    caFile: z.string().min(1).optional(),
    /** How often a resize is polled until Nova settles (ms). */
    resizePollMs: z.number().int().min(10).default(2000),
  })
  .refine((c) => (c.applicationCredentialId ? Boolean(c.applicationCredentialSecret) : Boolean(c.username && c.password)), {
    message:
      'set OPENSTACK_USERNAME and OPENSTACK_PASSWORD, or OPENSTACK_APPLICATION_CREDENTIAL_ID and OPENSTACK_APPLICATION_CREDENTIAL_SECRET',
  });

/** OpenStack (Keystone v3, Nova, Glance, Gnocchi, Cinder) as ComputeProvider, MetricsProvider and EventSource (volume backups). */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['ComputeProvider', 'MetricsProvider', 'EventSource'],
  // The host's clock: Gnocchi's windows end at the host's "now", which tests and the demo replace.
  needs: ['clock'],
  config,
  fromEnv: (env) => ({
    authUrl: env.OPENSTACK_AUTH_URL,
    username: env.OPENSTACK_USERNAME || undefined,
    password: env.OPENSTACK_PASSWORD || undefined,
    applicationCredentialId: env.OPENSTACK_APPLICATION_CREDENTIAL_ID || undefined,
    applicationCredentialSecret: env.OPENSTACK_APPLICATION_CREDENTIAL_SECRET || undefined,
    projectId: env.OPENSTACK_PROJECT_ID,
    userDomainName: env.OPENSTACK_USER_DOMAIN_NAME || undefined,
    region: env.OPENSTACK_REGION || undefined,
    interface: env.OPENSTACK_INTERFACE || undefined,
    caFile: env.OPENSTACK_CA_FILE || undefined,
    networkIds: env.OPENSTACK_NETWORK_IDS
      ? env.OPENSTACK_NETWORK_IDS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
  }),
  register({ container, config, services }) {
    const { caFile } = config as { caFile?: string };
    let ca: string | undefined;
    try {
      ca = caFile ? readFileSync(caFile, 'utf8') : undefined;
    } catch (err) {
      throw new PluginConfigError(PLUGIN_ID, [
        `OPENSTACK_CA_FILE: cannot read ${caFile} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      ]);
    }
    const client = new OpenStackClient({ ...(config as OpenStackOptions), ca });
    const { resizePollMs, networkIds } = config as { resizePollMs: number; networkIds: string[] };
    const compute = new OpenStackComputeProvider(client, { pollMs: resizePollMs, networkIds });
    container.register(ComputeProviderToken, { useValue: compute });
    // `services` is absent when a test or an older loader calls register() itself: the real clock then.
    container.register(MetricsProviderToken, { useValue: new OpenStackMetricsProvider(client, compute, { now: services?.clock }) });
    container.register(EventSourceToken, { useValue: new OpenStackBackupEvents(client, compute) });
  },
});
