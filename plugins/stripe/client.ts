import { setTimeout as delay } from 'node:timers/promises';
import { ProviderError } from '@glasspane/host';
import { CircuitBreaker, providerFetch } from '@glasspane/host';
import { encodeForm, type FormValue } from './form.js';

export const PLUGIN_ID = 'stripe';

/**
 * The API version every request pins (`Stripe-Version`), so an account's dashboard default
 * never changes what the plugin reads. It is the version stripe-node pins in its
 * `src/apiVersion.ts` at the time of writing; the objects and fields the plugin uses
 * (intents, payment methods, refunds, events, search) are stable across recent versions.
 */
export const STRIPE_API_VERSION = '2026-08-26.dahlia';

export interface StripeClientOptions {
  /** `https://api.stripe.com` */
  apiBase: string;
  /** `sk_…` or a restricted `rk_…` key. */
  secretKey: string;
  apiVersion?: string;
  /** Per request. Default 30 s (charges can take a while at the card network). */
  timeoutMs?: number;
  /** Retries after 429, 409, 5xx and lost answers. Default 3. */
  maxRetries?: number;
  /** First backoff step; doubles each retry, up to 8 s. Default 500 ms. */
  backoffMs?: number;
  /** Safety cap on auto-paging. Default 100 pages. */
  maxPages?: number;
  /** Injected for tests: waits between retries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  breaker?: CircuitBreaker;
}

/** Stripe's error object (`{"error": {…}}`). */
export interface StripeErrorObject {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
  param?: string;
  charge?: string;
  payment_intent?: Record<string, unknown>;
  setup_intent?: Record<string, unknown>;
}

/**
 * A POST's outcome: the object, or a card error (HTTP 402, `type: card_error`), which is the
 * customer's bank saying no, not Stripe failing: callers turn it into a decline.
 */
export type StripePostResult<T> = { ok: true; value: T; replayed: boolean } | { ok: false; cardError: StripeErrorObject };

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * Stripe's v1 wire protocol: Bearer auth, form bodies in bracket notation, a pinned
 * `Stripe-Version`, an `Idempotency-Key` on every POST (supplied by the caller, so a retry
 * after a crash reuses it), retries with exponential backoff that obey `Stripe-Should-Retry`,
 * cursor pagination and Stripe's errors turned into readable ProviderErrors.
 */
export class StripeClient {
  readonly breaker: CircuitBreaker;
  readonly #o: Required<Omit<StripeClientOptions, 'breaker'>>;

  constructor(options: StripeClientOptions) {
    this.#o = {
      apiVersion: STRIPE_API_VERSION,
      timeoutMs: 30_000,
      maxRetries: 3,
      backoffMs: 500,
      maxPages: 100,
      sleep: (ms, signal) => delay(ms, undefined, { signal }),
      ...options,
      apiBase: options.apiBase.replace(/\/$/, ''),
    };
    this.breaker = options.breaker ?? new CircuitBreaker();
  }

