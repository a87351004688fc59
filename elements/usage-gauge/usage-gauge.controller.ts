import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
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
 */
export class UsageGaugeController implements ReactiveController {
  /** The series shown: the loaded or given one, extended by live samples. */
  series?: UsageSeriesAttributes;

  readonly task: Task<Args, UsageSeriesAttributes | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost,
    args: () => Args,
    width: () => number,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gp, server, metric, range, data], { signal }) => {
        if (data) return data;
        if (!gp || !server) return undefined;
        const end = new Date();
        const start = new Date(end.getTime() - RANGE_SECONDS[range] * 1000);
        const doc = await gp.api.get(`/servers/${encodeURIComponent(server)}/usage`, {
          signal,
          query: { metric, start: start.toISOString(), end: end.toISOString(), maxDataPoints: Math.max(100, Math.round(width() || 600)) },
        });
        return doc.data.attributes;
      },
      args,
      // Only the latest run's: a fetch that finishes after newer data was handed in is stale.
      onComplete: (series) => {
        if (series) this.show(series);
      },
    });
  }

  hostConnected(): void {}

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
