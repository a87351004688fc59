import './messages.js';
import '../core/shared-messages.js';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import type { ApiRequest, Resource } from '../core/api-client.js';
import { formatDate, formatDateTime, formatDuration } from '../core/format.js';

type Matrix = ApiRequest<`/contact-matrices/${string}`, 'put'>['data']['attributes'];
type Contact = Matrix['contacts'][number];
export type HelpNowUrgency = 'blocker' | 'critical' | 'major' | 'minor';
/** `GET /contact-matrices/{project}/reach-now` (described as `any` by the host). */
interface ReachNow {
  inServiceHours: boolean;
  localTime: string;
  timeZone: string;
  reason: string;
  path: { contact: Contact; afterMinutes: number }[];
  nextServiceStart: string | null;
}

/** A `tel:` URI of a number as people write it. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^+\d]/g, '')}`;

/**
 * @tag gp-help-now
 * @summary "Help now" for a portal's header: one tap shows whom to call right now for a
 * blocker (or the `urgency` given), with a `tel:` link, the service hours and time zone, and
 * a countdown to the next step of the escalation path (counted from the moment it opened).
 * Read from the tenant's contact matrix (`/contact-matrices/{project}/reach-now`), in the
 * provider's time zone. `inline` shows the answer without the button (the ticket composer
 * uses it after a blocker ticket).
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @csspart toggle - The "Help now" button.
 * @csspart panel - The answer.
 * @csspart phone - The number to call (a `tel:` link).
 */
