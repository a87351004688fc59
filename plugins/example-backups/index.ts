/**
 * The example plugin of docs/writing-a-plugin.md: backup runs from "Vaultly", a fictional
 * backup service, on the account calendar. It uses only what `@glasspane/host` exports,
 * imported by that name exactly as a plugin in its own package does.
 *
 * Vaultly's API: `GET {apiUrl}/v1/accounts/{account}/jobs?since=<ISO>&cursor=<c>` with
 * `Authorization: Bearer <token>`, answering `{ jobs: [{ id, server, serverName, started,
 * state: 'succeeded'|'failed'|'running' }], next: <cursor>|null }`; 401 for a bad token,
 * 429 with `Retry-After` when called too often.
 */
import { z } from 'zod';
import {
  CircuitBreaker,
  EventSourceToken,
  ProviderError,
  definePlugin,
  providerFetch,
  type EventSource,
  type ProviderEvent,
} from '@glasspane/host';

export const PLUGIN_ID = 'vaultly';

const config = z.object({
  apiUrl: z.url(),
  token: z.string().min(1),
  timeoutMs: z.number().int().min(100).default(10_000),
});
export type VaultlyConfig = z.infer<typeof config>;

const page = z.object({
  jobs: z.array(
    z.object({
      id: z.string(),
      server: z.string(),
      serverName: z.string(),
      started: z.iso.datetime({ offset: true }),
      state: z.enum(['succeeded', 'failed', 'running']),
    }),
  ),
  next: z.string().nullable(),
});

/** Backup jobs of one Vaultly account (the tenant's compute scope, or its id) as account events. */
export class VaultlyEvents implements EventSource {
  readonly source = PLUGIN_ID;
  readonly #breaker = new CircuitBreaker();

  constructor(private readonly o: VaultlyConfig) {}

  async listEvents(scope: string, range: { since: Date; until: Date }, signal?: AbortSignal): Promise<ProviderEvent[]> {
    const events: ProviderEvent[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const url = new URL(`${this.o.apiUrl.replace(/\/$/, '')}/v1/accounts/${encodeURIComponent(scope)}/jobs`);
      url.searchParams.set('since', range.since.toISOString());
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await providerFetch(
        PLUGIN_ID,
        'Vaultly',
        url.href,
        { headers: { authorization: `Bearer ${this.o.token}`, accept: 'application/json' } },
        { timeoutMs: this.o.timeoutMs, signal, breaker: this.#breaker },
      );
      if (res.status === 401)
        throw new ProviderError(PLUGIN_ID, 'Vaultly refused the API token; check VAULTLY_TOKEN.', {
          status: 502,
          code: 'provider_auth_failed',
          upstreamStatus: 401,
        });
      if (res.status === 429) {
        const wait = Number(res.headers.get('retry-after')) || 60;
        throw new ProviderError(PLUGIN_ID, `Vaultly asks us to slow down; try again in ${wait} s.`, {
          status: 503,
          code: 'provider_rate_limited',
          upstreamStatus: 429,
          retryAfterSeconds: wait,
        });
      }
      if (!res.ok)
        throw new ProviderError(PLUGIN_ID, `Vaultly answered ${res.status}.`, {
          status: 502,
          code: 'provider_error',
          upstreamStatus: res.status,
        });
      const parsed = page.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        throw new ProviderError(PLUGIN_ID, 'Vaultly answered something that is not a job list.', {
          status: 502,
          code: 'provider_bad_response',
        });
      for (const job of parsed.data.jobs) {
        const at = new Date(job.started);
        if (job.state === 'running' || at < range.since || at > range.until) continue;
        const failed = job.state === 'failed';
        events.push({
          id: job.id,
          type: 'backup',
          at: at.toISOString(),
          title: `Backup of ${job.serverName}${failed ? ' failed' : ''}`,
          severity: failed ? 'critical' : 'info',
          serviceId: job.server,
          serviceName: job.serverName,
        });
      }
      cursor = parsed.data.next;
      if (!cursor) break;
    }
    return events;
  }
}

export default definePlugin({
  id: PLUGIN_ID,
  provides: ['EventSource'],
  config,
  fromEnv: (env) => ({ apiUrl: env.VAULTLY_API_URL, token: env.VAULTLY_TOKEN }),
  register({ container, config }) {
    container.register(EventSourceToken, { useValue: new VaultlyEvents(config) });
  },
});
