import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import { METRICS, type Metric, type MetricSample, type MetricsProvider } from '../../ports/metrics-provider.js';
import type { ComputeService, TenantServer } from '../servers/compute-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { InvalidQueryError } from '../../errors.js';
import { prepared } from '../../db/prepared.js';
import { TIERS, UsageStore, type UsageSeries } from './usage-store.js';
import { errorMessage } from '../../error-messages.js';

export const USAGE_TOPIC = 'usage';

/** Units of each metric, in the API and the gauges. */
export const METRIC_UNITS: Record<Metric, string> = { cpu: 'percent', memory: 'MiB', disk: 'GiB', bandwidth: 'Mbit/s' };

export interface UsageServiceOptions {
  /** Bandwidth capacity when the plan names none. Default 1000 Mbit/s. */
  defaultBandwidthMbit?: number;
  now?: () => Date;
}

export type Capacity = Record<Metric, number | null>;

/**
 * Usage of a tenant's servers: capacity from the plan or the flavor, live samples from
 * the MetricsProvider into the store (and the stream), history backfilled once per server.
 */
export class UsageService {
  readonly store: UsageStore;
  readonly #defaultBandwidth: number;
  readonly #now: () => Date;
  #collecting: Promise<void> | null = null;
  /** Servers whose history was fetched by this process (a provider may have none to give). */
  readonly #backfilled = new Set<string>();
  /** A server's plan capacities; read on every usage request, so compiled once. */
  readonly #plans: (tenant: string, serverId: string) => Promise<{ metric: string; capacity: number }[]>;

