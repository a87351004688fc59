import { z } from 'zod';
import {
  DEFAULT_LANGUAGE,
  LANGUAGE_TAG,
  definePlugin,
  ValidationError,
  StatusProviderToken,
  type StatusComponent,
  type StatusNotice,
  type StatusProvider,
  type StatusWebhookChange,
} from '@glasspane/host';
import { PLUGIN_ID, StatuspageClient, type StatuspageClientOptions } from './client.js';
import { toComponent, toNotice } from './mapper.js';

export { StatuspageClient, retryAfter } from './client.js';

/** Maintenance and incidents from an Atlassian Statuspage page. */
export class StatuspageStatusProvider implements StatusProvider {
  readonly source = PLUGIN_ID;
  readonly #client: StatuspageClient;
  readonly #locale: string;

  /** `locale`: the language the page is written in (Statuspage's API has no field for it); `en` by default. */
  constructor(options: StatuspageClientOptions & { locale?: string }) {
    this.#client = new StatuspageClient(options);
    this.#locale = options.locale ?? DEFAULT_LANGUAGE;
  }

  async listComponents(signal?: AbortSignal): Promise<StatusComponent[]> {
    return (await this.#client.listComponents(signal)).filter((c) => !c.group).map(toComponent);
  }

  /** Unresolved incidents, maintenance in progress and upcoming maintenance, once each. */
  async listNotices(signal?: AbortSignal): Promise<StatusNotice[]> {
    const lists = await Promise.all([
      this.#client.listIncidents('unresolved', signal),
      this.#client.listIncidents('active_maintenance', signal),
      this.#client.listIncidents('upcoming', signal),
    ]);
    const byId = new Map(lists.flat().map((i) => [i.id, i]));
    return [...byId.values()].map((i) => ({ ...toNotice(i), locale: this.#locale }));
  }

  /** Statuspage webhook payloads: `{ incident }` or `{ component_update, component }`. */
  acceptWebhook(payload: unknown): StatusWebhookChange {
    const p = payload as {
      incident?: { id?: unknown };
      component_update?: { component_id?: unknown };
      component?: { id?: unknown };
    } | null;
    if (p && typeof p === 'object') {
      if (p.incident && typeof p.incident.id === 'string') return { kind: 'incident', id: p.incident.id };
      const componentId = p.component_update?.component_id ?? p.component?.id;
      if (p.component_update && typeof componentId === 'string') return { kind: 'component', id: componentId };
    }
    throw new ValidationError('Not a Statuspage webhook: expected an "incident" or a "component_update" object with an id.');
  }
}

const config = z.object({
  apiUrl: z.url().default('https://api.statuspage.io/v1'),
  apiKey: z.string().min(1, 'STATUSPAGE_API_KEY is required'),
  pageId: z.string().min(1, 'STATUSPAGE_PAGE_ID is required'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Longest Retry-After waited out (Statuspage asks for up to a minute when rate-limiting). */
  maxRetryWaitSeconds: z.number().min(0).max(600).default(60),
  /**
   * The language the page's incidents and maintenance are written in (BCP 47, STATUSPAGE_LOCALE):
   * Statuspage's API does not say, and a page is written in one. Readers of another language see
   * the notices marked with it.
   */
  locale: z.string().regex(LANGUAGE_TAG, 'is not a language tag such as en or de').default(DEFAULT_LANGUAGE),
});

/**
 * Atlassian Statuspage (manage API v1) as a StatusProvider. Configure with
 * `STATUSPAGE_API_URL`, `STATUSPAGE_API_KEY`, `STATUSPAGE_PAGE_ID` (and `STATUSPAGE_LOCALE`, the page's language); point the page's
 * webhook subscription at `/api/v1/hooks/status/statuspage/<GLASSPANE_WEBHOOK_SECRET>`.
 */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['StatusProvider'],
  config,
  fromEnv: (env) => ({
    apiUrl: env.STATUSPAGE_API_URL || undefined,
    apiKey: env.STATUSPAGE_API_KEY,
    pageId: env.STATUSPAGE_PAGE_ID,
    locale: env.STATUSPAGE_LOCALE || undefined,
  }),
  register({ container, config }) {
    container.register(StatusProviderToken, { useValue: new StatuspageStatusProvider(config) });
  },
});
