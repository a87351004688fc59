import './messages.js';
import '../account-calendar/messages.js';
import { css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import { property } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { headings, stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';

type BookEntry = Schemas['AccountBookEntry'];
export type AccountBookEntryAttributes = BookEntry['attributes'];
type Hint = AccountBookEntryAttributes['hints'][number];

export interface AccountOpenDetail {
  /** The tenant whose calendar to open. */
  tenant: string;
  name: string;
  /** What a hint points at (a server, a protection row, an invoice), when a hint's evidence was chosen. */
  evidence: { kind: string; id: string } | null;
}

/**
 * @tag gp-account-book
 * @summary The account manager's book (operator role: it spans tenants): every account with the hints worth a look
 * before a call (backups stopped, overdue invoices, a ticket surge, certificates expiring, a
 * renewal due, usage at its limit), most urgent first. Each hint explains itself and offers
 * its evidence; each account opens its calendar.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-account-open - An account or a hint's evidence was chosen; `detail`: tenant, name, evidence (`{kind, id}` or null). Cancel it
 * to stop a `calendar-href` link from navigating and route yourself.
 *
 * @csspart account - One account.
 * @csspart open - The link or button that opens an account's calendar.
 * @csspart hint - One hint.
 */
export class GpAccountBook extends GpElement {
  static override styles = [
    tokens,
    controls,
    stack,
    headings,
    css`
      ol.accounts {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      li.account {
        border: 1px solid var(--_border);
        border-inline-start-width: 4px;
        border-radius: var(--_radius);
        padding: 0.75rem;
        min-width: 0;
      }
      li.account.critical {
        border-inline-start-color: var(--_danger);
      }
      li.account.warning {
        border-inline-start-color: var(--_warning);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }
      h3 {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ul.hints {
        margin: 0.5rem 0 0;
        padding-inline-start: 1.1rem;
        display: grid;
        gap: 0.35rem;
      }
      ul.hints li {
        overflow-wrap: anywhere;
      }
      ul.hints li.critical::marker {
        color: var(--_danger);
      }
      .link {
        background: none;
        border: none;
        padding: 0;
        font: inherit;
        color: var(--_primary);
        text-decoration: underline;
        cursor: pointer;
      }
    `,
  ];

  /**
   * Where an account's calendar lives in your portal, with `{tenant}` for the tenant's id
   * (`/accounts/{tenant}/calendar`). Without it, accounts open through `gp-account-open` only.
   */
  @property({ attribute: 'calendar-href' }) calendarHref = '';

  private readonly book = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
      return (await gp.api.get('/account-book', { signal, query: { timeZone } })).data;
    },
    args: () => [this.gp] as const,
  });

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`<section class="base" aria-labelledby="book-title">
      <h2 id="book-title">${t.term('bookTitle')}</h2>
      ${this.book.render({
        pending: () => (this.book.value ? this.#renderBook(this.book.value) : this.renderLoading(4)),
        complete: (v) => (v ? this.#renderBook(v) : nothing),
        error: (e) => this.renderError(e, () => void this.book.run(), t.term('bookFailed'), t.term('bookSystem')),
      })}
    </section>`;
  }

  #open(e: Event, entry: BookEntry, evidence: AccountOpenDetail['evidence']) {
    const go = this.emit<AccountOpenDetail>(
      'gp-account-open',
      { tenant: entry.id, name: entry.attributes.name, evidence },
      { cancelable: true },
    );
    if (!go) e.preventDefault();
  }

  #renderBook(entries: BookEntry[]) {
    const t = this.localize;
    if (!entries.length) return html`<p class="state" part="state"><slot name="empty">${t.term('bookEmpty')}</slot></p>`;
    return html`<ol class="accounts">
      ${entries.map((entry) => {
        const a = entry.attributes;
        const id = `acct-${entry.id}`;
        const href = this.calendarHref ? this.calendarHref.replaceAll('{tenant}', encodeURIComponent(entry.id)) : '';
        return html`<li class="account ${a.urgency}" part="account" data-tenant=${entry.id} aria-labelledby=${id}>
          <header>
            <h3 id=${id}>${a.name}</h3>
            <span class="badge ${a.urgency === 'critical' ? 'danger' : a.urgency === 'warning' ? 'warning' : 'success'}">${t.term('bookUrgency')[a.urgency]}${a.hints.length ? html` · ${t.term('bookHintCount', a.hints.length)}` : nothing}</span>
            ${
              href
                ? html`<a class="button secondary" part="open" href=${href} aria-label=${t.term('bookOpen', a.name)} @click=${(e: Event) => this.#open(e, entry, null)}>${t.term('bookOpenShort')}</a>`
                : html`<button class="button secondary" part="open" aria-label=${t.term('bookOpen', a.name)} @click=${(e: Event) => this.#open(e, entry, null)}>${t.term('bookOpenShort')}</button>`
            }
          </header>
          ${a.hints.length ? html`<ul class="hints">${a.hints.map((h) => this.#renderHint(entry, h))}</ul>` : html`<p class="muted">${t.term('bookCalm')}</p>`}
        </li>`;
      })}
    </ol>`;
  }

  #renderHint(entry: BookEntry, h: Hint) {
    const t = this.localize;
    const words = t.term('hint')[h.rule]?.(h.params) ?? h.detail;
    return html`<li class=${h.severity} part="hint" data-rule=${h.rule}>
      ${words}
      ${h.link ? html` <button class="link" aria-label=${t.term('bookEvidenceLabel', words)} @click=${(e: Event) => this.#open(e, entry, h.link)}>${t.term('bookEvidence')}</button>` : nothing}
    </li>`;
  }
}
