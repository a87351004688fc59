import '../core/shared-messages.js';
import './messages.js';
import { html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { card, cardTable, stack, tokens } from '../core/styles.js';
import { controls, toggles } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatMoney } from '../core/format.js';
import '../payment-methods/payment-methods.component.js';
import { kitTagBeside } from '../core/define.js';
import { GatewayFieldsController, downloadInvoicePdf, unconfirmedPayment } from '../core/payments.js';
import { styles } from './invoice-list.styles.js';
import { InvoiceListController, type BillingEvent, type Invoice } from './invoice-list.controller.js';

export type InvoiceAttributes = Schemas['InvoiceAttributes'];
export type { Invoice };

/** `gp-invoice-open`: the invoice whose number was chosen; a portal shows `gp-invoice-detail` for it. */
export interface InvoiceOpenDetail {
  invoiceId: string;
  number: string;
}

export interface InvoicesPaidDetail {
  paymentId: string;
  invoiceIds: string[];
  amount: number;
  currency: string;
}
/**
 * `gp-before-pay`: the payment about to be made; cancel it to stop the payment (nothing is
 * charged, the selection stays). `paymentMethodId` is `new` for a card or account being added.
 */
export interface BeforePayDetail {
  invoiceIds: string[];
  amount: number;
  currency: string;
  paymentMethodId: string;
}

type Filter = 'all' | 'open' | 'overdue' | 'paid';
const PAYABLE = new Set(['open', 'overdue']);
const TONE: Record<string, string> = { paid: 'success', overdue: 'danger', open: 'warning', void: 'muted', draft: 'muted' };

/** Selected invoices of one currency and what they add up to. */
export type CurrencyGroup = { currency: string; invoices: Invoice[]; amount: number };

/** Invoices grouped by currency, in the order their currencies first appear: amounts are only ever added within one currency. */
export function byCurrency(invoices: Invoice[]): CurrencyGroup[] {
  const groups = new Map<string, CurrencyGroup>();
  for (const i of invoices) {
    const g = groups.get(i.attributes.currency) ?? { currency: i.attributes.currency, invoices: [], amount: 0 };
    g.invoices.push(i);
    g.amount += i.attributes.amountDue;
    groups.set(g.currency, g);
  }
  return [...groups.values()];
}

/**
 * @tag gp-invoice-list
 * @summary Invoices with status, amounts and due dates in the portal's locale and each
 * invoice's currency; filters, total due, PDF download, paying several at once with a
 * saved or new card or bank account, a receipt, and automatic payment.
 *
 * Paying needs the `billing` role; others see the invoices and are told why they cannot
 * pay. Each payment attempt carries its own Idempotency-Key, reused if the same attempt is
 * retried, so a double click or a retry never pays twice. A new card or bank account is
 * typed into the payment gateway's own fields (its script, drawn inside the pay form), never
 * into the element: the host only gets the confirmed setup's id.
 *
 * Automatic payment is `gp-payment-methods`' panel (`view="autopay"`): which method, when and
 * how much, and the customer's consent (with the mandate for bank debits) before it turns on.
 * A page that shows `gp-payment-methods` as well (which has the same panel) sets
 * `hide-autopay`, so the customer sees automatic payment once.
 * An invoice's number opens it: `gp-invoice-open` tells the portal, which shows
 * `<gp-invoice-detail invoice-id=…>`.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @slot actions - Your own buttons or links in the toolbar, after the filters and totals (e.g. "Download all as ZIP", "Billing contact").
 * @fires gp-before-pay - A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged, the selection stays).
 * `detail`: invoiceIds, amount, currency, paymentMethodId (`new` for one being added).
 * @fires gp-invoices-paid - A payment succeeded; `detail`: paymentId, invoiceIds, amount, currency.
 * @fires gp-invoice-open - An invoice's number was chosen; `detail`: invoiceId, number.
 *
 * @csspart base - The wrapper.
 * @csspart table - The invoice table.
 * @csspart row - One invoice.
 * @csspart status - An invoice's status badge.
 * @csspart billed-to - The site or department an invoice is billed to, under its number (only when it is not the account itself).
 * @csspart pay-form - The payment panel.
 * @csspart gateway-fields - Where the payment gateway draws its own card or bank fields.
 * @csspart autopay - The automatic payment panel (holds `gp-payment-methods view="autopay"`).
 * @csspart state - Loading, empty, error and permission panels.
 */
