/**
 * The SuiteTalk REST wire protocol, shared by the billing and the support provider: one
 * signer, one concurrency limit and one error mapping for the whole NetSuite account.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ProviderError, CircuitBreaker, FairLimit, providerFetch, retryAfterSeconds, sleep, type SharedSlots } from '@glasspane/host';

/** The tenant a NetSuite call is made for, so the account's concurrency is shared fairly. */
const onBehalfOf = new AsyncLocalStorage<string>();

/**
 * Wraps a provider so every call runs on behalf of the tenant account it names first
 * (`listInvoices(account, …)`): the client's FairLimit then queues it under that tenant.
 */
export function perTenant<T extends object>(provider: T): T {
  return new Proxy(provider, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        typeof args[0] === 'string' ? onBehalfOf.run(args[0], () => value.apply(target, args)) : value.apply(target, args);
    },
  });
}
import { authorizationHeader, type OAuthCredentials } from './oauth.js';

/** The plugin id, also the `source` of both providers and the `provider` in error metadata. */
export const PLUGIN_ID = 'netsuite';

/** Where and as whom to reach NetSuite, and how hard to push it. */
export interface NetSuiteClientOptions {
  /** The account id as NetSuite shows it: `1234567`, `1234567_SB1`. Also the OAuth realm. */
  accountId: string;
  /** Overrides `https://<slug>.suitetalk.api.netsuite.com/services/rest` (a proxy, the fake). */
  baseUrl?: string | undefined;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
  /** Per attempt. Default 20 s: SuiteQL over large ledgers is slow. */
  timeoutMs?: number | undefined;
  /** NetSuite governs concurrent requests per account (429 beyond it); default 5 in flight. */
  maxConcurrency?: number | undefined;
  /**
   * The account's concurrency slots shared with the other host processes on the same
   * database (NetSuite counts requests in flight per account, not per process). Without it
   * the limit holds per process only.
   */
  sharedSlots?: SharedSlots | undefined;
  /** Calls one tenant may have waiting for a slot; past it they fail fast with 503 provider_busy. Default 50. */
  maxQueuedPerTenant?: number | undefined;
  /** Retries after a 429 before giving up with `provider_rate_limited`. Default 3. */
  maxRetries?: number | undefined;
  /** First backoff when NetSuite sends no Retry-After; doubles per retry. Default 250 ms. */
  retryBaseMs?: number | undefined;
  /** Longest single wait honoured from Retry-After. Default 10 s. */
  maxRetryWaitMs?: number | undefined;
  /** SuiteQL answers at most 100,000 rows through REST; a query that would return more fails. */
  maxSuiteQLRows?: number | undefined;
}

/**
 * `1234567_SB1` → `1234567-sb1`: account ids in host names are lower-case with dashes.
 *
 * @example
 * ```ts
 * accountSlug('1234567_SB1'); // '1234567-sb1'
 * ```
 */
export const accountSlug = (accountId: string): string => accountId.toLowerCase().replace(/_/g, '-');

/** The REST root for an account: `https://1234567-sb1.suitetalk.api.netsuite.com/services/rest`. */
export const restBaseUrl = (accountId: string): string => `https://${accountSlug(accountId)}.suitetalk.api.netsuite.com/services/rest`;

/** NetSuite's error document: `{"type","title","status","o:errorDetails":[{"detail","o:errorCode"}]}`. */
interface NsErrorBody {
  type?: string;
  title?: string;
  status?: number;
  'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string; 'o:errorPath'?: string }[];
}

/**
 * A NetSuite failure as a ProviderError, keeping NetSuite's own error code so callers can
 * tell a duplicate external id from other refusals.
 */
export class NetSuiteError extends ProviderError {
  /** `o:errorCode` of the first error detail (`INVALID_LOGIN`, `USER_ERROR`, `DUP_RCRD` …). */
  readonly netsuiteCode: string | undefined;
  /** The first error detail's text, as NetSuite wrote it. */
  readonly netsuiteDetail: string | undefined;

  constructor(
    detail: string,
    options: ConstructorParameters<typeof ProviderError>[2] & { netsuiteCode?: string | undefined; netsuiteDetail?: string | undefined },
  ) {
    super(PLUGIN_ID, detail, options);
    this.netsuiteCode = options.netsuiteCode;
    this.netsuiteDetail = options.netsuiteDetail;
  }
}

