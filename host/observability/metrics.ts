/**
 * The host's Prometheus metrics (`GET /metrics`), one registry per host so two hosts in one
 * process (tests, an embedding app) never mix their numbers. Labels are bounded: route
 * patterns (never raw paths), status classes, plugin ids, job names, error codes, provider
 * operations (port methods, `job.<name>`, `other`: see provider-operation.ts).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { openCircuitCounts } from '../provider-status.js';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class HostMetrics {
  readonly registry = new Registry();
  readonly requests = new Histogram({
    name: 'glasspane_http_request_duration_seconds',
    help: 'Time to answer a request (an event stream: until it started), by route pattern and status class.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'glasspane_http_requests_in_flight',
    help: 'Requests being answered now.',
    registers: [this.registry],
  });
  readonly streams = new Gauge({
    name: 'glasspane_sse_connections_open',
    help: 'Open event streams (GET /api/v1/stream) in this process.',
    registers: [this.registry],
  });
  readonly providerCalls = new Histogram({
    name: 'glasspane_provider_call_duration_seconds',
    help: "Time a plugin's call to its provider took, by plugin, operation (the port method, e.g. compute.listServers) and outcome (ok, or the error code).",
    labelNames: ['plugin', 'operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly providerErrors = new Counter({
    name: 'glasspane_provider_errors_total',
    help: "Failed calls to a plugin's provider, by plugin, operation (the port method, e.g. compute.listServers) and code (provider_unreachable, upstream_503, provider_unavailable…).",
    labelNames: ['plugin', 'operation', 'code'] as const,
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'glasspane_job_runs_total',
    help: 'Background job runs this process made, by job and outcome (ok, failed).',
    labelNames: ['job', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #lastRun = new Map<string, number>();

  constructor(now: () => Date = () => new Date()) {
    const lastRun = this.#lastRun;
    new Gauge({
      name: 'glasspane_provider_circuits_open',
      help: "A plugin's circuit breakers that are open in this process (its provider kept failing, calls are paused or on trial).",
      labelNames: ['plugin'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [plugin, open] of openCircuitCounts()) this.set({ plugin }, open);
      },
    });
    new Gauge({
      name: 'glasspane_job_last_run_age_seconds',
      help: 'Seconds since this process last finished a run of each job (a job another process ran is not counted).',
      labelNames: ['job'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [job, at] of lastRun) this.set({ job }, Math.max(0, (now().getTime() - at) / 1000));
      },
    });
  }

  /**
   * `glasspane_payments{state}`: payments in the database by lifecycle state (created,
   * charging, requires_action, charged, recorded, failed, refunded), counted when scraped —
   * shared by every host process on one database, so alert on it from one. The count reads
   * the `payments_state` index.
   */
  watchPayments(count: () => Promise<ReadonlyArray<{ state: string; n: number | string | bigint }>>): void {
    new Gauge({
      name: 'glasspane_payments',
      help: 'Payments in the database by lifecycle state (counted at scrape time; the same in every process on one database).',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const rows = await count();
        this.reset();
        for (const { state, n } of rows) this.set({ state }, Number(n));
      },
    });
  }

  jobFinished(job: string, ok: boolean, at: Date): void {
    this.jobRuns.inc({ job, outcome: ok ? 'ok' : 'failed' });
    this.#lastRun.set(job, at.getTime());
  }

  /** One provider call: `operation` is the port method (`compute.listServers`), `job.<name>` or `other`. */
  providerCall(
    plugin: string,
    outcome: { ok: true } | { ok: false; code: string },
    durationMs: number | undefined,
    operation = 'other',
  ): void {
    if (!outcome.ok) this.providerErrors.inc({ plugin, operation, code: outcome.code });
    if (durationMs !== undefined)
      this.providerCalls.observe({ plugin, operation, outcome: outcome.ok ? 'ok' : outcome.code }, durationMs / 1000);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