export class GpInvoiceList extends GpElement {
  static override styles = [tokens, controls, toggles, card, stack, cardTable, styles];

  /** A payment the bank did not confirm, without the gateway's reason, in the page's words. */
  protected override errorReason(error: unknown, system: string): string {
    return unconfirmedPayment(error) ? this.localize.term('paymentNotConfirmed') : super.errorReason(error, system);
  }

  /** Initial filter: `all`, `open`, `overdue` or `paid`. */
  @property({ reflect: true }) filter: Filter = 'all';

  /**
   * Leave automatic payment to a `gp-payment-methods` elsewhere on the page, which shows the
   * same panel beside the saved methods: without this, the customer would see it twice.
   */
  @property({ type: Boolean, attribute: 'hide-autopay', reflect: true }) hideAutopay = false;

  /** Order: `-issuedOn` (newest first, default), `dueOn` (soonest due first) or `-total` (largest first). */
  @property({ reflect: true }) sort: '-issuedOn' | 'dueOn' | '-total' = '-issuedOn';

  /**
   * Invoices to show instead of loading them (a portal that already has them, or a
   * read-only statement). Paying still needs the provider.
   */
  @property({ attribute: false }) items?: Invoice[];

  @state() private selected = new Set<string>();
  /** The currency being paid, or empty. */
  @state() private paying = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  /** The gateway's own fields in the pay form, when a new method is chosen. */
  private readonly gateway = new GatewayFieldsController(
    this,
    () => this.gp,
    (err) => (this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('billingSystem')) }),
  );

  /** Loading, the stream's updates, paying and autopay. */
  private readonly billing = new InvoiceListController(this, () => [this.gp, this.items] as const);

  constructor() {
    super();
    this.listen<BillingEvent>('billing', (m) => {
      if (m.topic === 'reset' || !m.data) return void this.billing.reload();
      const invoice = this.billing.apply(m.data.data);
      if (invoice && !PAYABLE.has(invoice.attributes.status)) this.#deselect(invoice.id);
    });
  }

  #deselect(id: string) {
    if (!this.selected.has(id)) return;
    const next = new Set(this.selected);
    next.delete(id);
    this.selected = next;
  }

  #toggle(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
    this.message = null;
  }

  async #download(invoice: Invoice) {
    try {
      await downloadInvoicePdf(this.gp!, invoice, this.locale, this.renderRoot);
    } catch (err) {
      this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('billingSystem')) };
    }
  }

  async #pay(e: Event) {
    e.preventDefault();
    const gp = this.gp!;
    // One payment per currency: amounts in different currencies are never added up.
    const groups = byCurrency(this.billing.invoices.filter((i) => this.selected.has(i.id)));
    const currency = ((e as SubmitEvent).submitter as HTMLElement | null)?.dataset.currency;
    const group = groups.find((g) => g.currency === currency) ?? groups[0];
    if (!group) return;
    const invoiceIds = group.invoices.map((i) => i.id);
    this.message = null;
    let paymentMethodId = this.billing.methodId;
    if (paymentMethodId === 'new' && !this.gateway.fields) return;
    if (
      !this.emit<BeforePayDetail>(
        'gp-before-pay',
        { invoiceIds, amount: group.amount, currency: group.currency, paymentMethodId },
        { cancelable: true },
      )
    )
      return;
    this.paying = group.currency;
    try {
      if (paymentMethodId === 'new') {
        // Confirmed or not, the setup is spent: the fields are drawn again for a fresh one.
        const result = await this.gateway.confirm();
        if ('declined' in result) {
          this.message = { tone: 'error', text: result.declined ?? this.localize.term('setupDeclined') };
          return;
        }
        paymentMethodId = await this.billing.addMethod(gp, result.setupId);
        // Autopay's panel lists the saved methods too.
        this.renderRoot.querySelector('gp-payment-methods')?.reload();
      }
      const payment = await this.billing.pay(gp, invoiceIds, paymentMethodId);
      const p = payment.attributes;
      this.message = {
        tone: 'success',
        text:
          p.status === 'succeeded'
            ? this.localize.term('receipt', formatMoney(p.amount, p.currency, this.locale), p.receiptNumber ?? payment.id)
            : this.localize.term('processing'),
      };
      this.selected = new Set([...this.selected].filter((id) => !invoiceIds.includes(id)));
      this.emit<InvoicesPaidDetail>('gp-invoices-paid', { paymentId: payment.id, invoiceIds, amount: p.amount, currency: p.currency });
      this.billing.reload();
    } catch (err) {
      this.message = { tone: 'error', text: this.describeError(err, this.localize.term('payFailed'), this.localize.term('billingSystem')) };
    } finally {
      this.paying = '';
    }
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Given items render at once, without waiting for the task's round trip.
    if (changed.has('items') && this.items) this.billing.show(this.items);
  }

  protected override render() {
    if (!this.gp && !this.items) return this.renderNoProvider();
    if (this.items) return html`<div class="base" part="base">${this.#renderBody()}</div>`;
    return html`<div class="base" part="base">
      ${this.billing.task.render({
        pending: () => (this.billing.invoices.length ? this.#renderBody() : this.renderLoading(4)),
        complete: () => this.#renderBody(),
        error: (error) =>
          this.renderError(error, () => this.billing.reload(), this.localize.term('invoicesFailed'), this.localize.term('billingSystem')),
      })}
    </div>`;
  }

  #renderBody() {
    const locale = this.locale;
    const order = {
      '-issuedOn': (x: Invoice, y: Invoice) => y.attributes.issuedOn.localeCompare(x.attributes.issuedOn),
      dueOn: (x: Invoice, y: Invoice) => x.attributes.dueOn.localeCompare(y.attributes.dueOn),
      '-total': (x: Invoice, y: Invoice) => y.attributes.total - x.attributes.total,
    }[this.sort];
    const shown = this.billing.invoices.filter((i) => this.filter === 'all' || i.attributes.status === this.filter).sort(order);
    const due = new Map<string, number>();
    for (const i of this.billing.invoices)
      if (PAYABLE.has(i.attributes.status)) due.set(i.attributes.currency, (due.get(i.attributes.currency) ?? 0) + i.attributes.amountDue);
    const selected = this.billing.invoices.filter((i) => this.selected.has(i.id));
    // Once per render, not once per row: a statement can have a thousand rows.
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const statusNames = this.localize.term('invoiceStatus');
    const groups = byCurrency(selected);
    return html`
      <div class="toolbar">
        <div class="filters toggles" role="group" aria-label=${this.localize.term('filterLabel')}>
          ${(['all', 'open', 'overdue', 'paid'] as const).map(
            (f) =>
              html`<button aria-pressed=${String(this.filter === f)} @click=${() => (this.filter = f)}>${f === 'all' ? this.localize.term('filterAll') : this.localize.term('invoiceStatus')[f]}</button>`,
          )}
        </div>
        <label class="sort">${this.localize.term('sortBy')}
          <select @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as GpInvoiceList['sort'])}>
            ${(['-issuedOn', 'dueOn', '-total'] as const).map((o) => html`<option value=${o} ?selected=${o === this.sort}>${this.localize.term('sortOption')[o]}</option>`)}
          </select>
        </label>
        <span class="total">${this.localize.term('totalDue', [...due].map(([c, a]) => formatMoney(a, c, locale)).join(' · '))}</span>
        <slot name="actions"></slot>
      </div>
      ${
        shown.length === 0
          ? html`<div class="state" part="state"><slot name="empty">${this.localize.term('noInvoices')}</slot></div>`
          : html`<table part="table">
            <caption class="visually-hidden">${this.localize.term('invoices')}</caption>
            <thead>
              <tr>
                <th scope="col"><span class="visually-hidden">${this.localize.term('payNow')}</span></th>
                <th scope="col">${this.localize.term('invoiceNumber')}</th>
                <th scope="col">${this.localize.term('issuedOn')}</th>
                <th scope="col">${this.localize.term('dueOn')}</th>
                <th scope="col">${this.localize.term('serverStatus')}</th>
                <th scope="col" class="num">${this.localize.term('amount')}</th>
                <th scope="col" class="num">${this.localize.term('amountDueLabel')}</th>
                <th scope="col"><span class="visually-hidden">${this.localize.term('pdf')}</span></th>
              </tr>
            </thead>
            <tbody>
              ${shown.map((i) => {
                const a = i.attributes;
                const money = (minor: number) => formatMoney(minor, a.currency, locale);
                const payable = PAYABLE.has(a.status) && a.amountDue > 0;
                return html`<tr part="row" data-id=${i.id}>
                  <td>
                    ${
                      payable && this.billing.canPay
                        ? html`<input type="checkbox" aria-label=${this.localize.term('selectInvoice', a.number)} .checked=${this.selected.has(i.id)} @change=${(e: Event) => this.#toggle(i.id, (e.target as HTMLInputElement).checked)} />`
                        : nothing
                    }
                  </td>
                  <td data-label=${this.localize.term('invoiceNumber')}>
                    <button class="link" aria-label=${this.localize.term('openInvoice', a.number)} @click=${() => this.emit<InvoiceOpenDetail>('gp-invoice-open', { invoiceId: i.id, number: a.number })}>${a.number}</button>
                    ${
                      a.billedTo
                        ? html`<span class="billed-to" part="billed-to">${this.localize.term('billedTo', a.billedTo)}</span>`
                        : nothing
                    }
                  </td>
                  <td data-label=${this.localize.term('issuedOn')}>${dateFormat.format(new Date(a.issuedOn))}</td>
                  <td data-label=${this.localize.term('dueOn')}>${dateFormat.format(new Date(a.dueOn))}</td>
                  <td><span class="badge ${TONE[a.status] ?? 'muted'}" part="status">${statusNames[a.status] ?? a.status}</span></td>
                  <td class="num" data-label=${this.localize.term('amount')}>${money(a.total)}</td>
                  <td class="num" data-label=${this.localize.term('amountDueLabel')}>${money(a.amountDue)}</td>
                  <td><button class="pdf" aria-label=${this.localize.term('downloadPdf', a.number)} @click=${() => this.#download(i)}>${this.localize.term('pdf')}</button></td>
                </tr>`;
              })}
            </tbody>
          </table>`
      }
      ${this.billing.sessionKnown && !this.billing.canPay ? html`<p class="hint">${this.localize.term('needsBilling')}</p>` : nothing}
      ${this.billing.canPay && selected.length ? this.#renderPay(groups) : nothing}
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.billing.canPay && this.billing.autopay && !this.hideAutopay ? this.#renderAutopay() : nothing}
    `;
  }

  #renderPay(groups: CurrencyGroup[]) {
    const t = this.localize;
    const totals = groups.map((g) => formatMoney(g.amount, g.currency, this.locale));
    return html`<form class="pay card" part="pay-form" novalidate @submit=${this.#pay}>
      ${groups.length > 1 ? html`<p class="wide notice" part="currencies" role="status">${t.term('paidSeparately', totals)}</p>` : nothing}
      <div class="field wide">
        <label for="f-method">${this.localize.term('payWith')}</label>
        <select id="f-method" .value=${this.billing.methodId} @change=${(e: Event) => this.billing.choose((e.target as HTMLSelectElement).value)}>
          ${this.billing.methods.map((m) => html`<option value=${m.id} ?selected=${m.id === this.billing.methodId}>${m.attributes.label}</option>`)}
          <option value="new" ?selected=${this.billing.methodId === 'new'}>${this.localize.term('newMethod')}</option>
        </select>
      </div>
      ${
        this.billing.methodId === 'new'
          ? html`<div class="field wide" role="group" aria-label=${this.localize.term('newMethod')}>
            <div class="gateway-fields" part="gateway-fields"></div>
            ${this.gateway.fields || this.message?.tone === 'error' ? nothing : html`<span class="hint">${this.localize.term('loadingFields')}</span>`}
          </div>`
          : nothing
      }
      <div class="wide pay-actions">
        ${groups.map(
          (g, n) => html`<button class="button" type="submit" data-currency=${g.currency} ?disabled=${!!this.paying}>
            ${this.paying === g.currency ? html`<span class="spinner" aria-hidden="true"></span>${t.term('paying')}` : t.term('paySelected', g.invoices.length, totals[n]!)}
          </button>`,
        )}
      </div>
    </form>`;
  }

  #renderAutopay() {
    // Under this list's own prefix (a partner's acme-payment-methods), else gp-payment-methods.
    const methods = unsafeStatic(kitTagBeside(this, 'invoice-list', 'payment-methods'));
    return html`<div part="autopay">${staticHtml`<${methods} view="autopay"></${methods}>`}</div>`;
  }
}