/** A record reference as NetSuite writes it: `{"id":"108","refName":"Globex"}`. */
export interface NsRef {
  id: string;
  refName?: string;
}

/** Options of one `NetSuiteClient.request`. */
export interface RequestOptions {
  /** Query parameters; they are signed with the rest. */
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** `Prefer` header (`transient` for SuiteQL). */
  prefer?: string;
  signal?: AbortSignal | undefined;
}

/** A successful NetSuite answer. */
export interface NsResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON; `undefined` for an empty body (204). */
  data: unknown;
}

interface SuiteQLPage {
  items: Record<string, unknown>[];
  hasMore: boolean;
}

/** Seconds or an HTTP date (RFC 9110 10.2.3); `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  const seconds = retryAfterSeconds(header, now);
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * SuiteTalk REST with token-based authentication: record API, SuiteQL paged by limit and
 * offset, NetSuite's error documents turned into ProviderErrors, 429 retried with backoff,
 * and at most `maxConcurrency` requests in flight because NetSuite counts concurrency per
 * account, not per caller.
 *
 * @example
 * ```ts
 * const client = new NetSuiteClient({ accountId: '1234567_SB1', consumerKey, consumerSecret, tokenId, tokenSecret });
 * const rows = await client.suiteql<{ id: string }>("SELECT c.id FROM currency c WHERE c.symbol = 'EUR'");
 * const id = await client.createRecord('customerPayment', { customer: { id: '108' }, payment: 10 });
 * ```
 */
export class NetSuiteClient {
  /** Pauses calls to the provider while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  /** The REST root, without a trailing slash. */
  readonly baseUrl: string;
  /** NetSuite's per-account concurrency, shared fairly between the tenants (see `perTenant`). */
  readonly limit: FairLimit;
  readonly #credentials: OAuthCredentials;
  readonly #timeoutMs: number;
  readonly #maxRetries: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryWaitMs: number;
  readonly #maxRows: number;
  readonly #sharedSlots: SharedSlots | undefined;

