import { ProviderError, type Metric, type MetricRange, type MetricSample, type MetricsProvider } from '@glasspane/host';
import { PLUGIN_ID, xmlElements, xmlSeries, type VcloudClient } from './client.js';
import type { VcloudComputeProvider } from './compute.js';

/** Current-metrics calls in flight at once for one `currentMany`. */
const PARALLEL = 8;

/**
 * Usage from Cloud Director's VM metrics (XML); powered-off VMs have none.
 *
 * Cloud Director has no call that answers current metrics for many VMs: `metrics/current`
 * is per VM (`GET /api/vApp/vm-{id}/metrics/current`), the org and VDC metrics are rolled up
 * and historic only, and the query service's VM records carry sizes and states but no usage.
 * `currentMany` therefore costs one listing (query service, 128 VMs a page) and one call per
 * running VM, instead of two per VM. Reading `metrics/historic` only every few rounds would
 * cost less but is no current value: the cells write historic samples to the metrics database
 * every 5 minutes, so the newest is up to 5 minutes old before any wait between reads (the
 * README says where from).
 */
export class VcloudMetricsProvider implements MetricsProvider {
  readonly source = PLUGIN_ID;
  readonly #now: () => Date;
  constructor(
    readonly client: VcloudClient,
    private readonly compute: VcloudComputeProvider,
    options: { now?: () => Date } = {},
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  async current(scope: string, serverId: string, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricSample>>> {
    const { text } = await this.client.request(scope, 'GET', `/api/vApp/vm-${serverId}/metrics/current`, { xml: true, signal });
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    return this.#currentUsage(text, memoryMb);
  }

  /**
   * The org's VMs once from the query service (which of the ids are the org's, which are
   * powered on, their memory for the percentage), then `metrics/current` of each running
   * one, {@link PARALLEL} at a time. A VM whose call fails (deleted meanwhile) is left out;
   * when every call fails, the first failure rejects.
   */
  async currentMany(
    scope: string,
    serverIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Partial<Record<Metric, MetricSample>>>> {
    const out = new Map<string, Partial<Record<Metric, MetricSample>>>();
    if (!serverIds.length) return out;
    const vms = new Map((await this.compute.listServers(scope, signal)).map((s) => [s.id, s]));
    const ids = [...new Set(serverIds)].filter((id) => vms.get(id)?.status === 'active');
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        try {
          const { text } = await this.client.request(scope, 'GET', `/api/vApp/vm-${id}/metrics/current`, { xml: true, signal });
          const sample = this.#currentUsage(text, vms.get(id)?.flavor?.ramMb ?? 0);
          if (Object.keys(sample).length) out.set(id, sample);
        } catch (err) {
          if (signal?.aborted) throw err;
          failures.push(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
    if (ids.length && failures.length === ids.length) throw failures[0];
    return out;
  }

  /** A CurrentUsage document in Glasspane's units, stamped now (Cloud Director's carries no time). */
  #currentUsage(text: string, memoryMb: number): Partial<Record<Metric, MetricSample>> {
    const at = this.#now().toISOString();
    const out: Partial<Record<Metric, MetricSample>> = {};
    for (const m of xmlElements(text, 'Metric')) {
      const value = convert(m.name ?? '', m.unit ?? '', Number(m.value), memoryMb);
      if (value) out[value.metric] = { at, value: value.value };
    }
    return out;
  }

  /**
   * Up to 24 h: `GET …/metrics/historic`; longer (at most 14 days, clipped): a HistoricUsageSpec.
   * Historic usage lives in Cloud Director's optional metrics database: when the installation
   * has none, this says so instead of inventing samples.
   */
  async history(scope: string, serverId: string, metric: Metric, range: MetricRange, signal?: AbortSignal): Promise<MetricSample[]> {
    if (metric === 'bandwidth') return [];
    const span = range.end.getTime() - range.start.getTime();
    const from = new Date(Math.max(range.start.getTime(), range.end.getTime() - 14 * 86400_000));
    let text: string;
    try {
      ({ text } =
        span <= 86400_000
          ? await this.client.request(scope, 'GET', `/api/vApp/vm-${serverId}/metrics/historic`, { xml: true, signal })
          : await this.client.request(scope, 'POST', `/api/vApp/vm-${serverId}/metrics/historic`, {
              xml: true,
              signal,
              contentType: 'application/vnd.vmware.vcloud.metrics.historicUsageSpec+xml',
              body: `<HistoricUsageSpec xmlns="http://www.vmware.com/vcloud/v1.5"><AbsoluteStartTime time="${from.toISOString()}"/><AbsoluteEndTime time="${range.end.toISOString()}"/><MetricPattern>*</MetricPattern></HistoricUsageSpec>`,
            }));
    } catch (err) {
      if (
        err instanceof ProviderError &&
        err.upstreamStatus !== undefined &&
        [400, 500, 501].includes(err.upstreamStatus) &&
        !/14 days/.test(err.message)
      ) {
        throw new ProviderError(
          PLUGIN_ID,
          'Historic usage is not available from Cloud Director: it needs the optional metrics database, which this installation does not answer from.',
          {
            failure: 'unavailable',
            code: 'historic_metrics_unavailable',
            upstreamStatus: err.upstreamStatus,
            cause: err,
          },
        );
      }
      throw err;
    }
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    const out: MetricSample[] = [];
    for (const series of xmlSeries(text)) {
      for (const s of series.samples) {
        const value = convert(series.attrs.name ?? '', series.attrs.unit ?? '', Number(s.value), memoryMb);
        const t = Date.parse(s.timestamp ?? '');
        if (value?.metric === metric && t >= range.start.getTime() && t <= range.end.getTime())
          out.push({ at: new Date(t).toISOString(), value: value.value });
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }
}

/**
 * Cloud Director metric names and units to Glasspane's. Cloud Director reports the cpu, mem
 * and disk families only: there is no network metric, so `bandwidth` stays absent.
 */
function convert(name: string, unit: string, raw: number, memoryMb: number): { metric: Metric; value: number } | undefined {
  if (!Number.isFinite(raw)) return undefined;
  if (name === 'cpu.usage.average' && unit === 'PERCENT') return { metric: 'cpu', value: Math.min(100, raw) };
  if (name === 'mem.usage.average' && unit === 'PERCENT') return { metric: 'memory', value: Math.round((raw / 100) * memoryMb) };
  if (name === 'disk.used.latest' && unit === 'KILOBYTE') return { metric: 'disk', value: Math.round((raw / 1024 ** 2) * 1000) / 1000 };
  return undefined;
}