export class GpHelpNow extends GpElement {
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
      }
      .toggle {
        font-weight: 700;
      }
      .panel {
        margin-top: 0.5rem;
        padding: var(--_space);
        border: 2px solid var(--_danger);
        border-radius: var(--_radius);
        background: var(--_surface);
        color: var(--_text);
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        max-width: 28rem;
      }
      :host([inline]) .panel {
        margin-top: 0;
      }
      h3 {
        margin: 0;
        font-size: 1em;
      }
      .who {
        font-weight: 700;
        overflow-wrap: anywhere;
      }
      .role {
        font-weight: 400;
        color: var(--_muted);
      }
      /* The number is what matters at 3 a.m.: one line, never cut, large enough to tap. */
      .phone {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0.25rem 0.9rem;
        border-radius: var(--_radius);
        background: var(--_danger);
        /* As the kit's danger buttons: dark text on the dark theme's light red. */
        color: var(--gp-color-on-danger, var(--_on-primary));
        font-size: clamp(1.05rem, 5vw, 1.35rem);
        font-weight: 700;
        white-space: nowrap;
        text-decoration: none;
        align-self: flex-start;
        max-width: 100%;
        font-variant-numeric: tabular-nums;
      }
      .muted {
        color: var(--_muted);
        font-size: 0.9em;
        margin: 0;
      }
      p {
        margin: 0;
      }
      .next {
        border-top: 1px solid var(--_border);
        padding-top: 0.5rem;
      }
      .next a {
        color: var(--_primary);
        white-space: nowrap;
      }
    `,
  ];

  /** The contact matrix's project; the first one when empty. */
  @property({ reflect: true }) project = '';

  @property({ reflect: true }) urgency: HelpNowUrgency = 'blocker';

  /** Whether the answer is shown. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Always shown, without the button. */
  @property({ type: Boolean, reflect: true }) inline = false;

  /** The clock the countdown reads; pages and tests may replace it. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  /** When the customer opened the answer: the escalation steps count from it. */
  @state() private openedAt: Date | null = null;

  #tick?: ReturnType<typeof setInterval>;

  private readonly matrices = new Task(this, {
    task: async ([gp, shown], { signal }) =>
      gp && shown ? ((await gp.api.get('/contact-matrices', { signal })).data as Resource<Matrix>[]) : undefined,
    args: () => [this.gp, this.open || this.inline] as const,
  });

  private readonly reach = new Task(this, {
    task: async ([gp, project, urgency], { signal }) => {
      if (!gp || !project) return undefined;
      return (await gp.api.get(`/contact-matrices/${encodeURIComponent(project)}/reach-now`, { signal, query: { urgency } })).data
        .attributes as ReachNow;
    },
    args: () => [this.gp, this.project || this.matrices.value?.[0]?.id || '', this.urgency] as const,
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    const shown = this.open || this.inline;
    if ((changed.has('open') || changed.has('inline')) && shown && !this.openedAt) this.openedAt = this.now();
    if (!shown) this.openedAt = null;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // The countdown moves on its own while the answer is shown.
    const shown = this.open || this.inline;
    if (shown && !this.#tick) this.#tick = setInterval(() => this.requestUpdate(), 15_000);
    if (!shown) this.#stop();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  #stop() {
    clearInterval(this.#tick);
    this.#tick = undefined;
  }

  async #toggle() {
    this.open = !this.open;
    if (this.open) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.panel')?.focus();
    }
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`${
      this.inline
        ? nothing
        : html`<button class="button toggle" part="toggle" aria-expanded=${String(this.open)} aria-controls="panel" @click=${this.#toggle}>${t.term('helpNow')}</button>`
    }
      ${
        this.open || this.inline
          ? html`<section id="panel" class="panel" part="panel" tabindex="-1" aria-labelledby="title" @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape' && !this.inline) {
                this.open = false;
                void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.toggle')?.focus());
              }
            }}>
            <h3 id="title">${this.urgency === 'blocker' ? t.term('helpNowTitle') : html`${t.term('callNow')} · ${t.term('urgencyName')[this.urgency]}`}</h3>
            ${this.matrices.render({
              pending: () => this.renderLoading(2),
              error: (e) => this.renderError(e, () => void this.matrices.run(), t.term('helpNowFailed'), t.term('helpNowSystem')),
              complete: (list) =>
                !list?.length
                  ? html`<p><slot name="empty">${t.term('helpNowNone')}</slot></p>`
                  : this.reach.render({
                      pending: () => this.renderLoading(2),
                      error: (e) => this.renderError(e, () => void this.reach.run(), t.term('helpNowFailed'), t.term('helpNowSystem')),
                      complete: (r) =>
                        r ? this.#renderPath(r, (list.find((m) => m.id === this.project) ?? list[0]!).attributes) : nothing,
                    }),
            })}
          </section>`
          : nothing
      }`;
  }

  /** "Service Desk", not "Service Desk (Service Desk)": the role only when the name does not say it. */
  #name(c: Contact) {
    const role = this.localize.term('contactRole')[c.role] ?? c.role;
    const said = (s: string) =>
      s
        .toLocaleLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    return html`<span class="who">${c.name}</span>${said(c.name).includes(said(role)) ? nothing : html` <span class="role">· ${role}</span>`}`;
  }

  #renderPath(r: ReachNow, m: Matrix) {
    const t = this.localize;
    const [first, ...rest] = r.path;
    const time = r.localTime.slice(11, 16);
    const now = this.now();
    const status = r.inServiceHours
      ? t.term('helpNowInHours', time, r.timeZone)
      : r.reason.includes('next_service_hours') && r.nextServiceStart
        ? t.term('helpNowWaits', formatDateTime(r.nextServiceStart, this.locale, r.timeZone))
        : t.term('helpNowOnCall', time, r.timeZone);
    // The next step whose time has not come, and how long until it does.
    const opened = this.openedAt ?? now;
    const next = rest[0];
    const dueAt = next ? new Date(opened.getTime() + next.afterMinutes * 60_000) : null;
    const leftMinutes = dueAt ? Math.ceil((dueAt.getTime() - now.getTime()) / 60_000) : 0;
    return html`<p class="muted" role="status">${status}</p>
      ${
        first
          ? html`<div>${this.#name(first.contact)}</div>
            ${
              first.contact.phone
                ? html`<a class="phone" part="phone" href=${telHref(first.contact.phone)}>${first.contact.phone}</a>`
                : first.contact.email
                  ? html`<a href=${`mailto:${first.contact.email}`}>${first.contact.email}</a>`
                  : html`<p>${t.term('helpNowNoPhone')}</p>`
            }`
          : nothing
      }
      <p class="muted">${t.term('helpNowHours')}: ${this.#hours(m)} (${m.timeZone})</p>
      ${
        next && dueAt
          ? html`<div class="next">
            <p>${leftMinutes > 0 ? t.term('helpNowEscalate', formatDate(dueAt, this.locale, { timeStyle: 'short', timeZone: r.timeZone }), formatDuration(leftMinutes, this.locale)) : t.term('helpNowEscalateNow')}</p>
            <p>${this.#name(next.contact)}${next.contact.phone ? html` · <a href=${telHref(next.contact.phone)}>${next.contact.phone}</a>` : nothing}</p>
          </div>`
          : nothing
      }`;
  }

  /** "Mon–Sun 00:00–23:59", weekday names from Intl in the page's language. */
  #hours(m: Matrix): string {
    // 2024-01-01 was a Monday: ISO weekday d is January d.
    const day = (d: number) => formatDate(new Date(Date.UTC(2024, 0, d, 12)), this.locale, { weekday: 'short', timeZone: 'UTC' });
    const days = (ds: number[]) => {
      const sorted = [...ds].sort((a, b) => a - b);
      const run = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
      return run && sorted.length > 2 ? `${day(sorted[0]!)}–${day(sorted.at(-1)!)}` : sorted.map(day).join(', ');
    };
    return m.serviceHours.map((h) => `${days(h.days)} ${h.from}–${h.to}`).join('; ');
  }
}
