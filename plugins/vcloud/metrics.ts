import { ProviderError, type Metric, type MetricRange, type MetricSample, type MetricsProvider } from '@glasspane/host';
import { PLUGIN_ID, xmlElements, xmlSeries, type VcloudClient } from './client.js';
import type { VcloudComputeProvider } from './compute.js';

/** Usage from Cloud Director's VM metrics (XML); powered-off VMs have none. */
export class VcloudMetricsProvider implements MetricsProvider {
  readonly source = PLUGIN_ID;
  constructor(
    readonly client: VcloudClient,
    private readonly compute: VcloudComputeProvider,
  ) {}

  async current(scope: string, serverId: string, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricSample>>> {
    const { text } = await this.client.request(scope, 'GET', `/api/vApp/vm-${serverId}/metrics/current`, { xml: true, signal });
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    const at = new Date().toISOString();
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
      if (err instanceof ProviderError && err.upstreamStatus !== undefined && [400, 500, 501].includes(err.upstreamStatus) && !/14 days/.test(err.message)) {
        throw new ProviderError(PLUGIN_ID, 'Historic usage is not available from Cloud Director: it needs the optional metrics database, which this installation does not answer from.', {
          failure: 'unavailable',
          code: 'historic_metrics_unavailable',
          upstreamStatus: err.upstreamStatus,
          cause: err,
        });
      }
      throw err;
    }
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    const out: MetricSample[] = [];
    for (const series of xmlSeries(text)) {
      for (const s of series.samples) {
        const value = convert(series.attrs.name ?? '', series.attrs.unit ?? '', Number(s.value), memoryMb);
        const t = Date.parse(s.timestamp ?? '');
        if (value?.metric === metric && t >= range.start.getTime() && t <= range.end.getTime()) out.push({ at: new Date(t).toISOString(), value: value.value });
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
