import './messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatDate, viewerTimeZone } from '../core/format.js';
import { EVENT_ICONS } from './icons.js';
import { styles } from './account-calendar.styles.js';

type WireEvent = Schemas['AccountEvent'];
export type AccountEventType = WireEvent['attributes']['type'];
export const EVENT_TYPES: AccountEventType[] = ['ticket', 'alert', 'backup', 'ssl', 'domain', 'maintenance', 'server', 'order', 'payment'];

/** An event as the calendar draws it: the host's attributes with the id beside them. */
export type AccountEvent = { id: string } & Omit<WireEvent['attributes'], 'detail'>;
export type AccountHint = Omit<Schemas['AccountHint'], 'link'>;
/** A month as the host answers it; set `data` to show one without fetching. */
export interface AccountMonthData {
  events: AccountEvent[];
  days: Record<string, Partial<Record<AccountEventType, number>>>;
  hints: AccountHint[];
  unavailable?: { source: string }[];
}
export interface NavigateDetail {
  kind: string;
  id: string;
  /** The event the user chose. */
  event: AccountEvent;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const monthOf = (date: string) => date.slice(0, 7);
const firstOfNext = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m, 1));
};
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m - 1 + n, 1)).slice(0, 7);
};

/**
 * @tag gp-account-calendar
 * @summary For the provider's staff: a month of everything that happened on a customer's
 * account, one icon per kind of event per day with counts (tickets, monitoring alerts,
 * backups, SSL certificates, domains, maintenance, server birthdays, orders, payments),
 * a legend that filters, a tooltip on hover and on keyboard focus, and above the grid the
 * month's hints where a pattern broke, each explained in words.
 *
 * The grid works like a date picker: arrow keys move by day and week, Home/End to the
 * week's ends, Page Up/Down by month. Enter or a click on a day opens its event (or a
 * list when there are several); choosing one fires `gp-navigate` and the portal routes.
 *
 * @fires gp-navigate - The user chose an event; `detail`: kind, id (where to go) and the event.
 *
 * @csspart hints - The hints above the grid.
 * @csspart legend - The type filters.
 * @csspart grid - The month grid.
 * @csspart day - Each day cell.
 * @csspart tooltip - The tooltip of a day.
 *
 * @cssprop --gp-account-calendar-cell-height - Height of a day cell.
 */
export class GpAccountCalendar extends GpElement {
  static override styles = [tokens, controls, styles];

  /** The month shown, `YYYY-MM`; the current month when empty. */
  @property({ reflect: true }) month = '';

  /** IANA time zone the days are counted in; the browser's when empty. */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  /** A month to show instead of fetching one (a portal that already has it). */
  @property({ attribute: false }) data?: AccountMonthData;

  @state() private hiddenTypes = new Set<AccountEventType>();
  @state() private focusDay = '';
  @state() private tipDay = '';
  @state() private openDay = '';

  #refocus = false;
  /** Days with a failed backup, per data set: computed once, not per cell (a month can hold thousands of events). */
  #failed = new WeakMap<AccountMonthData, Set<string>>();
  /** Days as YYYY-MM-DD in `zone`: one formatter per zone, not one per event. */
  #dayFormat?: { zone: string; format: Intl.DateTimeFormat };

  private readonly task = new Task(this, {
    task: async ([gp, month, tz, data], { signal }) => {
      // Data handed in is drawn directly (the task does not even run then; see willUpdate).
      if (data || !gp) return undefined;
      const doc = await gp.api.get('/account-events', { signal, query: { start: `${month}-01`, end: firstOfNext(month), timeZone: tz } });
      const meta = doc.meta;
      return {
        events: doc.data.map((r) => ({ id: r.id, ...r.attributes })),
        days: meta.days,
        hints: meta.hints,
        unavailable: meta.unavailable,
      } satisfies AccountMonthData;
    },
    args: () => [this.gp, this.#month, this.#zone, this.data] as const,
  });

  constructor() {
    super();
    // The changes that are calendar events; the host gathers again when one arrives.
    for (const topic of ['tickets', 'orders', 'billing']) this.listen(topic, () => void (this.data || this.task.run()));
  }

  get #zone(): string {
    return this.timeZone || viewerTimeZone() || 'UTC';
  }