  get<T>(path: string, query: Record<string, FormValue> = {}, signal?: AbortSignal): Promise<T> {
    const qs = encodeForm(query);
    return this.#send<T>('GET', qs ? `${path}?${qs}` : path, undefined, null, signal).then((r) => {
      if (!r.ok) throw cardErrorAsProviderError(r.cardError);
      return r.value;
    });
  }

  /** A POST with the caller's idempotency key: the same key never performs the operation twice. */
  post<T>(path: string, params: Record<string, FormValue>, idempotencyKey: string, signal?: AbortSignal): Promise<StripePostResult<T>> {
    if (!idempotencyKey) throw new TypeError('Every Stripe POST needs an idempotency key.');
    return this.#send<T>('POST', path, encodeForm(params), idempotencyKey, signal);
  }

  /** Every item of a cursor list, page after page (`starting_after` the last id while `has_more`). */
  async *list<T extends { id: string }>(path: string, query: Record<string, FormValue> = {}, signal?: AbortSignal): AsyncGenerator<T> {
    let after: string | undefined;
    for (let page = 0; page < this.#o.maxPages; page++) {
      const res = await this.get<StripeList<T>>(path, { limit: 100, ...query, starting_after: after }, signal);
      yield* res.data;
      const last = res.data.at(-1);
      if (!res.has_more || !last) return;
      after = last.id;
    }
  }

  /** All results of a `/search` query (`page` = the previous `next_page`). Results lag writes. */
  async search<T>(path: string, query: string, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    let page: string | undefined;
    for (let n = 0; n < this.#o.maxPages; n++) {
      const res = await this.get<{ data: T[]; has_more: boolean; next_page: string | null }>(path, { query, limit: 100, page }, signal);
      out.push(...res.data);
      if (!res.has_more || !res.next_page) break;
      page = res.next_page;
    }
    return out;
  }

  async #send<T>(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    body: string | undefined,
    idempotencyKey: string | null,
    signal?: AbortSignal,
  ): Promise<StripePostResult<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#o.secretKey}`,
      'stripe-version': this.#o.apiVersion,
      accept: 'application/json',
      'user-agent': 'Glasspane (stripe plugin)',
    };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const url = `${this.#o.apiBase}${pathAndQuery}`;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await providerFetch(
          PLUGIN_ID,
          'Stripe',
          url,
          { method, headers, body },
          { timeoutMs: this.#o.timeoutMs, signal, breaker: this.breaker },
        );
      } catch (err) {
        // No answer: with the same idempotency key a retry is safe (Stripe replays a finished request).
        if (
          err instanceof ProviderError &&
          err.errors[0]?.code === 'provider_unreachable' &&
          attempt < this.#o.maxRetries &&
          !signal?.aborted
        ) {
          await this.#o.sleep(this.#backoff(attempt), signal);
          continue;
        }
        throw err;
      }
      const text = await res.text();
      const shouldRetry = res.headers.get('stripe-should-retry');
      const retryable =
        shouldRetry === 'true' || (shouldRetry !== 'false' && (res.status === 409 || res.status === 429 || res.status >= 500));
      if (!res.ok && retryable && attempt < this.#o.maxRetries) {
        await this.#o.sleep(this.#backoff(attempt), signal);
        continue;
      }
      const json = parseJson(text, res.status);
      if (res.ok) return { ok: true, value: json as T, replayed: res.headers.get('idempotent-replayed') === 'true' };
      const error = ((json as { error?: StripeErrorObject } | null)?.error ?? { type: 'api_error' }) as StripeErrorObject;
      if (res.status === 402 || error.type === 'card_error') return { ok: false, cardError: error };
      throw toProviderError(res.status, error, res.headers.get('request-id'));
    }
  }

  /** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each scaled by 0.5–1. */
  #backoff(attempt: number): number {
    return Math.min(8_000, this.#o.backoffMs * 2 ** attempt) * (0.5 + Math.random() / 2);
  }
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(PLUGIN_ID, `Stripe answered ${status} with something that is not JSON.`, {
      code: 'provider_bad_response',
      upstreamStatus: status,
    });
  }
}

/** Stripe's error object as a ProviderError whose message says what to do. */
export function toProviderError(status: number, e: StripeErrorObject, requestId?: string | null): ProviderError {
  const said = `${e.message ?? 'no message'}${e.param ? ` (parameter ${e.param})` : ''}${requestId ? ` [${requestId}]` : ''}`;
  if (status === 401)
    return new ProviderError(PLUGIN_ID, `Stripe refused the secret key: ${said}. Check STRIPE_SECRET_KEY.`, {
      code: 'provider_auth_failed',
      upstreamStatus: status,
    });
  if (status === 403)
    return new ProviderError(
      PLUGIN_ID,
      `The Stripe key may not do this: ${said}. A restricted key (rk_…) needs write access to customers, SetupIntents, PaymentIntents and refunds.`,
      { code: 'provider_forbidden', upstreamStatus: status },
    );
  if (status === 429)
    return new ProviderError(PLUGIN_ID, `Stripe is rate-limiting requests: ${said}. Try again shortly.`, {
      status: 503,
      code: 'provider_rate_limited',
      upstreamStatus: status,
      retryAfterSeconds: 2,
    });
  if (e.type === 'idempotency_error')
    return new ProviderError(PLUGIN_ID, `Stripe refused a reused idempotency key: ${said}.`, {
      status: 409,
      code: 'provider_idempotency_conflict',
      upstreamStatus: status,
    });
  if (status === 404)
    return new ProviderError(PLUGIN_ID, `Stripe has no such object: ${said}.`, {
      status: 404,
      code: 'provider_not_found',
      upstreamStatus: status,
    });
  if (status >= 500)
    return new ProviderError(PLUGIN_ID, `Stripe failed (${status}): ${said}.`, { code: 'provider_error', upstreamStatus: status });
  return new ProviderError(PLUGIN_ID, `Stripe refused the request (${e.code ?? e.type}): ${said}.`, {
    code: 'provider_rejected',
    upstreamStatus: status,
  });
}

function cardErrorAsProviderError(e: StripeErrorObject): ProviderError {
  return new ProviderError(PLUGIN_ID, `Stripe answered a card error to a read: ${e.message ?? e.code}.`, {
    code: 'provider_bad_response',
    upstreamStatus: 402,
  });
}
