import './messages.js';
import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { tokens } from '../core/styles.js';
import { formatDateTime, formatRelative, otherLanguage } from '../core/format.js';
import type { Schemas } from '../core/api-client.js';
import type { StreamMessage } from '../core/stream.js';
import { styles } from './maintenance-banner.styles.js';

/** Attributes of a `maintenances` resource (host `GET /api/v1/maintenances`). */
export type MaintenanceAttributes = Schemas['MaintenanceAttributes'];
export type Maintenance = Schemas['Maintenance'];

export interface MaintenanceDismissedDetail {
  id: string;
}

const STORAGE_KEY = 'gp-maintenance-dismissed';
const SERIOUS = new Set(['major', 'critical']);
const IMPACT_RANK = { critical: 0, major: 1, minor: 2, maintenance: 3, none: 4 } as const;

/**
 * @tag gp-maintenance-banner
 * @summary Scheduled maintenance and incidents that affect this tenant's services, live.
 *
 * Active incidents and maintenance come first, most serious first, then upcoming
 * maintenance with its window in the viewer's time zone. Notices arrive and change over
 * the host's stream; only a notice that arrives live and is serious is announced with
 * `role="alert"`. A dismissed notice stays dismissed until it changes.
 *
 * @fires gp-maintenance-dismissed - A notice was dismissed; `detail.id` is its id.
 *
 * @csspart base - The list of notices.
 * @csspart notice - One notice.
 * @csspart title - A notice's title.
 * @csspart language - The mark on a notice written in another language than the reader's ("in English").
 * @csspart status - A notice's status and kind line.
 * @csspart time - A notice's time or window.
 * @csspart dismiss - A notice's dismiss button.
 * @csspart link - The link to the provider's status page.
 * @csspart state - Loading, error and permission panels.
 * @csspart elsewhere - With `hide-active`: the line saying how many current notices another banner shows.
 *
 * @cssprop --gp-maintenance-banner-gap - Space between notices.
 * @cssprop --gp-color-danger - Accent of major and critical incidents.
 * @cssprop --gp-color-warning - Accent of minor incidents.
 * @cssprop --gp-color-info - Accent of maintenance.
 */
export class GpMaintenanceBanner extends GpElement {
  static override styles = [tokens, styles];

  /** Show "All systems operational" when there is nothing to report (otherwise the banner is empty). */
  @property({ type: Boolean, attribute: 'show-all-clear', reflect: true }) showAllClear = false;

  /** How many notices to show before collapsing the rest behind a toggle. */
  @property({ type: Number, attribute: 'max-visible' }) maxVisible = 3;

  /** Show upcoming maintenance too (default), or only what is active now. */
  @property({ type: Boolean, attribute: 'hide-upcoming', reflect: true }) hideUpcoming = false;

  /**
   * Leave what is happening now to another banner on the same page (one with `hide-upcoming`
   * at the top): this one lists upcoming maintenance and, instead of "All systems
   * operational", says how many current notices are shown above. One incident, shown once.
   */
  @property({ type: Boolean, attribute: 'hide-active', reflect: true }) hideActive = false;

  @state() private notices: Maintenance[] = [];
  @state() private live = new Set<string>();
  @state() private dismissed: Record<string, string> = readDismissed();
  @state() private expanded = false;
  @state() private stale = false;

