/**
 * What an operator sees of a running host: a request id on every request and answer, one
 * access line per request, Prometheus metrics, and the open event streams (so shutdown can
 * end them with a retry hint instead of cutting them). With tracing on, the access, error and
 * job failure lines carry the active span's `trace_id` and `span_id`.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { ApiError, ProviderError } from '../errors.js';
import { keyMatches } from '../auth/middleware.js';
import { onProviderCall } from '../provider-status.js';
import { HostMetrics } from './metrics.js';
import { traceFields } from './tracing.js';
import type { Logger } from './logger.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's id (`X-Request-Id`), set by the host's first middleware. */
    requestId: string;
  }
}

/** An id a client or proxy sent is kept only when it is this harmless; otherwise one is made. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes are logged at debug: they would drown the access log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export class Observability {
  readonly metrics: HostMetrics;
  /**
   * Access lines: the logger without its redaction, which would walk every field of every
   * line for secrets an access line (id, method, route, status, time, tenant) never holds.
   */
  readonly #access: Logger;
  readonly #streams = new Set<ServerResponse>();
  readonly #unsubscribe: () => void;
  /** One 'close' listener for every open stream (a response closes once), not a closure each. */
  readonly #untrack: (this: ServerResponse) => void;

  constructor(
    readonly logger: Logger,
    private readonly options: { adminKey: string; metricsToken?: string; now?: () => Date },
  ) {
    this.metrics = new HostMetrics(options.now);
    this.#access = logger.child({}, { redact: [] });
    const streams = this.#streams;
    const gauge = this.metrics.streams;
    this.#untrack = function () {
      streams.delete(this);
      gauge.dec();
    };
    this.#unsubscribe = onProviderCall((plugin, outcome, durationMs, operation) =>
      this.metrics.providerCall(plugin, outcome, durationMs, operation),
    );
  }

  /**
   * Request id, access line, latency, open streams. It runs inside the request's span
   * (`requestTracing()` comes first), so the access line carries the span's ids.
   */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const given = c.req.header('x-request-id');
      const requestId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
      c.set('requestId', requestId);
      const started = performance.now();
      this.metrics.inFlight.inc();
      try {
        await next();
      } finally {
        this.metrics.inFlight.dec();
      }
      const ms = performance.now() - started;
      const route = routeOf(c);
      const outgoing: ServerResponse | undefined = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      let status: number;
      if (c.res === RESPONSE_ALREADY_SENT) {
        // An answer written straight to the socket (the event stream) and still open: counted while it is.
        status = outgoing?.statusCode ?? 200;
        if (outgoing && !outgoing.writableEnded && !outgoing.destroyed) this.#track(outgoing);
      } else {
        status = c.res.status;
        try {
          c.res.headers.set('X-Request-Id', requestId);
        } catch {
          // a response with immutable headers (proxied as it came): it keeps its own
        }
      }
      this.metrics.requests.observe({ method: c.req.method, route, status_class: `${Math.floor(status / 100)}xx` }, ms / 1000);
      const tenant = tenantOf(c);
      const line = {
        requestId,
        ...traceFields(),
        method: c.req.method,
        route,
        status,
        ms: Math.round(ms * 10) / 10,
        ...(tenant ? { tenant } : {}),
      };
      if (QUIET_PATHS.has(c.req.path)) this.#access.debug(line, 'request');
      else this.#access.info(line, 'request');
    };
  }

  /** `GET /metrics`: the admin key or the metrics token as `Authorization: Bearer …`; a 401 JSON:API error otherwise. */
  metricsHandler(): (c: Context) => Promise<Response> {
    return async (c) => {
      const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
      const allowed =
        !!bearer &&
        (keyMatches(bearer, this.options.adminKey) || (!!this.options.metricsToken && keyMatches(bearer, this.options.metricsToken)));
      if (!allowed) {
        // A JSON:API error like the API's: the failed-key limit counts it.
        throw new ApiError(
          401,
          'unauthorized',
          'Unauthorized',
          'Metrics need "Authorization: Bearer <admin key or GLASSPANE_METRICS_TOKEN>".',
          {
            headers: { 'WWW-Authenticate': 'Bearer' },
          },
        );
      }
      return new Response(await this.metrics.text(), {
        status: 200,
        headers: { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' },
      });
    };
  }

  /** Logs an error the host answered with: a provider's with plugin, operation and upstream status. */
  logError(c: Context, err: unknown, status: number): void {
    const requestId = c.get('requestId');
    if (err instanceof ProviderError) {
      this.logger.warn(
        {
          requestId,
          ...traceFields(),
          plugin: err.pluginId,
          operation: err.operation,
          upstreamStatus: err.upstreamStatus,
          code: err.code,
          status,
          route: routeOf(c),
        },
        `provider error: ${err.detail}`,
      );
    } else if (status >= 500) {
      this.logger.error({ requestId, ...traceFields(), method: c.req.method, route: routeOf(c), err }, 'unexpected error');
    }
  }

  /**
   * Hears a background job run this process finished (`Jobs`' `onFinished`, called inside
   * the run's span): counts it, and logs it when it failed.
   */
  jobFinished(job: string, error: unknown, at: Date): void {
    this.metrics.jobFinished(job, error === undefined, at);
    if (error !== undefined) this.jobFailed(job, error);
  }

  /** Logs a background job's failure: the job, and the plugin, operation and upstream status of a provider's error. */
  jobFailed(job: string, err: unknown): void {
    const provider =
      err instanceof ProviderError
        ? { plugin: err.pluginId, operation: err.operation, upstreamStatus: err.upstreamStatus, code: err.code }
        : {};
    this.logger.error({ job, ...traceFields(), ...provider, err }, `background job ${job} failed`);
  }

  /** Open event streams in this process. */
  get openStreams(): number {
    return this.#streams.size;
  }

  /**
   * Ends every open event stream with `retry: <ms>`: the browser's EventSource reconnects
   * after that pause (to another process behind the load balancer) and resumes with
   * Last-Event-ID. Returns how many were ended.
   */
  endStreams(retryMs = 1000): number {
    const open = [...this.#streams];
    for (const res of open) res.end(`retry: ${retryMs}\n\n`);
    return open.length;
  }

  close(): void {
    this.#unsubscribe();
  }

  #track(res: ServerResponse): void {
    this.#streams.add(res);
    this.metrics.streams.inc();
    res.on('close', this.#untrack);
  }
}

/** The route pattern that answered (`/api/v1/servers/:id`), or `unmatched`: never a raw path (unbounded labels). */
export function routeOf(c: Context): string {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path ?? 'unmatched';
}

/** The tenant a request is for: its token's, else the route's `:tenantId`. */
export function tenantOf(c: Context): string | undefined {
  // `get`, not `c.var`: that copies every variable of the request into a new object.
  const auth = (c as Context<{ Variables: { auth?: { tenant?: string } } }>).get('auth');
  if (auth?.tenant) return auth.tenant;
  try {
    return c.req.param('tenantId') || c.req.param('tenant') || undefined;
  } catch {
    return undefined;
  }
}