  constructor(options: NetSuiteClientOptions) {
    this.baseUrl = (options.baseUrl ?? restBaseUrl(options.accountId)).replace(/\/+$/, '');
    this.#credentials = {
      realm: options.accountId,
      consumerKey: options.consumerKey,
      consumerSecret: options.consumerSecret,
      token: options.tokenId,
      tokenSecret: options.tokenSecret,
    };
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.limit = new FairLimit({
      max: options.maxConcurrency ?? 5,
      maxQueuedPerKey: options.maxQueuedPerTenant ?? 50,
      maxQueued: 500,
      pluginId: PLUGIN_ID,
      providerName: 'NetSuite',
    });
    this.#maxRetries = options.maxRetries ?? 3;
    this.#retryBaseMs = options.retryBaseMs ?? 250;
    this.#maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
    this.#maxRows = options.maxSuiteQLRows ?? 100_000;
    this.#sharedSlots = options.sharedSlots;
  }

  /**
   * One signed request. Throws a NetSuiteError for every non-2xx answer (after the 429
   * retries), `provider_unreachable` for network failures and timeouts, and
   * `provider_bad_response` for a 2xx body that is not JSON.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<NsResponse> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const href = url.href;
    // The slot is held across 429 backoffs on purpose: the account is already over its
    // concurrency, so our other callers should wait too rather than add to it.
    const send = async (): Promise<NsResponse> => {
      for (let attempt = 0; ; attempt++) {
        const headers: Record<string, string> = {
          authorization: authorizationHeader(method, href, this.#credentials),
          accept: 'application/json',
        };
        if (options.body !== undefined) headers['content-type'] = 'application/json';
        if (options.prefer) headers.prefer = options.prefer;
        const res = await providerFetch(
          PLUGIN_ID,
          'NetSuite',
          href,
          { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) },
          // A 429 is the account's concurrency limit (ours or another integration's): back-pressure, not an outage.
          { timeoutMs: this.#timeoutMs, signal: options.signal, breaker: this.breaker, rateLimitIsBackPressure: true },
        );
        const text = await this.#readBody(res, options.signal);
        if (res.status === 429 && attempt < this.#maxRetries) {
          const hinted = retryAfterMs(res.headers.get('retry-after'));
          const backoff = this.#retryBaseMs * 2 ** attempt + Math.random() * this.#retryBaseMs;
          await sleep(Math.min(hinted ?? backoff, this.#maxRetryWaitMs), options.signal);
          continue;
        }
        if (res.status < 200 || res.status > 299) throw errorFromResponse(res.status, text, res.headers);
        let data: unknown;
        if (text.trim()) {
          try {
            data = JSON.parse(text);
          } catch {
            throw new NetSuiteError(`NetSuite answered ${method} ${url.pathname} with something that is not JSON.`, {
              code: 'provider_bad_response',
              upstreamStatus: res.status,
            });
          }
        }
        return { status: res.status, headers: res.headers, data };
      }
    };
    // Fair between tenants within this process, then one of the account's slots across processes.
    const slots = this.#sharedSlots;
    return this.limit.run(
      onBehalfOf.getStore() ?? '',
      () => (slots ? slots.run(`netsuite:${this.#credentials.realm}`, send, options.signal) : send()),
      options.signal,
    );
  }

  /** Slots of the account held now across processes (0 without shared slots); for tests and diagnostics. */
  async sharedSlotsHeld(): Promise<number> {
    return this.#sharedSlots ? this.#sharedSlots.held(`netsuite:${this.#credentials.realm}`) : 0;
  }

  async #readBody(res: Response, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await res.text();
    } catch (err) {
      // The timeout can fire while the body streams in; providerFetch only covers the headers.
      if (signal?.aborted) throw err;
      throw new NetSuiteError(`NetSuite stopped answering within ${Math.round(this.#timeoutMs / 1000)} s.`, {
        status: 503,
        code: 'provider_unreachable',
        cause: err,
      });
    }
  }

  /** `GET /record/v1/{type}/{id}`; `undefined` when NetSuite has no such record (404). */
  async getRecord<T>(
    type: string,
    id: string,
    options: { expandSubResources?: boolean; signal?: AbortSignal | undefined } = {},
  ): Promise<T | undefined> {
    try {
      const { data } = await this.request('GET', `/record/v1/${type}/${recordKey(id)}`, {
        query: { expandSubResources: options.expandSubResources ? 'true' : undefined },
        signal: options.signal,
      });
      if (!data || typeof data !== 'object')
        throw new NetSuiteError(`NetSuite returned an empty ${type} record.`, { code: 'provider_bad_response' });
      return data as T;
    } catch (err) {
      if (err instanceof NetSuiteError && err.upstreamStatus === 404) return undefined;
      throw err;
    }
  }

  /** `POST /record/v1/{type}`: NetSuite answers 204 and names the new record in `Location`. */
  async createRecord(type: string, body: unknown, signal?: AbortSignal): Promise<string> {
    const { headers } = await this.request('POST', `/record/v1/${type}`, { body, signal });
    const id = idFromLocation(headers.get('location'), type);
    if (!id)
      throw new NetSuiteError(`NetSuite created a ${type} but its Location header does not name it.`, { code: 'provider_bad_response' });
    return id;
  }

  /** `PATCH /record/v1/{type}/{id}` with only the fields to change. */
  async updateRecord(type: string, id: string, body: unknown, signal?: AbortSignal): Promise<void> {
    await this.request('PATCH', `/record/v1/${type}/${recordKey(id)}`, { body, signal });
  }

  /**
   * Every row of a SuiteQL query, fetched page by page (`limit`/`offset`) until NetSuite
   * says `hasMore: false`. Values arrive as NetSuite sends them (strings, numbers; null
   * columns are absent); the per-row `links` are dropped.
   */
  async suiteql<T extends object>(q: string, options: { signal?: AbortSignal | undefined; pageSize?: number } = {}): Promise<T[]> {
    const pageSize = Math.min(Math.max(1, options.pageSize ?? 1000), 1000);
    const rows: T[] = [];
    for (let offset = 0; ; offset += pageSize) {
      if (offset >= this.#maxRows) {
        throw new NetSuiteError(`The SuiteQL query returns more than ${this.#maxRows} rows; narrow it.`, { code: 'provider_error' });
      }
      const { data } = await this.request('POST', '/query/v1/suiteql', {
        query: { limit: pageSize, offset },
        body: { q },
        prefer: 'transient',
        signal: options.signal,
      });
      const page = data as Partial<SuiteQLPage> | undefined;
      if (!page || !Array.isArray(page.items) || typeof page.hasMore !== 'boolean') {
        throw new NetSuiteError('NetSuite answered a SuiteQL query without items/hasMore.', { code: 'provider_bad_response' });
      }
      for (const item of page.items) {
        const { links: _links, ...row } = item;
        rows.push(row as T);
      }
      if (!page.hasMore) return rows;
      // A page that claims more but brings nothing would page forever.
      if (page.items.length === 0)
        throw new NetSuiteError('NetSuite said a SuiteQL query has more rows but sent none.', { code: 'provider_bad_response' });
    }
  }
}

