import './messages.js';
import { css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { headings, stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatDateTime } from '../core/format.js';

type Activity = Schemas['Activity'];
export type ActivityAttributes = Activity['attributes'];

const PAGE_SIZE = 25;
/** Who the host records when the portal itself acted (an order moving on after approval). */
const SYSTEM_ACTOR = 'glasspane';

/** A date input's day as the instant its local midnight is; `end` gives the next midnight, so the day is included. */
function localDayStart(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/**
 * @tag gp-activity-log
 * @summary The account's activity log: who did what, when and from which address (server
 * actions, payments and payment methods, orders, tickets, PCI status changes), newest first,
 * filtered by kind, user and date range, paged, and exported as CSV with the same filters.
 * Customers see their own account; staff see the account their token was minted for.
 * Payments appear only for roles that may read billing.
 *
 * @slot empty - Your own words (and links) for the empty state (nothing happened yet), shown instead of the element's text; a filter that
 * matches nothing keeps its own text.
 * @csspart filters - The filter bar.
 * @csspart table - The log.
 * @csspart export - The CSV export button.
 * @csspart pager - Previous and next page.
 */
export class GpActivityLog extends GpElement {
  static override styles = [
    tokens,
    controls,
    tables,
    stack,
    headings,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: flex-end;
        margin-block-end: 0.75rem;
      }
      .filters .field {
        flex: 1 1 9rem;
      }
      .pager {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
        flex-wrap: wrap;
        margin-block-start: 0.5rem;
      }
      td.source {
        font-family: var(--gp-font-mono, ui-monospace, monospace);
        overflow-wrap: anywhere;
      }
      /* Stacked as a card, the cell's label is in the element's type, not the address's. */
      td.source::before {
        font-family: var(--_font);
      }
      td.target {
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Only this kind (`server`, `payment`, `order`, `ticket`, `pci`, …); empty for all. */
  @property({ reflect: true }) kind = '';
  /** Only what this user did; empty for everyone. */
  @property({ reflect: true }) user = '';
  /** First day shown (`YYYY-MM-DD`, the viewer's time zone); empty for no limit. */
  @property({ reflect: true }) from = '';
  /** Last day shown (included); empty for no limit. */
  @property({ reflect: true }) to = '';
  @state() private page = 1;
  @state() private exportError = '';

  #filters() {
    return {
      'filter[kind]': this.kind || undefined,
      'filter[user]': this.user || undefined,
      'filter[from]': localDayStart(this.from, false),
      'filter[to]': localDayStart(this.to, true),
    };
  }

  private readonly log = new Task(this, {
    task: async ([gp, , , , , page], { signal }) => {
      if (!gp) return undefined;
      const doc = await gp.api.get('/activity', { signal, query: { ...this.#filters(), 'page[number]': page, 'page[size]': PAGE_SIZE } });
      return { items: doc.data, meta: doc.meta };
    },
    args: () => [this.gp, this.kind, this.user, this.from, this.to, this.page] as const,
  });

  /** A filter changed: back to the first page. */
  #set(name: 'kind' | 'user' | 'from' | 'to', value: string) {
    this[name] = value;
    this.page = 1;
  }

  async #export() {
    this.exportError = '';
    try {
      const blob = await this.gp!.api.blob('/activity.csv', { query: this.#filters() });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'activity.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.exportError = this.localize.term('activityExportFailed', this.errorReason(err, this.localize.term('activitySystem')));
    }
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`<section class="base" aria-labelledby="act-title">
      <h2 id="act-title">${t.term('activityTitle')}</h2>
      ${this.log.render({
        pending: () => (this.log.value ? this.#renderLog(this.log.value) : this.renderLoading(4)),
        complete: (v) => (v ? this.#renderLog(v) : nothing),
        error: (e) => this.renderError(e, () => void this.log.run(), t.term('activityFailed'), t.term('activitySystem')),
      })}
    </section>`;
  }

  /** Who acted, as a reader says it: a person's address, or "Automatic" for the portal itself. */
  #who(user: string): string {
    return user === SYSTEM_ACTOR ? this.localize.term('activityAutomatic') : user;
  }

  /** Where from: the address, "unknown" in words when the host could not tell, a dash when none was recorded. */
  #address(address: string | null | undefined): string {
    return !address ? '—' : address === 'unknown' ? this.localize.term('activityUnknownAddress') : address;
  }

  #renderLog(v: { items: Activity[]; meta: { total: number; page: { number: number; total: number }; users: string[]; kinds: string[] } }) {
    const t = this.localize;
    const kinds = t.term('activityKinds');
    const actions = t.term('activityActions');
    const filtered = !!(this.kind || this.user || this.from || this.to);
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<div class="filters" part="filters" role="group" aria-label=${t.term('activityFilters')}>
        <div class="field">
          <label for="kind">${t.term('activityKind')}</label>
          <select id="kind" @change=${(e: Event) => this.#set('kind', value(e))}>
            <option value="" ?selected=${!this.kind}>${t.term('activityAll')}</option>
            ${v.meta.kinds.map((k) => html`<option value=${k} ?selected=${k === this.kind}>${kinds[k] ?? k}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="user">${t.term('activityUser')}</label>
          <select id="user" @change=${(e: Event) => this.#set('user', value(e))}>
            <option value="" ?selected=${!this.user}>${t.term('activityAll')}</option>
            ${v.meta.users.map((u) => html`<option value=${u} ?selected=${u === this.user}>${this.#who(u)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="from">${t.term('activityFrom')}</label>
          <input id="from" type="date" .value=${this.from} max=${this.to || nothing} @change=${(e: Event) => this.#set('from', value(e))} />
        </div>
        <div class="field">
          <label for="to">${t.term('activityTo')}</label>
          <input id="to" type="date" .value=${this.to} min=${this.from || nothing} @change=${(e: Event) => this.#set('to', value(e))} />
        </div>
        <button class="button secondary" part="export" @click=${() => void this.#export()}>${t.term('activityExport')}</button>
      </div>
      ${this.exportError ? html`<p class="notice error" role="alert">${this.exportError}</p>` : nothing}
      ${
        !v.items.length
          ? html`<p class="state" part="state">${filtered ? t.term('activityEmptyFiltered') : html`<slot name="empty">${t.term('activityEmpty')}</slot>`}</p>`
          : html`<div class="table-wrap">
              <table class="stack" part="table" aria-labelledby="act-title">
                <thead>
                  <tr>
                    <th scope="col">${t.term('activityColumnWhen')}</th>
                    <th scope="col">${t.term('activityColumnWho')}</th>
                    <th scope="col">${t.term('activityColumnWhat')}</th>
                    <th scope="col">${t.term('activityColumnSource')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${v.items.map((item) => {
                    const a = item.attributes;
                    return html`<tr data-action=${a.action}>
                      <td data-label=${t.term('activityColumnWhen')}><time datetime=${a.at}>${formatDateTime(a.at, this.locale)}</time></td>
                      <td data-label=${t.term('activityColumnWho')}>${this.#who(a.user)}</td>
                      <td data-label=${t.term('activityColumnWhat')} class="target">${actions[a.action] ?? a.action}<div class="muted">${a.target}</div></td>
                      <td data-label=${t.term('activityColumnSource')} class="source">${this.#address(a.sourceAddress)}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>
            </div>
            <nav class="pager" part="pager" aria-label=${t.term('activityPages', v.meta.page.number, v.meta.page.total, v.meta.total)}>
              <!-- Only the moves that exist are offered: no disabled button without a reason. -->
              ${v.meta.page.number > 1 ? html`<button class="button secondary" @click=${() => (this.page = v.meta.page.number - 1)}>${t.term('activityPrevious')}</button>` : nothing}
              <span class="muted" aria-live="polite">${t.term('activityPages', v.meta.page.number, v.meta.page.total, v.meta.total)}</span>
              ${v.meta.page.number < v.meta.page.total ? html`<button class="button secondary" @click=${() => (this.page = v.meta.page.number + 1)}>${t.term('activityNext')}</button>` : nothing}
            </nav>`
      }`;
  }
}
