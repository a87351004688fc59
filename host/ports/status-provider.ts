import type { InjectionToken } from 'tsyringe';

/** Status of one provider component, as Statuspage names them. */
export const ComponentStatus = {
  operational: 'operational',
  underMaintenance: 'under_maintenance',
  degradedPerformance: 'degraded_performance',
  partialOutage: 'partial_outage',
  majorOutage: 'major_outage',
} as const;
export type ComponentStatus = (typeof ComponentStatus)[keyof typeof ComponentStatus];

/** Lifecycle states: realtime incidents and scheduled maintenance share one union. */
export type NoticeStatus =
  'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem' | 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export type NoticeImpact = 'none' | 'maintenance' | 'minor' | 'major' | 'critical';

export interface StatusComponent {
  id: string;
  name: string;
  status: ComponentStatus;
  groupId: string | null;
}

export interface NoticeUpdate {
  id: string;
  status: NoticeStatus;
  body: string;
  /** ISO 8601. */
  at: string;
}

/**
 * One incident or maintenance as a status provider reports it. Ids are unique
 * within their `source`; the host prefixes them when several sources exist.
 */
export interface StatusNotice {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: NoticeStatus;
  impact: NoticeImpact;
  /** The provider's component ids this notice affects (empty: none named). */
  componentIds: string[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** A public page for the notice, when the provider has one. */
  url: string | null;
  /** Newest first. */
  updates: NoticeUpdate[];
  /**
   * The language the title and updates are written in (a BCP 47 tag, `en`, `de`); unset:
   * English. A status page is written in one language: readers of another see it marked.
   */
  locale?: string;
}

/** What a provider's push (webhook) said changed, so the host can refresh only then. */
export interface StatusWebhookChange {
  kind: 'incident' | 'component';
  id: string;
}

/**
 * Maintenance, incidents and component status from one source
 * (Atlassian Statuspage, the host's own SQL, …).
 *
 * Implementations return only what is current or coming: unresolved incidents,
 * maintenance in progress and upcoming maintenance. Anything else is history.
 *
 * @example
 * ```ts
 * container.register(StatusProviderToken, { useValue: myProvider });
 * ```
 */
export interface StatusProvider {
  /** The plugin id that supplies this provider, e.g. `statuspage`. */
  readonly source: string;
  listComponents(signal?: AbortSignal): Promise<StatusComponent[]>;
  listNotices(signal?: AbortSignal): Promise<StatusNotice[]>;
  /**
   * Parses a webhook payload the provider pushed. Returns what changed, or throws
   * a `ValidationError` when the payload is not one of the provider's.
   */
  acceptWebhook?(payload: unknown): StatusWebhookChange;
}

/** Several status providers may be registered; the host merges them. */
export const StatusProviderToken: InjectionToken<StatusProvider> = Symbol.for('glasspane.StatusProvider');

/** Fields a provider's staff set when posting a notice through the host. */
export interface NoticeInput {
  kind: 'incident' | 'maintenance';
  title: string;
  status: NoticeStatus;
  impact: NoticeImpact;
  componentIds: string[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  /** The first or next update's text. */
  body: string;
  /** The language the title and text are written in (BCP 47); `en` when not given. */
  locale?: string;
}

/**
 * A status source the host can write to (the built-in `local` one). Sources that
 * are read-only mirrors of another system (Statuspage) do not implement it.
 */
export interface NoticeWriter {
  readonly source: string;
  createNotice(input: NoticeInput): Promise<StatusNotice>;
  /** `undefined` when there is no such notice. */
  updateNotice(id: string, patch: Partial<NoticeInput>): Promise<StatusNotice | undefined>;
}

export const NoticeWriterToken: InjectionToken<NoticeWriter> = Symbol.for('glasspane.NoticeWriter');
