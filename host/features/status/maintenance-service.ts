import { httpUrlOrNull } from '../../safe-url.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { NoticeImpact, NoticeStatus, StatusNotice, StatusProvider } from '../../ports/status-provider.js';
import { ApiError, DomainError, ProviderError } from '../../errors.js';
import { errorMessage, type ErrorMessage } from '../../error-messages.js';
import { failureWords } from '../../provider-words.js';
import { toResource } from './resources.js';
import { DEFAULT_LANGUAGE } from '../../language.js';
import type { TenantService } from '../tenants/tenant-service.js';

export const MAINTENANCES_TOPIC = 'maintenances';

/** A notice as one tenant sees it: the `maintenances` resource's attributes. */
export interface MaintenanceAttributes {
  kind: 'incident' | 'maintenance';
  title: string;
  status: NoticeStatus;
  impact: NoticeImpact;
  /** `active` now, or `upcoming` (scheduled, not started). */
  phase: 'active' | 'upcoming';
  scheduledFor: string | null;
  scheduledUntil: string | null;
  startedAt: string | null;
  updatedAt: string;
  /** No component of this notice belongs to any tenant: everyone sees it. */
  platformWide: boolean;
  affectedServices: { id: string; name: string }[];
  latestUpdate: { status: string; body: string; at: string } | null;
  url: string | null;
  source: string;
  /** The language `title` and `latestUpdate.body` are written in (BCP 47). */
  locale: string;
}

export interface Maintenance {
  id: string;
  attributes: MaintenanceAttributes;
}

export interface TenantMaintenances {
  items: Maintenance[];
  /** Sources that could not answer; their notices are missing or stale. */
  unavailable: { source: string; code: string; detail: string; stale: boolean }[];
}

interface SourceSnapshot {
  at: number;
  notices: StatusNotice[];
  error?: ProviderError;
}

export interface MaintenanceServiceOptions {
  /** How long one provider answer is reused. Default 15 s. */
  cacheMs?: number;
  /** How long a provider's last good answer is shown while it is down. Default 10 min. */
  staleMs?: number;
  now?: () => Date;
}

const DONE: ReadonlySet<NoticeStatus> = new Set(['resolved', 'postmortem', 'completed']);

/**
 * Merges every StatusProvider's notices and decides which tenant sees which: a notice
 * reaches a tenant whose services its components are linked to, or everyone when none
 * of its components is linked to any tenant. `refresh()` (poller and webhooks) diffs
 * each tenant's view and publishes only the changes to the stream.
 */
