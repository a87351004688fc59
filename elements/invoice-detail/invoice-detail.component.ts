import '../core/shared-messages.js';
import './messages.js';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { cardTable, stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import { formatDate, formatMoney } from '../core/format.js';
import { GatewayFieldsController, downloadInvoicePdf, unconfirmedPayment } from '../core/payments.js';
import type { BeforePayDetail, InvoicesPaidDetail } from '../invoice-list/invoice-list.component.js';
import { styles } from './invoice-detail.styles.js';
import { InvoiceDetailController, taxByRate, type Invoice, type InvoiceLine, type Payment } from './invoice-detail.controller.js';

export type { Invoice, InvoiceLine, Payment };

const PAYABLE = new Set(['open', 'overdue']);
const TONE: Record<string, string> = { paid: 'success', overdue: 'danger', open: 'warning', void: 'muted', draft: 'muted' };

/**
 * @tag gp-invoice-detail
 * @summary One invoice: its lines with service period, quantity, unit price and tax rate;
 * subtotal, tax per rate and total; the payments made for it and the amount due; the PDF;
 * and paying it with a saved or new card or bank account.
 *
 * Amounts are in the invoice's currency and the portal's locale. Paying needs the `billing`
 * role and works as in `gp-invoice-list`: one Idempotency-Key per attempt, reused when the
 * same attempt is retried, and a new card or bank account typed into the payment gateway's
 * own fields only. Show it for the invoice `gp-invoice-list` announces with `gp-invoice-open`.
 *
 * @fires gp-before-pay - A payment is about to be made; cancelable: `preventDefault()` stops it (nothing is charged). `detail`: invoiceIds,
 * amount, currency, paymentMethodId (`new` for one being added).
 * @fires gp-invoices-paid - The invoice was paid; `detail`: paymentId, invoiceIds, amount, currency.
 *
 * @slot actions - Your own buttons or links beside the PDF button (e.g. "Dispute this invoice").
 * @csspart base - The wrapper.
 * @csspart header - Number, status and dates.
 * @csspart billed-to - The site or department the invoice is billed to (only when it is not the account itself).
 * @csspart status - The invoice's status badge.
 * @csspart lines - The table of lines.
 * @csspart totals - Subtotal, tax per rate, total, paid and amount due.
 * @csspart payments - The payments made for the invoice.
 * @csspart pdf - The PDF download button.
 * @csspart pay-button - Opens the payment panel.
 * @csspart pay-form - The payment panel.
 * @csspart gateway-fields - Where the payment gateway draws its own card or bank fields.
 * @csspart state - Loading, error and permission panels.
 */
export class GpInvoiceDetail extends GpElement {
  static override styles = [tokens, controls, stack, cardTable, styles];

  /** A payment the bank did not confirm, without the gateway's reason, in the page's words. */
  protected override errorReason(error: unknown, system: string): string {
    return unconfirmedPayment(error) ? this.localize.term('paymentNotConfirmed') : super.errorReason(error, system);
  }

  /** The invoice's id (as `GET /api/v1/invoices` lists it, and `gp-invoice-open` tells). */
  @property({ attribute: 'invoice-id', reflect: true }) invoiceId = '';

  @state() private paying = false;
  /** The pay form is open. Closed at first: the gateway's script and a setup are fetched only when the customer wants to pay. */
  @state() private payOpen = false;
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;

  private readonly data = new InvoiceDetailController(this, () => [this.gp, this.invoiceId] as const);
  private readonly gateway = new GatewayFieldsController(
    this,
    () => (this.data.methodId === 'new' ? this.gp : undefined),
    (err) => this.#fail(err),
  );

  constructor() {
    super();
    this.listen<{ op: string; data?: { type?: string; id?: string; attributes?: unknown } }>('billing', (m) => {
      if (m.topic === 'reset' || !m.data) return void this.data.reload();
      this.data.apply(m.data.data);
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('invoiceId')) {
      this.message = null;
      this.payOpen = false;
      this.gateway.reset();
    }
  }

  #fail(err: unknown) {
    this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('billingSystem')) };
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
    let methodId = this.data.methodId;
    if (this.paying || (methodId === 'new' && !this.gateway.fields)) return;
    const invoice = this.data.invoice;
    if (
      invoice &&
      !this.emit<BeforePayDetail>(
        'gp-before-pay',
        {
          invoiceIds: [invoice.id],
          amount: invoice.attributes.amountDue,
          currency: invoice.attributes.currency,
          paymentMethodId: methodId,
        },
        { cancelable: true },
      )
    )
      return;
    this.paying = true;
    this.message = null;
    try {
      if (methodId === 'new') {
        const result = await this.gateway.confirm();
        if ('declined' in result) return void (this.message = { tone: 'error', text: result.declined ?? this.localize.term('idDeclined') });
        methodId = await this.data.addMethod(gp, result.setupId);
      }
      const payment = await this.data.pay(gp, methodId);
      const p = payment.attributes;
      this.message = {
        tone: 'success',
        text:
          p.status === 'succeeded'
            ? this.localize.term('idReceipt', formatMoney(p.amount, p.currency, this.locale), p.receiptNumber ?? payment.id)
            : this.localize.term('idProcessing'),
      };
      this.emit<InvoicesPaidDetail>('gp-invoices-paid', {
        paymentId: payment.id,
        invoiceIds: p.invoiceIds,
        amount: p.amount,
        currency: p.currency,
      });
      this.data.reload();
    } catch (err) {
      this.#fail(err);
    } finally {
      this.paying = false;
    }
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    if (!this.invoiceId)
      return html`<div class="base" part="base"><div class="state" part="state">${this.localize.term('idNoInvoice')}</div></div>`;
    return html`<div class="base" part="base">
      ${this.data.task.render({
        pending: () => (this.data.invoice?.id === this.invoiceId ? this.#renderBody(this.data.invoice) : this.renderLoading(5)),
        complete: (invoice) => (invoice ? this.#renderBody(this.data.invoice ?? invoice) : nothing),
        error: (error) =>
          this.renderError(error, () => this.data.reload(), this.localize.term('invoiceFailed'), this.localize.term('billingSystem')),
      })}
    </div>`;
  }

  #renderBody(invoice: Invoice) {
    const t = this.localize;
    const a = invoice.attributes;
    const locale = this.locale;
    const money = (minor: number) => formatMoney(minor, a.currency, locale);
    const date = (d: string) => formatDate(d, locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
    const quantity = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    const payable = PAYABLE.has(a.status) && a.amountDue > 0;
    return html`
      <header class="header" part="header">
        <h3 class="title">${t.term('idTitle', a.number)}</h3>
        <span class="badge ${TONE[a.status] ?? 'muted'}" part="status">${t.term('idStatus')[a.status] ?? a.status}</span>
        <dl class="dates">
          <div><dt>${t.term('idIssued')}</dt><dd>${date(a.issuedOn)}</dd></div>
          <div><dt>${t.term('idDueDate')}</dt><dd>${date(a.dueOn)}</dd></div>
          ${a.billedTo ? html`<div part="billed-to"><dt>${t.term('idBilledTo')}</dt><dd>${a.billedTo}</dd></div>` : nothing}
        </dl>
        <button class="button secondary" part="pdf" aria-label=${t.term('idPdfLabel', a.number)} @click=${() => this.#download(invoice)}>${t.term('idPdf')}</button>
        <slot name="actions"></slot>
      </header>
      <table part="lines">
        <caption class="visually-hidden">${t.term('idLines')}</caption>
        <thead>
          <tr>
            <th scope="col">${t.term('idDescription')}</th>
            <th scope="col" class="num">${t.term('idQuantity')}</th>
            <th scope="col" class="num">${t.term('idUnitPrice')}</th>
            <th scope="col" class="num">${t.term('idTaxRate')}</th>
            <th scope="col" class="num">${t.term('idAmount')}</th>
          </tr>
        </thead>
        <tbody>
          ${a.lines.map(
            (l) => html`<tr part="line">
              <td class="description">
                ${l.description}
                ${l.periodStart && l.periodEnd ? html`<span class="period">${t.term('idPeriod', date(l.periodStart), date(l.periodEnd))}</span>` : nothing}
              </td>
              <td class="num" data-label=${t.term('idQuantity')}>${quantity.format(l.quantity)}</td>
              <td class="num" data-label=${t.term('idUnitPrice')}>${money(l.unitAmount)}</td>
              <td class="num" data-label=${t.term('idTaxRate')}>${l.taxRate === undefined ? '–' : percent.format(l.taxRate / 100)}</td>
              <td class="num" data-label=${t.term('idAmount')}>${money(l.amount)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <dl class="totals" part="totals">
        <div><dt>${t.term('idSubtotal')}</dt><dd>${money(a.subtotal)}</dd></div>
        ${taxByRate(a).map((s) => html`<div><dt>${s.rate === null ? t.term('idTax') : t.term('idTaxAt', percent.format(s.rate / 100), money(s.net))}</dt><dd>${money(s.tax)}</dd></div>`)}
        <div class="total"><dt>${t.term('idTotal')}</dt><dd>${money(a.total)}</dd></div>
        ${a.amountPaid ? html`<div><dt>${t.term('idPaid')}</dt><dd>${money(-a.amountPaid)}</dd></div>` : nothing}
        <div class="total"><dt>${t.term('idAmountDue')}</dt><dd>${money(a.amountDue)}</dd></div>
      </dl>
      <section part="payments" aria-labelledby="payments-title">
        <h4 id="payments-title" class="subtitle">${t.term('idPayments')}</h4>
        ${
          this.data.payments.length === 0
            ? html`<p class="hint">${t.term('idNoPayments')}</p>`
            : html`<ul class="payments" role="list">
              ${this.data.payments.map((p) => {
                const pa = p.attributes;
                return html`<li>
                  <span>${date(pa.createdAt)}</span>
                  <span>${pa.method.label}</span>
                  <span class="num">${t.term('idPaymentOf', formatMoney(pa.amount, pa.currency, locale), pa.invoiceIds.length)}</span>
                  <span class="badge ${pa.status === 'succeeded' ? 'success' : pa.status === 'failed' ? 'danger' : 'muted'}">${t.term('idPaymentStatus')[pa.status] ?? pa.status}</span>
                </li>`;
              })}
            </ul>`
        }
      </section>
      ${
        payable && this.data.canPay
          ? this.payOpen
            ? this.#renderPay(money(a.amountDue))
            : html`<div><button class="button" part="pay-button" @click=${() => (this.payOpen = true)}>${t.term('idPay', money(a.amountDue))}</button></div>`
          : nothing
      }
      ${payable && !this.data.canPay ? html`<p class="hint">${t.term('idNeedsBilling')}</p>` : nothing}
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
    `;
  }

  #renderPay(amount: string) {
    const t = this.localize;
    return html`<form class="pay" part="pay-form" novalidate @submit=${this.#pay}>
      <div class="field">
        <label for="d-method">${t.term('idPayWith')}</label>
        <select id="d-method" @change=${(e: Event) => this.data.choose((e.target as HTMLSelectElement).value)}>
          ${this.data.methods.map((m) => html`<option value=${m.id} ?selected=${m.id === this.data.methodId}>${m.attributes.label}</option>`)}
          <option value="new" ?selected=${this.data.methodId === 'new'}>${t.term('idNewMethod')}</option>
        </select>
      </div>
      ${
        this.data.methodId === 'new'
          ? html`<div class="field" role="group" aria-label=${t.term('idNewMethod')}>
            <div class="gateway-fields" part="gateway-fields"></div>
            ${this.gateway.fields || this.message?.tone === 'error' ? nothing : html`<span class="hint">${t.term('idLoadingFields')}</span>`}
          </div>`
          : nothing
      }
      <div>
        <button class="button" type="submit" ?disabled=${this.paying}>${this.paying ? html`<span class="spinner" aria-hidden="true"></span>${t.term('idPaying')}` : t.term('idPay', amount)}</button>
      </div>
    </form>`;
  }
}
