import { ProviderError } from '../../host/errors.js';
import { providerFetch } from '../../host/provider-http.js';
import { authorizationHeader, type OAuthCredentials } from './oauth.js';

export const PLUGIN_ID = 'netsuite';

export interface NetSuiteOptions {
  accountId: string;
  /** Overrides `https://<account>.suitetalk.api.netsuite.com/services/rest` (the fake). */
  baseUrl?: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
  timeoutMs?: number;
  /** NetSuite governs concurrency per account; default 5 requests in flight. */
  maxConcurrency?: number;
}

/** `1234567_SB1` → `1234567-sb1`, as NetSuite spells account ids in host names. */
export const accountSlug = (accountId: string) => accountId.toLowerCase().replace(/_/g, '-');

interface SuiteQLPage<T> {
  items: T[];
  hasMore: boolean;
  count: number;
  offset: number;
  totalResults: number;
}

/**
 * SuiteTalk REST with token-based authentication (OAuth 1.0a, HMAC-SHA256): record API,
 * SuiteQL paged by limit/offset, NetSuite's error bodies mapped, 429s retried, and at most
 * `maxConcurrency` requests in flight.
 */
export class NetSuiteClient {
  readonly base: string;
  readonly #credentials: OAuthCredentials;
  readonly #timeoutMs: number;
  readonly #max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(options: NetSuiteOptions) {
    this.base = (options.baseUrl ?? `https://${accountSlug(options.accountId)}.suitetalk.api.netsuite.com/services/rest`).replace(/\/+$/, '');
    this.#credentials = { realm: options.accountId, consumerKey: options.consumerKey, consumerSecret: options.consumerSecret, token: options.tokenId, tokenSecret: options.tokenSecret };
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.#max = options.maxConcurrency ?? 5;
  }

  async request(method: string, path: string, body?: unknown, options: { prefer?: string; signal?: AbortSignal } = {}): Promise<{ status: number; data: any; headers: Headers }> {
    await this.#acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        const url = `${this.base}${path}`;
        const headers: Record<string, string> = { authorization: authorizationHeader(method, url, this.#credentials), accept: 'application/json' };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (options.prefer) headers.prefer = options.prefer;
        const res = await providerFetch(PLUGIN_ID, 'NetSuite', url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, { timeoutMs: this.#timeoutMs, signal: options.signal });
        if (res.status === 429 && attempt < 3) {
          await res.body?.cancel();
          await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 0) * 1000 || 250 * 2 ** attempt));
          continue;
        }
        const text = await res.text();
        if (!res.ok) throw mapError(res.status, text);
        let data: unknown;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          throw new ProviderError(PLUGIN_ID, 'NetSuite answered with something that is not JSON.', { code: 'provider_bad_response', upstreamStatus: res.status });
        }
        return { status: res.status, data, headers: res.headers };
      }
    } finally {
      this.#release();
    }
  }

  /** Every row of a SuiteQL query, paged by limit/offset until `hasMore` is false. */
  async suiteql<T>(q: string, signal?: AbortSignal, pageSize = 1000): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; offset < 100_000; offset += pageSize) {
      const { data } = await this.request('POST', `/query/v1/suiteql?limit=${pageSize}&offset=${offset}`, { q }, { prefer: 'transient', signal });
      const page = data as SuiteQLPage<T>;
      rows.push(...page.items.map((i) => stripLinks(i)));
      if (!page.hasMore) break;
    }
    return rows;
  }

  /** Creates a record: 204 with the new id in `Location`. */
  async create(type: string, body: unknown, signal?: AbortSignal): Promise<string> {
    const { headers } = await this.request('POST', `/record/v1/${type}`, body, { signal });
    const id = headers.get('location')?.split('/').pop();
    if (!id) throw new ProviderError(PLUGIN_ID, `NetSuite created a ${type} but did not say its id.`, { code: 'provider_bad_response' });
    return id;
  }

  async #acquire() {
    if (this.#active < this.#max) {
      this.#active++;
      return;
    }
    await new Promise<void>((r) => this.#waiting.push(r));
    this.#active++;
  }

  #release() {
    this.#active--;
    this.#waiting.shift()?.();
  }
}

function stripLinks<T>(row: T): T {
  const { links: _links, ...rest } = row as T & { links?: unknown };
  return rest as T;
}

/** `{"type","title","status","o:errorDetails":[{"detail","o:errorCode"}]}` → a readable error. */
export function mapError(status: number, text: string): ProviderError {
  let code = '';
  let detail = '';
  try {
    const body = JSON.parse(text) as { title?: string; 'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string }[] };
    code = body['o:errorDetails']?.[0]?.['o:errorCode'] ?? '';
    detail = body['o:errorDetails']?.[0]?.detail ?? body.title ?? '';
  } catch {
    detail = '';
  }
  if (status === 401 || code === 'INVALID_LOGIN') {
    return new ProviderError(PLUGIN_ID, 'NetSuite refused the login; check the token and consumer keys, the account id, and this machine\'s clock.', { code: 'provider_auth_failed', upstreamStatus: status });
  }
  if (status === 404) return new ProviderError(PLUGIN_ID, 'NetSuite has no such record.', { status: 404, code: 'not_found', upstreamStatus: status });
  if (status === 429) return new ProviderError(PLUGIN_ID, 'NetSuite is busy (too many concurrent requests); try again shortly.', { status: 503, code: 'provider_rate_limited', upstreamStatus: status, retryAfterSeconds: 2 });
  if (status === 400 && code === 'INVALID_CONTENT') return new ProviderError(PLUGIN_ID, detail || 'NetSuite refused the record.', { status: 422, code: 'invalid', upstreamStatus: status });
  return new ProviderError(PLUGIN_ID, `NetSuite answered ${status}${detail ? `: ${detail}` : ''}.`, { code: 'provider_error', upstreamStatus: status });
}

/** NetSuite amounts are decimals: minor units exactly, by the currency's exponent. */
export function toMinor(value: string | number | null | undefined, currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const [int, frac = ''] = String(value ?? 0).split('.');
  const sign = int!.startsWith('-') ? -1 : 1;
  const whole = Math.abs(Number(int));
  const fraction = Number((frac + '0'.repeat(digits)).slice(0, digits) || 0);
  return sign * (whole * 10 ** digits + fraction);
}

export function fromMinor(minor: number, currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}