export class MaintenanceService {
  readonly #cache = new Map<string, SourceSnapshot>();
  readonly #inflight = new Map<string, Promise<SourceSnapshot>>();
  /** Last published view per tenant: id -> serialized attributes. */
  readonly #published = new Map<string, Map<string, string>>();
  readonly #cacheMs: number;
  readonly #staleMs: number;
  readonly #now: () => Date;
  /** Whether the first refresh (the baseline) has run; later tenants start from nothing. */
  #baselined = false;
  /** The refresh running now; the next one waits for it. */
  #refreshing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly providers: readonly StatusProvider[],
    private readonly tenants: TenantService,
    private readonly bus: EventBus,
    options: MaintenanceServiceOptions = {},
  ) {
    this.#cacheMs = options.cacheMs ?? 15_000;
    this.#staleMs = options.staleMs ?? 10 * 60_000;
    this.#now = options.now ?? (() => new Date());
  }

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  hasSource(source: string): boolean {
    return this.providers.some((p) => p.source === source);
  }

  provider(source: string): StatusProvider | undefined {
    return this.providers.find((p) => p.source === source);
  }

  /** What `tenantId` sees now. Throws 503 only when every source failed with nothing cached. */
  async listForTenant(tenantId: string, options: { signal?: AbortSignal; fresh?: boolean } = {}): Promise<TenantMaintenances> {
    const snapshots = await Promise.all(this.providers.map((p) => this.#snapshot(p, options)));
    const links = await this.tenants.allComponentLinks();
    return this.#view(tenantId, snapshots, links);
  }

  /**
   * Refetches every source and publishes per-tenant changes. The first run after
   * start only records the baseline: clients fetch the list when they connect.
   */
  async refresh(signal?: AbortSignal): Promise<{ published: number }> {
    // One refresh at a time: two diffing against the same baseline would publish twice,
    // and an older snapshot finishing last would undo a newer one.
    const run = this.#refreshing.then(() => this.#refresh(signal));
    this.#refreshing = run.catch(() => undefined);
    return run;
  }

  async #refresh(signal?: AbortSignal): Promise<{ published: number }> {
    const snapshots = await Promise.all(this.providers.map((p) => this.#snapshot(p, { fresh: true, signal })));
    const links = await this.tenants.allComponentLinks();
    let published = 0;
    for (const tenant of await this.tenants.list()) {
      const view = this.#view(tenant.id, snapshots, links);
      // A source that is down must not look like "all its notices were resolved".
      const downSources = new Set(view.unavailable.filter((u) => !u.stale).map((u) => u.source));
      const next = new Map(view.items.map((m) => [m.id, JSON.stringify(m.attributes)]));
      // A tenant that appears after the baseline has seen nothing yet: everything is news to it.
      const previous = this.#published.get(tenant.id) ?? (this.#baselined ? new Map<string, string>() : undefined);
      if (previous) {
        for (const item of view.items) {
          if (previous.get(item.id) !== next.get(item.id)) {
            await this.bus.publish(tenant.id, MAINTENANCES_TOPIC, { op: 'upsert', data: toResource(item) });
            published++;
          }
        }
        for (const [id, value] of previous) {
          if (next.has(id)) continue;
          const source = id.slice(0, id.indexOf(':'));
          if (downSources.has(source)) {
            next.set(id, value);
            continue;
          }
          await this.bus.publish(tenant.id, MAINTENANCES_TOPIC, { op: 'remove', id });
          published++;
        }
      }
      this.#published.set(tenant.id, next);
    }
    this.#baselined = true;
    return { published };
  }

  #view(
    tenantId: string,
    snapshots: SourceSnapshot[],
    links: { source: string; component_id: string; tenant_id: string; service_id: string; service_name: string }[],
  ): TenantMaintenances {
    const linked = new Set(links.map((l) => `${l.source}\u0000${l.component_id}`));
    const mine = new Map<string, { id: string; name: string }[]>();
    for (const l of links) {
      if (l.tenant_id !== tenantId) continue;
      const key = `${l.source}\u0000${l.component_id}`;
      const list = mine.get(key) ?? [];
      list.push({ id: l.service_id, name: l.service_name });
      mine.set(key, list);
    }

    const items: Maintenance[] = [];
    const unavailable: TenantMaintenances['unavailable'] = [];
    const now = this.#now().getTime();
    snapshots.forEach((snapshot, i) => {
      const source = this.providers[i]!.source;
      if (snapshot.error) {
        unavailable.push({
          source,
          // The snapshot is shared by every reader: the words are the reader's (language, customer or staff).
          ...failureWords(source, snapshot.error, 'status'),
          stale: snapshot.notices.length > 0,
        });
      }
      for (const notice of snapshot.notices) {
        if (DONE.has(notice.status)) continue;
        const keys = notice.componentIds.map((c) => `${source}\u0000${c}`);
        const platformWide = !keys.some((k) => linked.has(k));
        const services = new Map<string, { id: string; name: string }>();
        for (const k of keys) for (const s of mine.get(k) ?? []) services.set(s.id, s);
        if (!platformWide && services.size === 0) continue;
        items.push({ id: `${source}:${notice.id}`, attributes: toAttributes(notice, source, platformWide, [...services.values()], now) });
      }
    });

    if (items.length === 0 && unavailable.length > 0 && unavailable.length === snapshots.length && !unavailable.some((u) => u.stale)) {
      const first = snapshots.find((s) => s.error)!.error!;
      throw new ProviderError(first.pluginId, first.errorMessage ?? first.message, {
        failure: 'unavailable',
        code: first.code,
        operation: first.operation ?? 'status.listNotices',
      });
    }
    items.sort(compareMaintenances);
    return { items, unavailable };
  }

  async #snapshot(provider: StatusProvider, options: { fresh?: boolean; signal?: AbortSignal }): Promise<SourceSnapshot> {
    const cached = this.#cache.get(provider.source);
    if (!options.fresh && cached && !cached.error && Date.now() - cached.at < this.#cacheMs) return cached;
    // Concurrent requests share one provider call, so a burst of widgets is one upstream request.
    let pending = this.#inflight.get(provider.source);
    if (pending && options.fresh) {
      // A fresh read (after a write) must not join a call that started before the write:
      // it asks again once that call is done.
      const after = pending.catch(() => undefined).then(() => this.#fetch(provider, this.#cache.get(provider.source)));
      this.#inflight.set(provider.source, after);
      void after
        .finally(() => this.#inflight.get(provider.source) === after && this.#inflight.delete(provider.source))
        .catch(() => undefined);
      return after;
    }
    if (!pending) {
      const started: Promise<SourceSnapshot> = this.#fetch(provider, cached).finally(
        () => this.#inflight.get(provider.source) === started && this.#inflight.delete(provider.source),
      );
      pending = started;
      this.#inflight.set(provider.source, pending);
    }
    return pending;
  }

  async #fetch(provider: StatusProvider, cached: SourceSnapshot | undefined): Promise<SourceSnapshot> {
    try {
      const notices = await provider.listNotices(AbortSignal.timeout(20_000));
      const snapshot = { at: Date.now(), notices };
      this.#cache.set(provider.source, snapshot);
      return snapshot;
    } catch (err) {
      const error =
        err instanceof ProviderError
          ? err
          : new ProviderError(provider.source, reasonOf(err, provider.source), {
              failure: 'unavailable',
              operation: 'status.listNotices',
              cause: err,
            });
      const lastGood = cached && !cached.error ? cached : cached?.notices.length ? cached : undefined;
      const stale = lastGood && Date.now() - lastGood.at < this.#staleMs ? lastGood.notices : [];
      const snapshot: SourceSnapshot = { at: lastGood?.at ?? 0, notices: stale, error };
      this.#cache.set(provider.source, snapshot);
      return snapshot;
    }
  }
}

/**
 * Why a status provider failed, for the `ProviderError` that wraps it: the host's catalogue
 * message when its error was worded from one (worded per reader), its own words otherwise,
 * and the host's "failed unexpectedly" for anything else.
 */
function reasonOf(err: unknown, source: string): string | ErrorMessage {
  if (err instanceof DomainError) return err.errorMessage ?? err.message;
  if (err instanceof ApiError) return err.messages[0] ?? err.message;
  return errorMessage('provider_failed', { provider: source }, 'provider_error');
}

function toAttributes(
  notice: StatusNotice,
  source: string,
  platformWide: boolean,
  affectedServices: { id: string; name: string }[],
  now: number,
): MaintenanceAttributes {
  const upcoming =
    notice.kind === 'maintenance' &&
    notice.status === 'scheduled' &&
    (!notice.scheduledFor || Date.parse(notice.scheduledFor) > now - 60_000);
  const latest = notice.updates[0];
  return {
    kind: notice.kind,
    title: notice.title,
    status: notice.status,
    impact: notice.impact,
    phase: upcoming ? 'upcoming' : 'active',
    scheduledFor: notice.scheduledFor,
    scheduledUntil: notice.scheduledUntil,
    startedAt: notice.kind === 'incident' ? notice.createdAt : upcoming ? null : (notice.scheduledFor ?? notice.createdAt),
    updatedAt: notice.updatedAt,
    platformWide,
    affectedServices,
    latestUpdate: latest ? { status: latest.status, body: latest.body, at: latest.at } : null,
    url: httpUrlOrNull(notice.url),
    source,
    locale: notice.locale || DEFAULT_LANGUAGE,
  };
}

const IMPACT_RANK: Record<NoticeImpact, number> = { critical: 0, major: 1, minor: 2, maintenance: 3, none: 4 };

/** Active before upcoming; then the most serious first; upcoming by start time. */
function compareMaintenances(a: Maintenance, b: Maintenance): number {
  const x = a.attributes;
  const y = b.attributes;
  if (x.phase !== y.phase) return x.phase === 'active' ? -1 : 1;
  if (x.phase === 'upcoming') return (x.scheduledFor ?? '').localeCompare(y.scheduledFor ?? '');
  return IMPACT_RANK[x.impact] - IMPACT_RANK[y.impact] || y.updatedAt.localeCompare(x.updatedAt);
}