  constructor(
    private readonly db: Db,
    private readonly providers: readonly MetricsProvider[],
    private readonly compute: ComputeService,
    private readonly tenants: TenantService,
    private readonly bus: EventBus,
    options: UsageServiceOptions = {},
  ) {
    this.store = new UsageStore(db);
    this.#defaultBandwidth = options.defaultBandwidthMbit ?? 1000;
    this.#now = options.now ?? (() => new Date());
    this.#plans = prepared(db, (tenant: string, serverId: string) =>
      db.selectFrom('server_plans').select(['metric', 'capacity']).where('tenant_id', '=', tenant).where('server_id', '=', serverId),
    );
  }

  /** Capacity per metric: the plan's where set, else the flavor's. */
  async capacity(tenant: string, server: TenantServer): Promise<Capacity> {
    const plan = await this.#plans(tenant, server.id);
    const planned = new Map(plan.map((p) => [p.metric, p.capacity]));
    return {
      cpu: planned.get('cpu') ?? 100,
      memory: planned.get('memory') ?? server.flavor?.ramMb ?? null,
      disk: planned.get('disk') ?? server.flavor?.diskGb ?? null,
      bandwidth: planned.get('bandwidth') ?? this.#defaultBandwidth,
    };
  }

  /** Sets a plan capacity (upgrades change it; the gauge's capacity line follows). */
  async setPlanCapacity(tenant: string, serverId: string, metric: Metric, capacity: number): Promise<void> {
    await this.db
      .insertInto('server_plans')
      .values({ tenant_id: tenant, server_id: serverId, metric, capacity })
      .onConflict((oc) => oc.columns(['tenant_id', 'server_id', 'metric']).doUpdateSet({ capacity }))
      .execute();
  }

  async series(
    tenant: string,
    serverId: string,
    metric: Metric,
    range: { start: Date; end: Date; maxDataPoints: number },
  ): Promise<UsageSeries & { capacity: number | null; unit: string }> {
    if (range.end <= range.start) throw new InvalidQueryError(errorMessage('invalid.usage_range'), { parameter: 'end' });
    const server = await this.compute.getServerCached(tenant, serverId);
    const capacity = (await this.capacity(tenant, server))[metric];
    const series = await this.store.series(
      tenant,
      serverId,
      metric,
      {
        start: range.start.getTime() / 1000,
        end: range.end.getTime() / 1000,
        maxDataPoints: range.maxDataPoints,
        now: this.#now().getTime() / 1000,
      },
      capacity,
    );
    return { ...series, capacity, unit: METRIC_UNITS[metric] };
  }

  /**
   * One collection round: for every tenant's running servers, the current sample of each
   * metric into the store and the stream. Rounds never overlap. A provider with
   * `currentMany` is asked once per compute account for all its running servers; one
   * without, once per server. A provider that fails costs that account's samples (or that
   * server's), not the others'.
   */
  collect(): Promise<void> {
    this.#collecting ??= this.#collect().finally(() => (this.#collecting = null));
    return this.#collecting;
  }

  async #collect(): Promise<void> {
    for (const tenant of await this.tenants.list()) {
      let servers: TenantServer[];
      let accounts: { source: string; scope: string }[];
      try {
        servers = (await this.compute.listServers(tenant.id)).items;
        accounts = await this.compute.accounts(tenant.id);
      } catch {
        continue;
      }
      for (const account of accounts) {
        const provider = this.providers.find((p) => p.source === account.source);
        const running = servers.filter((s) => s.source === account.source && s.status === 'active');
        if (!provider || !running.length) continue;
        const rawId = (server: TenantServer) => server.id.slice(server.source.length + 1);
        for (const server of running) await this.#backfillOnce(tenant.id, server.id, provider, account.scope, rawId(server));
        if (provider.currentMany) {
          let current: Map<string, Partial<Record<Metric, MetricSample>>>;
          try {
            current = await provider.currentMany(account.scope, running.map(rawId));
          } catch {
            // The next round tries again; the gauges keep their last data meanwhile.
            continue;
          }
          for (const server of running) await this.#record(tenant.id, server.id, current.get(rawId(server)) ?? {});
        } else {
          for (const server of running) {
            try {
              await this.#record(tenant.id, server.id, await provider.current(account.scope, rawId(server)));
            } catch {
              // As above, for this server alone.
            }
          }
        }
      }
    }
    await this.store.prune(Math.floor(this.#now().getTime() / 1000));
  }

  /** A server's current values into the store and onto the tenant's stream. */
  async #record(tenant: string, serverId: string, current: Partial<Record<Metric, MetricSample>>) {
    const samples = METRICS.flatMap((metric) => {
      const s = current[metric];
      return s ? [{ tenant, serverId, metric, at: Math.floor(Date.parse(s.at) / 1000), value: s.value }] : [];
    });
    await this.store.record(samples);
    for (const s of samples)
      await this.bus.publish(tenant, USAGE_TOPIC, { serverId: s.serverId, metric: s.metric, at: s.at, value: s.value });
  }

  /** History once per server and process, where the store has none (a provider may have none to give). */
  async #backfillOnce(tenant: string, serverId: string, provider: MetricsProvider, scope: string, rawId: string) {
    const key = `${tenant}\u0000${serverId}`;
    if (this.#backfilled.has(key)) return;
    try {
      if (!(await this.store.hasHistory(tenant, serverId))) await this.#backfill(tenant, serverId, provider, scope, rawId);
      this.#backfilled.add(key);
    } catch {
      // Tried again next round.
    }
  }

  /** A server's history from the provider, once: raw for 48 h, 5-minute for 30 days, hourly for a year. */
  async #backfill(tenant: string, serverId: string, provider: MetricsProvider, scope: string, rawId: string) {
    const now = this.#now().getTime();
    const plan = [
      { tier: 0 as const, seconds: TIERS[0].retentionSeconds, granularity: 60 },
      { tier: 1 as const, seconds: TIERS[1].retentionSeconds, granularity: 300 },
      { tier: 2 as const, seconds: 365 * 86400, granularity: 3600 },
    ];
    for (const metric of METRICS) {
      for (const step of plan) {
        const samples = await provider
          .history(scope, rawId, metric, {
            start: new Date(now - step.seconds * 1000),
            end: new Date(now),
            granularitySeconds: step.granularity,
          })
          .catch(() => []);
        await this.store.importHistory(
          tenant,
          serverId,
          metric,
          step.tier,
          samples.map((s) => ({ at: Date.parse(s.at) / 1000, value: s.value })),
        );
      }
    }
  }
}
