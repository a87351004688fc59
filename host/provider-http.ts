import { Agent, EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { ProviderError } from './errors.js';
import { errorMessage } from './error-messages.js';
import { recordCircuit, recordProviderCall } from './provider-status.js';
import { providerOperation } from './provider-operation.js';
import { tracer } from './observability/tracing.js';

/**
 * Stops calling a provider that keeps failing, and recovers by itself: after `threshold`
 * failures in a row (no answer, a timeout, 5xx, 429, 401, 403) calls fail at once for `cooldownMs`;
 * then one call is let through, and its success closes the circuit again (its failure
 * doubles the wait, up to `maxCooldownMs`). One per plugin client, so one provider's
 * outage never slows the others.
 */
export class CircuitBreaker {
  #failures = 0;
  #openUntil = 0;
  #cooldown: number;
  #trial = false;

  constructor(private readonly options: { threshold?: number; cooldownMs?: number; maxCooldownMs?: number; now?: () => number } = {}) {
    this.#cooldown = options.cooldownMs ?? 30_000;
  }

  get #now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Milliseconds until a call is allowed again; 0 when it is (the first one after a pause is the trial). */
  blockedFor(): number {
    const wait = this.#openUntil - this.#now;
    if (wait > 0) return wait;
    if (this.#openUntil && this.#trial) return 1_000; // a trial call is already out
    if (this.#openUntil) this.#trial = true;
    return 0;
  }

  /**
   * The call that was let through did not finish either way (its caller aborted it, a
   * browser navigating away): free the trial slot so the next call is the trial.
   */
  release(): void {
    this.#trial = false;
  }

  success(): void {
    this.#failures = 0;
    this.#openUntil = 0;
    this.#trial = false;
    this.#cooldown = this.options.cooldownMs ?? 30_000;
  }

  /** Open: from the failure that opened it until a call succeeds again (a trial call included). */
  get open(): boolean {
    return this.#openUntil !== 0;
  }

  failure(): void {
    this.#failures++;
    if (this.#trial) this.#cooldown = Math.min(this.#cooldown * 2, this.options.maxCooldownMs ?? 300_000);
    if (this.#trial || this.#failures >= (this.options.threshold ?? 5)) {
      this.#openUntil = this.#now + this.#cooldown;
      this.#trial = false;
    }
  }
}

/** The standard outbound-proxy variables, upper or lower case, as curl and most tools read them. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/**
 * One connection pool per private CA (PEM text) and proxy setting, so TLS sessions and proxy
 * tunnels are reused. Node's own fetch ignores `HTTPS_PROXY` (before Node 24), so a provider
 * behind an outbound proxy is reached through undici's `EnvHttpProxyAgent`, which reads the
 * variables (and `NO_PROXY`) as curl does. Read per call, so a change in a test or a reload
 * takes effect; the pool is made once per distinct setting.
 */
const dispatchers = new Map<string, Dispatcher>();
function dispatcherFor(ca: string | undefined): Dispatcher | undefined {
  const proxy = PROXY_VARIABLES.some((v) => process.env[v]) ? PROXY_VARIABLES.map((v) => process.env[v] ?? '').join('\n') : '';
  if (!ca && !proxy) return undefined;
  const key = `${proxy}\n${ca ?? ''}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    // `connect` is the TLS of direct connections, `requestTls` that of the tunnel through the
    // proxy. Plain HTTP is forwarded as an absolute-form request, not tunnelled: proxies commonly
    // allow CONNECT only to port 443. HTTPS always tunnels.
    const tls = ca ? { connect: { ca }, requestTls: { ca } } : {};
    dispatcher = proxy ? new EnvHttpProxyAgent({ ...tls, proxyTunnel: false }) : new Agent({ connect: { ca } });
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}

/** Node's TLS verification codes that mean "the certificate is not one we trust". */
const UNTRUSTED_CERTIFICATE =
  /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;
function tlsCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && UNTRUSTED_CERTIFICATE.test(e.code)) return e.code;
  }
  return undefined;
}

export interface ProviderFetchOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  breaker?: CircuitBreaker;
  /**
   * The certificate authority (PEM) that signs the provider's TLS certificate, for a
   * provider behind a private CA (`OPENSTACK_CA_FILE`). It replaces the public roots for
   * this provider only; other providers and the host keep Node's defaults.
   */
  ca?: string;
  /**
   * A 429 is back-pressure from a healthy provider (NetSuite's per-account concurrency), not a
   * failure: it neither counts toward the breaker nor resets it, and the caller backs off.
   */
  rateLimitIsBackPressure?: boolean;
  /**
   * The operation this call is counted as (the `operation` label of the provider metrics, the
   * span's `glasspane.operation`). Leave it out: the host names it after the port method it
   * called (`compute.listServers`), or the background job. Give one only for a call that is
   * not that method's own work and should be told apart (a login shared by callers), as a
   * fixed name: letters, dots and dashes (`identity.login`); anything else is ignored, so
   * never an id or a URL.
   */
  operation?: string;
}

/**
 * `fetch` for plugins: a timeout combined with the caller's signal, and a network failure
 * or timeout turned into a ProviderError that names the provider (`provider_unreachable`;
 * an untrusted certificate says so). With a `breaker`, a provider that keeps failing is not
 * called until it has had a pause (`provider_unavailable`, with Retry-After). A caller's own
 * abort is rethrown as it is.
 */
export async function providerFetch(
  pluginId: string,
  providerName: string,
  url: string,
  init: RequestInit,
  options: ProviderFetchOptions,
): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const operation = providerOperation(options.operation);
  // One client span per call (a no-op without a registered tracer provider), a child of the
  // request's span. The URL loses its query string, fragment and credentials: API keys travel there.
  return tracer().startActiveSpan(`${pluginId} ${method}`, { kind: SpanKind.CLIENT }, async (span) => {
    if (span.isRecording()) {
      const target = urlForTrace(url);
      span.setAttributes({
        'glasspane.plugin': pluginId,
        'glasspane.provider': providerName,
        'glasspane.operation': operation,
        'http.request.method': method,
        'url.full': target.full,
        ...(target.host ? { 'server.address': target.host } : {}),
      });
    }
    try {
      const res = await callProvider(pluginId, providerName, url, init, options, operation, span);
      span.setAttribute('http.response.status_code', res.status);
      if (res.status >= 400) {
        span.setAttributes({ 'error.type': String(res.status), 'glasspane.error.code': `upstream_${res.status}` });
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      return res;
    } catch (err) {
      if (err instanceof ProviderError) {
        span.setAttributes({ 'error.type': err.code, 'glasspane.error.code': err.code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: err.detail });
      } else if (options.signal?.aborted) {
        span.setAttribute('glasspane.aborted', true); // the caller gave up: not the provider's failure
      } else {
        span.setAttribute('error.type', err instanceof Error ? err.name : 'error');
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      throw err;
    } finally {
      if (options.breaker) recordCircuit(pluginId, options.breaker, options.breaker.open);
      span.end();
    }
  });
}

/** The URL a span may carry: no query string, fragment or user info. */
function urlForTrace(url: string): { full: string; host?: string } {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    parsed.username = '';
    parsed.password = '';
    return { full: parsed.toString(), host: parsed.hostname };
  } catch {
    return { full: url.replace(/[?#].*$/s, '') };
  }
}

async function callProvider(
  pluginId: string,
  providerName: string,
  url: string,
  init: RequestInit,
  options: ProviderFetchOptions,
  operation: string,
  span: Span,
): Promise<Response> {
  const { breaker } = options;
  const wait = breaker?.blockedFor() ?? 0;
  if (wait > 0) {
    span.setAttribute('glasspane.breaker.refused', true);
    recordProviderCall(pluginId, { ok: false, code: 'provider_unavailable' }, undefined, undefined, operation);
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    throw new ProviderError(pluginId, errorMessage('provider_unavailable.paused', { provider: pluginId, name: providerName, seconds }), {
      status: 503,
      code: 'provider_unavailable',
      retryAfterSeconds: seconds,
    });
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const started = performance.now();
  let res: Response;
  try {
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const dispatcher = dispatcherFor(options.ca);
    res = dispatcher
      ? // undici's own fetch with its own dispatcher: one from the npm package is not
        // guaranteed to fit the undici bundled in Node's global fetch. Same Fetch API shapes.
        ((await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), signal, dispatcher })) as unknown as Response)
      : await fetch(url, { ...init, signal });
  } catch (err) {
    if (options.signal?.aborted) {
      // The caller gave up: says nothing about the provider, but a trial slot must not stay taken.
      breaker?.release();
      throw err;
    }
    breaker?.failure();
    recordProviderCall(pluginId, { ok: false, code: 'provider_unreachable' }, undefined, performance.now() - started, operation);
    const untrusted = tlsCode(err);
    if (untrusted) {
      throw new ProviderError(
        pluginId,
        errorMessage('provider_unreachable.tls', { provider: pluginId, name: providerName, problem: untrusted }),
        {
          status: 503,
          code: 'provider_unreachable',
          cause: err,
        },
      );
    }
    throw new ProviderError(
      pluginId,
      timeout.aborted
        ? errorMessage('provider_unreachable.timeout', {
            provider: pluginId,
            name: providerName,
            seconds: Math.max(1, Math.round(options.timeoutMs / 1000)),
          })
        : errorMessage('provider_unreachable', { provider: pluginId, name: providerName }),
      {
        status: 503,
        code: 'provider_unreachable',
        cause: err,
      },
    );
  }
  // A 401 counts too: a provider that turns every credential away is not healthy. An expired
  // session's single 401 is followed by a success (the new login), which resets the count.
  // A 403 does not: it is about one request (Nova answers a tenant's exceeded quota with
  // 403), and five of one tenant's must not pause the provider for every tenant. Refused
  // logins (401 or 403) back off in SessionPool instead.
  if (res.status === 429 && options.rateLimitIsBackPressure) {
    breaker?.release();
    recordProviderCall(pluginId, { ok: false, code: 'upstream_429' }, undefined, performance.now() - started, operation);
  } else if (res.status >= 500 || res.status === 429 || res.status === 401) {
    breaker?.failure();
    recordProviderCall(pluginId, { ok: false, code: `upstream_${res.status}` }, undefined, performance.now() - started, operation);
  } else {
    breaker?.success();
    recordProviderCall(pluginId, { ok: true }, undefined, performance.now() - started, operation);
  }
  return res;
}

/**
 * Login sessions per key (project, org), created once and shared by concurrent callers.
 * After a 401, `renew(key, failed)` replaces the session once: callers that failed with
 * the same session wait for that one renewal instead of logging in again.
 *
 * A login the provider refuses (a ProviderError with upstream status 401 or 403) is not
 * repeated on every call: for `backoffMs`, doubling with each refusal in a row up to
 * `maxBackoffMs`, calls get that refusal again without a new login. Identity services lock
 * accounts after repeated failed logins (Keystone's `lockout_failure_attempts`).
 */
export class SessionPool<S> {
  readonly #sessions = new Map<string, Promise<S>>();
  readonly #refused = new Map<string, { error: unknown; until: number; wait: number }>();

  constructor(
    private readonly create: (key: string) => Promise<S>,
    /** Sessions this returns false for are replaced before use (about to expire). */
    private readonly usable: (session: S) => boolean = () => true,
    private readonly options: { backoffMs?: number; maxBackoffMs?: number; now?: () => number } = {},
  ) {}

  async get(key: string): Promise<S> {
    const current = this.#sessions.get(key);
    if (current) {
      const session = await current.catch(() => undefined);
      if (session && this.usable(session)) return session;
      if (this.#sessions.get(key) !== current) return this.get(key);
    }
    return this.#start(key);
  }

  async renew(key: string, failed: S): Promise<S> {
    const current = this.#sessions.get(key);
    if (current) {
      const session = await current.catch(() => undefined);
      if (session && session !== failed) return session;
      if (this.#sessions.get(key) !== current) return this.renew(key, failed);
    }
    return this.#start(key);
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  #start(key: string): Promise<S> {
    const refused = this.#refused.get(key);
    if (refused && this.#now() < refused.until) return Promise.reject(refused.error);
    const pending = this.create(key);
    this.#sessions.set(key, pending);
    pending.then(
      () => this.#refused.delete(key),
      (err: unknown) => {
        if (this.#sessions.get(key) === pending) this.#sessions.delete(key);
        if (err instanceof ProviderError && (err.upstreamStatus === 401 || err.upstreamStatus === 403)) {
          const base = this.options.backoffMs ?? 5_000;
          const wait = refused ? Math.min(refused.wait * 2, this.options.maxBackoffMs ?? 300_000) : base;
          this.#refused.set(key, { error: err, until: this.#now() + wait, wait });
        }
      },
    );
    return pending;
  }
}

/** Waits `ms`, or rejects with the signal's reason when `signal` aborts (a caller's abort stays an abort). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `Retry-After` in seconds as RFC 9110 allows it: a number of seconds or an HTTP date (which
 * proxies and some providers send). Undefined when absent or unreadable; a date in the past is 0.
 */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