  private readonly task = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const doc = await gp.api.get('/maintenances', { signal, query: { 'page[size]': 100 } });
      this.notices = doc.data;
      this.stale = (doc.meta?.unavailable ?? []).length > 0;
      return doc.data;
    },
    args: () => [this.gp] as const,
  });

  constructor() {
    super();
    this.listen<{ op: string; data?: Maintenance; id?: string }>('maintenances', (m) => this.#onMessage(m));
  }

  #onMessage(message: StreamMessage<{ op: string; data?: Maintenance; id?: string } | null>): void {
    if (message.topic === 'reset' || !message.data) {
      void this.task.run();
      return;
    }
    const { op, data, id } = message.data;
    if (op === 'upsert' && data) {
      const exists = this.notices.some((n) => n.id === data.id);
      this.notices = exists ? this.notices.map((n) => (n.id === data.id ? data : n)) : [...this.notices, data];
      this.live = new Set(this.live).add(data.id);
    } else if (op === 'remove' && id) {
      this.notices = this.notices.filter((n) => n.id !== id);
    }
  }

  #dismiss(notice: Maintenance): void {
    this.dismissed = { ...this.dismissed, [notice.id]: notice.attributes.updatedAt };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.dismissed));
    } catch {
      // Storage may be blocked (private mode, a partner's iframe): dismissal then lasts for the page.
    }
    this.emit<MaintenanceDismissedDetail>('gp-maintenance-dismissed', { id: notice.id });
  }

  /** Visible notices in display order: active by severity, then upcoming by start. */
  private get visible(): Maintenance[] {
    return this.notices
      .filter((n) => this.dismissed[n.id] !== n.attributes.updatedAt)
      .filter((n) => !this.hideUpcoming || n.attributes.phase === 'active')
      .filter((n) => !this.hideActive || n.attributes.phase !== 'active')
      .sort((a, b) => {
        const x = a.attributes;
        const y = b.attributes;
        if (x.phase !== y.phase) return x.phase === 'active' ? -1 : 1;
        if (x.phase === 'upcoming') return (x.scheduledFor ?? '').localeCompare(y.scheduledFor ?? '');
        return IMPACT_RANK[x.impact] - IMPACT_RANK[y.impact] || y.updatedAt.localeCompare(x.updatedAt);
      });
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return this.task.render({
      pending: () => (this.notices.length ? this.#renderList() : this.renderLoading(1)),
      complete: () => this.#renderList(),
      error: (error) =>
        this.renderError(error, () => void this.task.run(), this.localize.term('noticesFailed'), this.localize.term('statusSystem')),
    });
  }

  #renderList() {
    const notices = this.visible;
    const elsewhere = this.hideActive ? this.notices.filter((n) => n.attributes.phase === 'active').length : 0;
    const pointer = elsewhere
      ? html`<p class="elsewhere" part="elsewhere" role="status">${this.localize.term('activeShownAbove', elsewhere)}</p>`
      : nothing;
    if (notices.length === 0) {
      if (elsewhere) return pointer;
      return this.showAllClear
        ? html`<div class="all-clear" part="base" role="status">${checkIcon}<span>${this.localize.term('allClear')}</span></div>`
        : nothing;
    }
    const shown = this.expanded ? notices : notices.slice(0, this.maxVisible);
    return html`${pointer}<section class="base" part="base" aria-label=${this.localize.term('maintenanceRegion')}>
      <div role="status" aria-live="polite" class="base">${shown.filter((n) => !this.#alerting(n)).map((n) => this.#renderNotice(n))}</div>
      ${shown.filter((n) => this.#alerting(n)).map((n) => html`<div role="alert">${this.#renderNotice(n)}</div>`)}
      ${
        notices.length > this.maxVisible
          ? html`<button class="toggle" aria-expanded=${String(this.expanded)} @click=${() => (this.expanded = !this.expanded)}>
            ${this.expanded ? this.localize.term('showFewer') : this.localize.term('showAll', notices.length)}
          </button>`
          : nothing
      }
      ${this.stale ? html`<p class="stale">${this.localize.term('staleNotice')}</p>` : nothing}
    </section>`;
  }

  /** Only what is new (arrived over the stream) and serious interrupts a screen reader. */
  #alerting(n: Maintenance): boolean {
    return this.live.has(n.id) && n.attributes.phase === 'active' && SERIOUS.has(n.attributes.impact);
  }

  #renderNotice(n: Maintenance) {
    const a = n.attributes;
    const locale = this.locale;
    const kind =
      a.phase === 'upcoming'
        ? this.localize.term('upcomingMaintenance')
        : a.kind === 'incident'
          ? this.localize.term('activeIncident')
          : this.localize.term('activeMaintenance');
    const status = this.localize.term('status')[a.status] ?? a.status;
    // "Maintenance in progress · In progress" says it twice; the kind line is enough then.
    const redundant = (a.phase === 'upcoming' && a.status === 'scheduled') || (a.kind === 'maintenance' && a.status === 'in_progress');
    const when =
      a.phase === 'upcoming' && a.scheduledFor
        ? a.scheduledUntil
          ? this.localize.term('window', formatDateTime(a.scheduledFor, locale), formatDateTime(a.scheduledUntil, locale))
          : this.localize.term('startsAt', formatDateTime(a.scheduledFor, locale))
        : a.startedAt
          ? this.localize.term('since', formatRelative(a.startedAt, locale))
          : '';
    const affects = a.platformWide
      ? this.localize.term('platformWide')
      : this.localize.term('affects', a.affectedServices.map((s) => s.name).join(', '));
    const classes = ['notice', a.phase === 'upcoming' ? 'upcoming' : a.impact].join(' ');
    // The status page's own words are in its language: tagged for screen readers, and marked for a reader of another.
    const language = otherLanguage(a.locale, locale);
    return html`<article class=${classes} part="notice" data-id=${n.id} data-impact=${a.impact}>
      <span class="icon" aria-hidden="true">${a.kind === 'incident' ? alertIcon : wrenchIcon}</span>
      <div class="body">
        <span class="kind" part="status">${kind}${redundant ? nothing : html` · <span class="status">${status}</span>`}</span>
        <h3 class="title" part="title" lang=${a.locale}>
          ${a.title}${language ? html` <span class="language" part="language" lang=${locale}>${this.localize.term('writtenIn', language)}</span>` : nothing}
        </h3>
        ${when ? html`<span class="meta" part="time">${when}</span>` : nothing}
        <span class="meta">${affects}</span>
        ${a.latestUpdate?.body ? html`<span class="update" lang=${a.locale}>${a.latestUpdate.body}</span>` : nothing}
        ${a.url ? html`<a part="link" href=${a.url} target="_blank" rel="noopener noreferrer">${this.localize.term('moreDetails')}</a>` : nothing}
      </div>
      <button class="dismiss" part="dismiss" aria-label=${this.localize.term('dismissNotice', a.title)} title=${this.localize.term('dismiss')} @click=${() => this.#dismiss(n)}>
        ${closeIcon}
      </button>
    </article>`;
  }
}

function readDismissed(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

const icon = (body: ReturnType<typeof svg>) =>
  html`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${body}</svg>`;
const alertIcon = icon(svg`<path d="M12 9v4m0 4h.01M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"/>`);
const wrenchIcon = icon(svg`<path d="M14.7 6.3a4 4 0 0 0 5 5l-9.4 9.4a2.1 2.1 0 0 1-3-3z"/><path d="M14.7 6.3 17 4l3 3-2.3 2.3"/>`);
const closeIcon = icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`);
const checkIcon = icon(svg`<path d="M20 6 9 17l-5-5"/>`);
