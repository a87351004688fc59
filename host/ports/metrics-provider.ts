import type { InjectionToken } from 'tsyringe';

/**
 * Metrics Glasspane shows, in fixed units so gauges compare across providers:
 * `cpu` percent of the server's vCPU capacity (0–100), `memory` MiB used,
 * `disk` GiB used, `bandwidth` Mbit/s (in + out).
 */
export const Metric = { cpu: 'cpu', memory: 'memory', disk: 'disk', bandwidth: 'bandwidth' } as const;
export type Metric = (typeof Metric)[keyof typeof Metric];
export const METRICS = Object.values(Metric) as [Metric, ...Metric[]];

export interface MetricSample {
  /** ISO 8601, the start of the sample's period. */
  at: string;
  value: number;
}

export interface MetricRange {
  start: Date;
  end: Date;
  /** Preferred seconds per sample; the provider picks the closest it has. */
  granularitySeconds?: number;
}

/** Current and historical usage of one server, from the provider's monitoring. */
export interface MetricsProvider {
  readonly source: string;
  /** Latest value per metric; metrics the provider does not measure are absent. */
  current(scope: string, serverId: string, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricSample>>>;
  /**
   * Optional: the latest values of many servers of one compute account in as few provider
   * calls as the provider's API allows (OpenStack: one Gnocchi aggregates query; Cloud
   * Director: one listing and one call per VM, as it has no multi-VM metrics call). The
   * usage collection uses it when present, once per compute account and round, and
   * `current` per server otherwise.
   *
   * The map holds only servers of `scope` that the provider has values for: an id of
   * another account's server, or of none, is left out (never read from another tenant), as
   * is a server with no measures yet. Each entry is what `current` would answer for that
   * server at that moment. Rejects when the provider fails as a whole (the round then has no
   * current usage for that account).
   */
  currentMany?(
    scope: string,
    serverIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<Map<string, Partial<Record<Metric, MetricSample>>>>;
  /** Samples oldest first; an empty array when the provider has none for the range. */
  history(scope: string, serverId: string, metric: Metric, range: MetricRange, signal?: AbortSignal): Promise<MetricSample[]>;
}

export const MetricsProviderToken: InjectionToken<MetricsProvider> = Symbol.for('glasspane.MetricsProvider');
