import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiResponse } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';

/** A server's usage series as `GET /servers/{id}/usage` answers it. */
export type UsageSeriesAttributes = ApiResponse<`/servers/${string}/usage`>['data']['attributes'];
export type UsageMetric = UsageSeriesAttributes['metric'];
export type UsageRange = 'live' | '24h' | '7d' | '30d' | '1y';
/** What the `usage` stream topic carries: one new sample. */
export type UsageSample = { serverId: string; metric: string; at: number; value: number };

export const RANGE_SECONDS: Record<UsageRange, number> = {
  live: 3600,
  '24h': 86400,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
  '1y': 365 * 86400,
};

type Args = readonly [GlasspaneContext | undefined, string, UsageMetric, UsageRange, UsageSeriesAttributes | undefined];

/**
 * The usage gauge's data: loads the series for the server, metric and range (at about one
 * point per pixel of `width()`), or takes the one handed in, and extends it with the
 * `usage` stream's live samples.
 *
 * Its own few lines rather than @lit/task (which the other elements use): the gauge has a
 * size budget (bench/size) and a cold-render target (bench/chart-render). A series handed in
 * is shown in the same update: no task run, no promise, and no second render when one
 * settles.
 */
export class UsageGaugeController implements ReactiveController {
  /** The series shown: the loaded or given one, extended by live samples. */
  series?: UsageSeriesAttributes;
  /** Whether a fetch is under way (the body shows the series it has, or the loading state). */
  loading = false;
  /** Why the last fetch failed, until the next one starts. */
  error?: unknown;
  /** The arguments of the last load: an update with other ones loads again. */
  #args?: Args;
  /** The fetch under way: a newer load aborts it, and its late answer is dropped. */
  #fetch?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly args: () => Args,
    private readonly width: () => number,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const args = this.args();
    if (!this.#args || args.some((a, i) => a !== this.#args![i])) this.load(args);
  }

  /** Shows the series handed in, or fetches the one the arguments name (again on a retry or the stream's reset). */
  load(args = this.args()): void {
    this.#args = args;
    this.#fetch?.abort();
    this.#fetch = this.error = undefined;
    this.loading = false;
    const [gp, server, metric, range, data] = args;
    if (data) this.show(data);
    else if (gp && server) void this.#get(gp, server, metric, range);
  }

  async #get(gp: GlasspaneContext, server: string, metric: UsageMetric, range: UsageRange): Promise<void> {
    const fetch = (this.#fetch = new AbortController());
    this.loading = true;
    this.host.requestUpdate();
    const end = new Date();
    const start = new Date(end.getTime() - RANGE_SECONDS[range] * 1000);
    try {
      const doc = await gp.api.get(`/servers/${encodeURIComponent(server)}/usage`, {
        signal: fetch.signal,
        query: {
          metric,
          start: start.toISOString(),
          end: end.toISOString(),
          maxDataPoints: Math.max(100, Math.round(this.width() || 600)),
        },
      });
      if (fetch === this.#fetch) this.series = doc.data.attributes;
    } catch (error) {
      if (fetch === this.#fetch) this.error = error;
    }
    // Only the latest load's answer: one that comes after newer data was handed in is stale.
    if (fetch !== this.#fetch) return;
    this.#fetch = undefined;
    this.loading = false;
    this.host.requestUpdate();
  }

  /** Shows this series (a given one, or the loaded one). */
  show(series: UsageSeriesAttributes): void {
    this.series = series;
    this.host.requestUpdate();
  }

  /** Adds a live sample of this server and metric to a live or 24-hour view, dropping what fell out of the range. */
  apply({ serverId, metric, at, value }: UsageSample, server: string, shown: UsageMetric, range: UsageRange): void {
    const s = this.series;
    if (serverId !== server || metric !== shown || !s || (range !== 'live' && range !== '24h')) return;
    const keep = Math.max(
      0,
      s.times.findIndex((t) => t >= at - RANGE_SECONDS[range]),
    );
    // A downsampled series' band goes on with the sample as its own lowest and highest.
    const band = s.low && s.high ? { low: [...s.low.slice(keep), value], high: [...s.high.slice(keep), value] } : {};
    const stats = { ...s.stats, current: value, peak: Math.max(s.stats.peak ?? value, value) };
    this.show({ ...s, ...band, times: [...s.times.slice(keep), at], values: [...s.values.slice(keep), value], stats });
  }
}