  get #today(): string {
    return this.#day(new Date());
  }

  get #month(): string {
    return /^\d{4}-\d{2}$/.test(this.month) ? this.month : this.#today.slice(0, 7);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Data handed in needs no task: running it anyway would render the month a second time.
    this.task.autoRun = !this.data;
    if ((changed.has('month') || !this.focusDay) && monthOf(this.focusDay) !== this.#month) {
      const today = this.#today;
      this.focusDay = monthOf(today) === this.#month ? today : `${this.#month}-01`;
      this.openDay = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.#refocus) {
      this.#refocus = false;
      this.renderRoot.querySelector<HTMLElement>(`[data-day="${this.focusDay}"]`)?.focus();
    }
  }

  /** Monday or Sunday first, as the locale counts weeks. */
  #firstWeekday(): number {
    try {
      const locale = new Intl.Locale(this.locale) as Intl.Locale & {
        getWeekInfo?: () => { firstDay: number };
        weekInfo?: { firstDay: number };
      };
      return (locale.getWeekInfo?.() ?? locale.weekInfo)?.firstDay ?? 1;
    } catch {
      return 1;
    }
  }

  #weeks(): string[][] {
    const first = utc(`${this.#month}-01`);
    const last = utc(firstOfNext(this.#month)) - DAY;
    const firstDay = this.#firstWeekday() % 7; // Intl: 1 = Monday … 7 = Sunday; Date: 0 = Sunday
    const lead = (new Date(first).getUTCDay() - firstDay + 7) % 7;
    const weeks: string[][] = [];
    for (let t = first - lead * DAY; t <= last; t += 7 * DAY) weeks.push(Array.from({ length: 7 }, (_, i) => iso(t + i * DAY)));
    return weeks;
  }

  #dayOf(event: AccountEvent): string {
    return this.#day(new Date(event.at));
  }

  /** The calendar day of `date` in the calendar's zone (called once per event: kept cheap). */
  #day(date: Date): string {
    const zone = this.#zone;
    if (this.#dayFormat?.zone !== zone)
      this.#dayFormat = {
        zone,
        format: new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      };
    return this.#dayFormat.format.format(date);
  }

  #failedBackups(data: AccountMonthData): Set<string> {
    let days = this.#failed.get(data);
    if (!days) {
      days = new Set(data.events.filter((e) => e.type === 'backup' && e.severity === 'critical').map((e) => this.#dayOf(e)));
      this.#failed.set(data, days);
    }
    return days;
  }

  #eventsOn(day: string, data: AccountMonthData): AccountEvent[] {
    return data.events.filter((e) => !this.hiddenTypes.has(e.type) && this.#dayOf(e) === day);
  }

  #go(month: string, focus?: string) {
    this.month = month;
    if (focus) this.focusDay = focus;
    this.#refocus = true;
  }

  #onKey(e: KeyboardEvent, data: AccountMonthData | undefined) {
    // In a right-to-left layout the week runs leftwards: the arrow keys follow what the reader sees.
    const ahead = getComputedStyle(this).direction === 'rtl' ? -1 : 1;
    const moves: Record<string, number> = { ArrowLeft: -ahead, ArrowRight: ahead, ArrowUp: -7, ArrowDown: 7 };
    const t = utc(this.focusDay);
    let next: string | undefined;
    if (e.key in moves) next = iso(t + moves[e.key]! * DAY);
    else if (e.key === 'Home' || e.key === 'End') {
      const weekday = (new Date(t).getUTCDay() - (this.#firstWeekday() % 7) + 7) % 7;
      next = iso(t + (e.key === 'Home' ? -weekday : 6 - weekday) * DAY);
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      const month = addMonths(this.#month, e.key === 'PageUp' ? -1 : 1);
      const [y, m] = month.split('-').map(Number) as [number, number];
      const day = Math.min(Number(this.focusDay.slice(8)), new Date(Date.UTC(y, m, 0)).getUTCDate());
      next = `${month}-${String(day).padStart(2, '0')}`;
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (data) this.#choose(this.focusDay, data);
      return;
    } else if (e.key === 'Escape') {
      this.tipDay = '';
      this.openDay = '';
      return;
    } else return;
    e.preventDefault();
    this.tipDay = next;
    if (monthOf(next) !== this.#month) this.#go(monthOf(next), next);
    else {
      this.focusDay = next;
      this.#refocus = true;
    }
  }

  /** The day cell an event happened in (one listener on the grid, not five on every cell). */
  #cellDay(e: Event): string {
    return (e.target as Element).closest?.('[data-day]')?.getAttribute('data-day') ?? '';
  }

  #tip(day: string) {
    if (this.tipDay !== day) this.tipDay = day;
  }

  #choose(day: string, data: AccountMonthData) {
    this.focusDay = day;
    const events = this.#eventsOn(day, data);
    if (events.length === 1) this.#navigate(events[0]!);
    else this.openDay = events.length ? day : '';
  }

  #navigate(event: AccountEvent) {
    this.emit<NavigateDetail>('gp-navigate', { kind: event.link.kind, id: event.link.id, event });
  }

  #label(day: string, data: AccountMonthData): string {
    const t = this.localize;
    const counts = data.days[day] ?? {};
    const parts = EVENT_TYPES.filter((type) => !this.hiddenTypes.has(type) && counts[type]).map((type) =>
      t.term('eventCount', counts[type]!, type),
    );
    return `${formatDate(`${day}T12:00:00Z`, this.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })}: ${parts.join(', ') || t.term('nothingThatDay')}`;
  }

  protected override render() {
    if (!this.gp && !this.data) return this.renderNoProvider();
    const t = this.localize;
    const monthName = formatDate(`${this.#month}-15T12:00:00Z`, this.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return html`<section class="base" aria-labelledby="cal-title">
      <header>
        <button class="nav" aria-label=${t.term('previousMonth')} @click=${() => this.#go(addMonths(this.#month, -1))}>‹</button>
        <h2 id="cal-title">${t.term('calendarTitle', monthName)}</h2>
        <button class="nav" aria-label=${t.term('nextMonth')} @click=${() => this.#go(addMonths(this.#month, 1))}>›</button>
      </header>
      ${
        this.data
          ? this.#renderMonth(this.data)
          : this.task.render({
              pending: () => (this.task.value ? this.#renderMonth(this.task.value) : this.renderLoading(4)),
              complete: (data) => (data ? this.#renderMonth(data) : nothing),
              error: (e) =>
                this.renderError(e, () => void this.task.run(), this.localize.term('calendarFailed'), this.localize.term('calendarSystem')),
            })
      }
    </section>`;
  }

  #renderMonth(data: AccountMonthData) {
    const t = this.localize;
    const weeks = this.#weeks();
    const today = this.#today;
    const weekdays = weeks[0]!.map((d) => formatDate(`${d}T12:00:00Z`, this.locale, { weekday: 'short', timeZone: 'UTC' }));
    const missing = data.unavailable?.map((u) => u.source) ?? [];
    return html`
      <section aria-labelledby="hints-title">
        <h3 id="hints-title" class="visually-hidden">${t.term('hintsTitle')}</h3>
        <ul class="hints" part="hints">
          ${
            data.hints.length
              ? data.hints.map((h) => html`<li class=${h.severity}>${t.term('hint')[h.rule]?.(h.params) ?? h.detail}</li>`)
              : html`<li class="none">${t.term('noHints')}</li>`
          }
        </ul>
      </section>
      ${missing.length ? html`<p class="notice" role="status">${t.term('sourcesMissing', missing.join(', '))}</p>` : nothing}
      <fieldset class="legend" part="legend">
        <legend>${t.term('legend')}</legend>
        ${EVENT_TYPES.map(
          (type) => html`<button type="button" aria-pressed=${String(!this.hiddenTypes.has(type))}
            @click=${() => {
              const next = new Set(this.hiddenTypes);
              if (next.has(type)) next.delete(type);
              else next.add(type);
              this.hiddenTypes = next;
            }}>${EVENT_ICONS[type]!(`type-${type}`)} ${t.term('eventType')[type]}</button>`,
        )}
      </fieldset>
      <div
        role="grid"
        part="grid"
        aria-labelledby="cal-title"
        @keydown=${(e: KeyboardEvent) => this.#onKey(e, data)}
        @click=${(e: Event) => {
          const day = this.#cellDay(e);
          if (day) this.#choose(day, data);
        }}
        @focusin=${(e: Event) => this.#tip(this.#cellDay(e))}
        @focusout=${() => this.#tip('')}
        @mouseover=${(e: Event) => this.#tip(this.#cellDay(e))}
        @mouseleave=${() => this.#tip('')}
      >
        <div role="row">${weekdays.map((w) => html`<div role="columnheader">${w}</div>`)}</div>
        ${weeks.map((week) => html`<div role="row">${week.map((day) => this.#renderDay(day, data, today))}</div>`)}
      </div>
      ${this.openDay ? this.#renderDayList(this.openDay, data) : nothing}
    `;
  }

  #renderDay(day: string, data: AccountMonthData, today: string) {
    const counts = data.days[day] ?? {};
    const outside = monthOf(day) !== this.#month;
    const tip = this.tipDay === day && !outside;
    const failedBackup = this.#failedBackups(data).has(day);
    return html`<div
      role="gridcell"
      part="day"
      data-day=${day}
      class=${[outside ? 'outside' : '', day === today ? 'today' : ''].join(' ')}
      tabindex=${day === this.focusDay ? '0' : '-1'}
      aria-selected=${String(day === this.openDay)}
      aria-label=${this.#label(day, data)}
      aria-describedby=${tip ? 'tip' : nothing}
    >
      <span class="num" aria-hidden="true">${Number(day.slice(8))}</span>
      <span class="icons" aria-hidden="true">
        ${EVENT_TYPES.filter((type) => !this.hiddenTypes.has(type) && counts[type]).map((type) =>
          EVENT_ICONS[type]!(
            `type-${type}${type === 'backup' && failedBackup ? ' failed' : ''}`,
            counts[type]! > 1 ? counts[type] : undefined,
          ),
        )}
      </span>
      ${tip ? this.#renderTip(day, data) : nothing}
    </div>`;
  }

  /** The event's title in the reader's language when the host says what it means (`detail.message`), else the host's words. */
  #title(event: AccountEvent): string {
    const word = event.message && this.localize.term('eventTitle')[event.message.key];
    return word ? word(event.message!.params) : event.title;
  }

  #time(event: AccountEvent) {
    return formatDate(event.at, this.locale, { hour: '2-digit', minute: '2-digit', timeZone: this.#zone });
  }

  #renderTip(day: string, data: AccountMonthData) {
    const t = this.localize;
    const events = this.#eventsOn(day, data);
    const shown = events.slice(0, 6);
    return html`<div role="tooltip" id="tip" part="tooltip">
      ${
        events.length
          ? html`<ul>
            ${shown.map((e) => html`<li>${EVENT_ICONS[e.type]!(`type-${e.type}`)}<span class="time">${this.#time(e)}</span> ${this.#title(e)}</li>`)}
            ${events.length > shown.length ? html`<li>${t.term('andMore', events.length - shown.length)}</li>` : nothing}
          </ul>`
          : t.term('nothingThatDay')
      }
    </div>`;
  }

  #renderDayList(day: string, data: AccountMonthData) {
    const t = this.localize;
    const title = formatDate(`${day}T12:00:00Z`, this.locale, { dateStyle: 'full', timeZone: 'UTC' });
    return html`<section class="day" aria-label=${t.term('dayEvents', title)}>
      <h3>${t.term('dayEvents', title)}</h3>
      <ul>
        ${this.#eventsOn(day, data).map(
          (e) =>
            html`<li><button @click=${() => this.#navigate(e)}>${EVENT_ICONS[e.type]!(`type-${e.type}`)}<span class="time">${this.#time(e)}</span> ${this.#title(e)}</button></li>`,
        )}
      </ul>
    </section>`;
  }
}