/** An internal id, or `eid:<external id>` with its colon kept as NetSuite writes it. */
const recordKey = (id: string) => encodeURIComponent(id).replace(/^eid%3A/i, 'eid:');

/** The record id at the end of a `Location` header (`…/record/v1/customerPayment/2301`). */
export function idFromLocation(location: string | null, type: string): string | undefined {
  if (!location) return undefined;
  let path: string;
  try {
    path = new URL(location, 'http://x').pathname;
  } catch {
    return undefined;
  }
  const match = new RegExp(`/record/v1/${type}/(\\d+)/?$`, 'i').exec(path);
  return match?.[1];
}

/** NetSuite's error document and status → the ProviderError the host answers with. */
export function errorFromResponse(status: number, text: string, headers?: Headers): NetSuiteError {
  let body: NsErrorBody | undefined;
  try {
    body = JSON.parse(text) as NsErrorBody;
  } catch {
    body = undefined;
  }
  const first = body?.['o:errorDetails']?.[0];
  const netsuiteCode = first?.['o:errorCode'];
  const netsuiteDetail = first?.detail ?? body?.title;
  const common = { upstreamStatus: status, netsuiteCode, netsuiteDetail };
  const said = netsuiteDetail ? ` NetSuite said: ${netsuiteDetail}` : '';

  if (status === 401 || netsuiteCode === 'INVALID_LOGIN') {
    // Every signature fault (wrong key or secret, wrong realm, clock skew, reused nonce)
    // looks the same from outside, so the message lists what the operator can check.
    return new NetSuiteError(
      "NetSuite refused the login (INVALID_LOGIN). Check NETSUITE_CONSUMER_KEY/NETSUITE_CONSUMER_SECRET and NETSUITE_TOKEN_ID/NETSUITE_TOKEN_SECRET, that NETSUITE_ACCOUNT_ID is the account the token belongs to, and that this machine's clock is right (NetSuite rejects timestamps a few minutes off). The Login Audit Trail in NetSuite shows the reason.",
      { code: 'provider_auth_failed', ...common },
    );
  }
  if (status === 403) {
    return new NetSuiteError(`NetSuite refused the request: the token's role lacks a permission.${said}`, {
      code: 'provider_forbidden',
      ...common,
    });
  }
  if (status === 404) return new NetSuiteError(`NetSuite has no such record.${said}`, { status: 404, code: 'not_found', ...common });
  if (status === 429) {
    const wait = retryAfterMs(headers?.get('retry-after') ?? null);
    return new NetSuiteError('NetSuite is over its concurrent request limit for this account; try again shortly.', {
      status: 503,
      code: 'provider_rate_limited',
      retryAfterSeconds: Math.max(1, Math.ceil((wait ?? 1000) / 1000)),
      ...common,
    });
  }
  if (status === 400 || status === 409 || status === 422) {
    return new NetSuiteError(
      netsuiteDetail
        ? `NetSuite refused the request: ${netsuiteDetail}${netsuiteCode ? ` (${netsuiteCode})` : ''}`
        : 'NetSuite refused the request as invalid.',
      {
        status: 422,
        code: 'invalid',
        ...common,
      },
    );
  }
  return new NetSuiteError(`NetSuite answered ${status}.${said}`, { code: 'provider_error', ...common });
}
