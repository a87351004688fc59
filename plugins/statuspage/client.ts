import { z } from 'zod';
import { ProviderError, CircuitBreaker, providerFetch, retryAfterSeconds, sleep } from '@glasspane/host';

export const PLUGIN_ID = 'statuspage';

/** Statuspage's largest page; it silently truncates anything above. */
export const MAX_PER_PAGE = 100;

export interface StatuspageClientOptions {
  /** `https://api.statuspage.io/v1` */
  apiUrl: string;
  apiKey: string;
  pageId: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** Longest `Retry-After` honoured before giving up. Default 60 s (Statuspage asks for up to a minute). */
  maxRetryWaitSeconds?: number;
  /** Retries after 420/429. Default 3. */
  maxRetries?: number;
  /** Safety cap on paging. Default 50 pages. */
  maxPages?: number;
}

const component = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  group_id: z.string().nullable().optional(),
  group: z.boolean().optional(),
  description: z.string().nullable().optional(),
  position: z.number().optional(),
  updated_at: z.string().optional(),
});
export type StatuspageComponent = z.infer<typeof component>;

const incidentUpdate = z.object({
  id: z.string(),
  status: z.string(),
  body: z.string().nullable().optional(),
  display_at: z.string().nullable().optional(),
  created_at: z.string(),
});

const incident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  impact: z.string().nullable().optional(),
  impact_override: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  resolved_at: z.string().nullable().optional(),
  shortlink: z.string().nullable().optional(),
  scheduled_for: z.string().nullable().optional(),
  scheduled_until: z.string().nullable().optional(),
  components: z
    .array(z.object({ id: z.string() }).passthrough())
    .optional()
    .default([]),
  incident_updates: z.array(incidentUpdate).optional().default([]),
});
export type StatuspageIncident = z.infer<typeof incident>;

const errorBody = z.object({ message: z.string().optional(), error: z.string().optional() }).passthrough();

/**
 * The Statuspage v1 manage API: `Authorization: OAuth <key>`, bare JSON arrays paged with
 * `page`/`per_page` until a short page, 420 and 429 answered with `Retry-After`.
 */
export class StatuspageClient {
  /** Pauses calls to the provider while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  readonly #o: Required<StatuspageClientOptions>;

  constructor(options: StatuspageClientOptions) {
    this.#o = {
      timeoutMs: 10_000,
      maxRetryWaitSeconds: 60,
      maxRetries: 3,
      maxPages: 50,
      ...options,
      apiUrl: options.apiUrl.replace(/\/$/, ''),
    };
  }

  listComponents(signal?: AbortSignal): Promise<StatuspageComponent[]> {
    return this.#all('components', component, signal);
  }

  /** `unresolved`, `upcoming`, `active_maintenance`, `scheduled` or `` (all). */
  listIncidents(
    which: 'unresolved' | 'upcoming' | 'active_maintenance' | 'scheduled',
    signal?: AbortSignal,
  ): Promise<StatuspageIncident[]> {
    return this.#all(`incidents/${which}`, incident, signal);
  }

  async #all<T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= this.#o.maxPages; page++) {
      const batch = await this.#get(`${path}?page=${page}&per_page=${MAX_PER_PAGE}`, z.array(schema), signal);
      items.push(...batch);
      if (batch.length < MAX_PER_PAGE) return items;
    }
    return items;
  }

  async #get<T>(pathAndQuery: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const url = `${this.#o.apiUrl}/pages/${encodeURIComponent(this.#o.pageId)}/${pathAndQuery}`;
    for (let attempt = 0; ; attempt++) {
      const res = await providerFetch(
        PLUGIN_ID,
        'Statuspage',
        url,
        { headers: { authorization: `OAuth ${this.#o.apiKey}`, accept: 'application/json' } },
        { timeoutMs: this.#o.timeoutMs, signal, breaker: this.breaker },
      );
      if (res.status === 420 || res.status === 429) {
        const wait = retryAfter(res.headers.get('retry-after'));
        await res.body?.cancel();
        if (attempt >= this.#o.maxRetries || wait > this.#o.maxRetryWaitSeconds) {
          throw new ProviderError(PLUGIN_ID, 'Statuspage is rate-limiting requests (1 per second per key); try again shortly.', {
            status: 503,
            code: 'provider_rate_limited',
            upstreamStatus: res.status,
            retryAfterSeconds: wait,
          });
        }
        await sleep(wait * 1000, signal);
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw this.#error(res.status, text);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ProviderError(PLUGIN_ID, 'Statuspage answered with something that is not JSON.', {
          code: 'provider_bad_response',
          upstreamStatus: res.status,
        });
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new ProviderError(
          PLUGIN_ID,
          `Statuspage answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'root'}: ${parsed.error.issues[0]?.message}).`,
          {
            code: 'provider_bad_response',
            upstreamStatus: res.status,
          },
        );
      }
      return parsed.data;
    }
  }

  #error(status: number, text: string): ProviderError {
    let message = '';
    try {
      const body = errorBody.safeParse(JSON.parse(text));
      if (body.success) message = body.data.message ?? body.data.error ?? '';
    } catch {
      // Not JSON: the status says enough.
    }
    if (status === 401 || status === 403) {
      return new ProviderError(PLUGIN_ID, `Statuspage refused the API key${message ? ` (${message})` : ''}; check STATUSPAGE_API_KEY.`, {
        code: 'provider_auth_failed',
        upstreamStatus: status,
      });
    }
    if (status === 404) {
      return new ProviderError(PLUGIN_ID, `Statuspage has no page "${this.#o.pageId}"; check STATUSPAGE_PAGE_ID.`, {
        code: 'provider_not_found',
        upstreamStatus: status,
      });
    }
    return new ProviderError(PLUGIN_ID, `Statuspage answered ${status}${message ? `: ${message}` : ''}.`, {
      code: 'provider_error',
      upstreamStatus: status,
    });
  }
}

/** `Retry-After` in seconds (a number or an HTTP date); 1 s when absent or unreadable. */
export function retryAfter(header: string | null): number {
  return retryAfterSeconds(header) ?? 1;
}
