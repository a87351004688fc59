import '../core/shared-messages.js';
import './messages.js';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import { formatDate, formatMoney } from '../core/format.js';
import { GatewayFieldsController } from '../core/payments.js';
import { styles } from './payment-methods.styles.js';
import { PaymentMethodsController, needsConfirmation, type PaymentMethod } from './payment-methods.controller.js';

export type { PaymentMethod };

/** `gp-payment-method-added`, `gp-payment-method-removed`: the method concerned. */
export interface PaymentMethodDetail {
  id: string;
  label: string;
}

/** `gp-autopay-changed`: autopay's new settings. */
export interface AutopayChangedDetail {
  enabled: boolean;
  paymentMethodId: string | null;
}

/**
 * @tag gp-payment-methods
 * @summary Saved cards and bank accounts (brand, last four, expiry, default), adding one in
 * the payment gateway's own fields, making one the default, removing one, and automatic
 * payment with the customer's explicit consent (the mandate text for SEPA and ACH debits).
 *
 * Changing anything needs the `billing` role; others see the methods and are told why. A
 * new card or bank account is typed into the gateway's own fields (its script, drawn inside
 * the element), never into the element; the host saves it only when the gateway says the
 * setup succeeded, so a declined card is never saved nor made the default. Removing the
 * method automatic payment charges asks first and then turns automatic payment off. Turning
 * automatic payment on, or switching its method, shows which method is charged, when and
 * how much, and the mandate the networks require for bank debits, and waits for the
 * customer to confirm. `gp-invoice-list` shows this element's automatic payment panel
 * (`view="autopay"`); on a page with both, set `hide-autopay` on the list, so the customer
 * sees the panel once, here.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-payment-method-added - A method was saved; `detail`: id, label.
 * @fires gp-payment-method-removed - A method was removed; `detail`: id, label.
 * @fires gp-autopay-changed - Automatic payment was turned on, off or to another method; `detail`: enabled, paymentMethodId.
 *
 * @csspart base - The wrapper.
 * @csspart method - One saved method.
 * @csspart default-badge - The default method's badge.
 * @csspart add-form - The form adding a method.
 * @csspart gateway-fields - Where the payment gateway draws its own card or bank fields.
 * @csspart autopay - The automatic payment panel.
 * @csspart consent - The confirmation (and mandate) before automatic payment charges a method.
 * @csspart mandate - The SEPA or ACH mandate text.
 * @csspart confirm-remove - The question before removing automatic payment's method.
 * @csspart state - Loading, empty, error and permission panels.
 */
export class GpPaymentMethods extends GpElement {
  static override styles = [tokens, controls, stack, styles];

  /** `all` (default): methods and automatic payment; `autopay`: the automatic payment panel only. */
  @property({ reflect: true }) view: 'all' | 'autopay' = 'all';

  /**
   * The name that collects the payments, as the SEPA and ACH mandates name it (the
   * provider's legal name). Default: the tenant's branding display name, else "your provider".
   */
  @property() creditor = '';

  @state() private adding = false;
  @state() private saving = false;
  @state() private makeNewDefault = true;
  /** The action in progress (`default:<id>`, `remove:<id>`, `autopay`), disabling its button. */
  @state() private busy = '';
  /** The method whose removal waits for confirmation (it is autopay's). */
  @state() private confirmRemove: { id: string; detail: string } | null = null;
  /** The method automatic payment should charge, chosen in its panel. */
  @state() private autopayChoice = '';
  /** The method waiting for the customer's consent to automatic payment. */
  @state() private consentFor = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;

  /** The gateway's own fields in the add form. */
  private readonly gateway = new GatewayFieldsController(
    this,
    () => this.gp,
    (err) => this.#fail(err),
  );

  private readonly data = new PaymentMethodsController(this, () => [this.gp] as const);

  constructor() {
    super();
    this.listen<{ op: string; data?: { type?: string; attributes?: unknown } }>('billing', (m) => {
      if (m.topic === 'reset' || !m.data) return void this.data.reload();
      this.data.apply(m.data.data);
    });
  }

  /** Reads methods and autopay again (after a method was saved elsewhere, e.g. while paying). */
  reload(): void {
    this.data.reload();
  }

  get #provider(): string | null {
    return this.creditor || this.data.brandName || null;
  }

  /** A method in the reader's words: a card by its brand, a bank account by its kind (the host's label is English). */
  #label(m: PaymentMethod): string {
    const a = m.attributes;
    if (a.kind === 'card') return a.label;
    const bank = a.kind === 'ach' && a.brand && a.brand !== 'ach' ? ` (${a.brand})` : '';
    return `${this.localize.term('pmKind')[a.kind] ?? a.kind}${bank} •••• ${a.last4}`;
  }

  #fail(err: unknown) {
    this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('billingSystem')) };
  }

  async #run(busy: string, work: () => Promise<void>) {
    this.busy = busy;
    this.message = null;
    try {
      await work();
    } catch (err) {
      this.#fail(err);
    } finally {
      this.busy = '';
    }
  }

  #makeDefault(m: PaymentMethod) {
    return this.#run(`default:${m.id}`, async () => {
      await this.data.makeDefault(this.gp!, m.id);
      this.message = { tone: 'success', text: this.localize.term('pmDefaultSet', this.#label(m)) };
    });
  }

  /** Removes a method; autopay's is removed only after the customer confirmed (the host insists too). */
  #remove(m: PaymentMethod, confirmed: boolean) {
    const autopay = this.data.autopay;
    if (!confirmed && autopay?.enabled && autopay.paymentMethodId === m.id) {
      this.confirmRemove = { id: m.id, detail: this.localize.term('pmRemoveAutopayAsk', this.#label(m)) };
      return;
    }
    return this.#run(`remove:${m.id}`, async () => {
      try {
        await this.data.remove(this.gp!, m.id, confirmed);
      } catch (err) {
        // Autopay switched to this method elsewhere since we loaded: ask, with the host's words.
        if (needsConfirmation(err)) return void (this.confirmRemove = { id: m.id, detail: err.message });
        throw err;
      }
      this.confirmRemove = null;
      this.message = { tone: 'success', text: this.localize.term('pmRemoved', this.#label(m)) };
      this.emit<PaymentMethodDetail>('gp-payment-method-removed', { id: m.id, label: m.attributes.label });
      if (confirmed) this.emit<AutopayChangedDetail>('gp-autopay-changed', { enabled: false, paymentMethodId: null });
    });
  }

  #openAdd() {
    this.adding = true;
    this.message = null;
    this.makeNewDefault = this.data.methods.length === 0;
  }

  #closeAdd() {
    this.adding = false;
    this.gateway.reset();
  }

  /** Confirms the gateway's fields; only a succeeded setup is sent to the host to be saved. */
  async #save(e: Event) {
    e.preventDefault();
    if (!this.gateway.fields || this.saving) return;
    this.saving = true;
    this.message = null;
    try {
      // Confirmed or not, the setup is spent: the fields are drawn again for a fresh one.
      const result = await this.gateway.confirm();
      if ('declined' in result) {
        this.message = { tone: 'error', text: result.declined ?? this.localize.term('pmDeclined') };
        return;
      }
      const method = await this.data.add(this.gp!, result.setupId, this.makeNewDefault);
      this.adding = false;
      this.message = { tone: 'success', text: this.localize.term('pmAdded', this.#label(method)) };
      this.emit<PaymentMethodDetail>('gp-payment-method-added', { id: method.id, label: method.attributes.label });
    } catch (err) {
      this.#fail(err);
    } finally {
      this.saving = false;
    }
  }

  #askConsent() {
    const id = this.autopayChoice || this.#autopayDefault();
    if (!id) return void (this.message = { tone: 'error', text: this.localize.term('pmNeedsMethod') });
    this.message = null;
    this.consentFor = id;
  }

  #autopayDefault(): string {
    const a = this.data.autopay;
    return (
      (a?.enabled && this.data.method(a.paymentMethodId)?.id) ||
      this.data.methods.find((m) => m.attributes.isDefault)?.id ||
      this.data.methods[0]?.id ||
      ''
    );
  }

  #setAutopay(enabled: boolean, methodId: string | null) {
    return this.#run('autopay', async () => {
      await this.data.setAutopay(this.gp!, enabled, methodId);
      this.consentFor = '';
      this.autopayChoice = '';
      this.message = { tone: 'success', text: this.localize.term(enabled ? 'pmAutopayEnabled' : 'pmAutopayDisabled') };
      this.emit<AutopayChangedDetail>('gp-autopay-changed', { enabled, paymentMethodId: enabled ? methodId : null });
    });
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return html`<div class="base" part="base">
      ${this.data.task.render({
        pending: () => (this.data.sessionKnown ? this.#renderBody() : this.renderLoading(3)),
        complete: () => this.#renderBody(),
        error: (error) =>
          this.renderError(error, () => this.data.reload(), this.localize.term('methodsFailed'), this.localize.term('billingSystem')),
      })}
    </div>`;
  }

  #renderBody() {
    const t = this.localize;
    return html`
      ${this.view === 'all' ? this.#renderMethods() : nothing}
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.data.autopay ? this.#renderAutopay() : nothing}
      ${this.data.sessionKnown && !this.data.canManage ? html`<p class="hint">${t.term('pmNeedsBilling')}</p>` : nothing}
    `;
  }

  #renderMethods() {
    const t = this.localize;
    const expiry = new Intl.DateTimeFormat(this.locale, { month: '2-digit', year: 'numeric', timeZone: 'UTC' });
    const autopayId = this.data.autopay?.enabled ? this.data.autopay.paymentMethodId : null;
    return html`<section aria-labelledby="pm-title">
      <h3 id="pm-title" class="title">${t.term('pmTitle')}</h3>
      ${
        this.data.methods.length === 0
          ? html`<div class="state" part="state"><slot name="empty">${t.term('pmNone')}</slot></div>`
          : html`<ul class="methods" role="list">
            ${this.data.methods.map((m) => {
              const a = m.attributes;
              const busy = !!this.busy;
              return html`<li part="method" data-id=${m.id}>
                <div class="what">
                  <strong>${this.#label(m)}</strong>
                  ${
                    a.kind === 'card'
                      ? html`<span class="muted">${t.term('pmKind').card}${a.expMonth && a.expYear ? html` · ${t.term('pmExpires', expiry.format(Date.UTC(a.expYear, a.expMonth - 1)))}` : nothing}</span>`
                      : nothing
                  }
                </div>
                <div class="badges">
                  ${a.isDefault ? html`<span class="badge success" part="default-badge">${t.term('pmDefault')}</span>` : nothing}
                  ${autopayId === m.id ? html`<span class="badge muted">${t.term('pmAutopayBadge')}</span>` : nothing}
                </div>
                ${
                  this.data.canManage
                    ? html`<div class="actions">
                      ${
                        a.isDefault
                          ? nothing
                          : html`<button class="button secondary" ?disabled=${busy} aria-label=${t.term('pmMakeDefaultLabel', this.#label(m))} @click=${() => this.#makeDefault(m)}>${t.term('pmMakeDefault')}</button>`
                      }
                      <button class="button secondary" ?disabled=${busy} aria-label=${t.term('pmRemoveLabel', this.#label(m))} @click=${() => this.#remove(m, false)}>${t.term('pmRemove')}</button>
                    </div>`
                    : nothing
                }
                ${
                  this.confirmRemove?.id === m.id
                    ? html`<div class="confirm" part="confirm-remove" role="alertdialog" aria-label=${t.term('pmRemoveLabel', this.#label(m))}>
                      <p>${this.confirmRemove.detail}</p>
                      <div class="actions">
                        <button class="button danger" ?disabled=${busy} @click=${() => this.#remove(m, true)}>${t.term('pmRemoveAutopayConfirm')}</button>
                        <button class="button secondary" @click=${() => (this.confirmRemove = null)}>${t.term('pmCancel')}</button>
                      </div>
                    </div>`
                    : nothing
                }
              </li>`;
            })}
          </ul>`
      }
      ${this.data.canManage ? (this.adding ? this.#renderAdd() : html`<button class="button" @click=${this.#openAdd}>${t.term('pmAdd')}</button>`) : nothing}
    </section>`;
  }

  #renderAdd() {
    const t = this.localize;
    return html`<form class="add" part="add-form" novalidate aria-label=${t.term('pmAddTitle')} @submit=${this.#save}>
      <strong>${t.term('pmAddTitle')}</strong>
      <div class="gateway-fields" part="gateway-fields"></div>
      ${this.gateway.fields || this.message?.tone === 'error' ? nothing : html`<span class="hint">${t.term('pmLoadingFields')}</span>`}
      <label class="check"><input type="checkbox" .checked=${this.makeNewDefault} @change=${(e: Event) => (this.makeNewDefault = (e.target as HTMLInputElement).checked)} /> ${t.term('pmMakeDefaultNew')}</label>
      <p class="hint">${t.term('pmAddConsent', this.#provider)}</p>
      <div class="actions">
        <button class="button" type="submit" ?disabled=${!this.gateway.fields || this.saving}>${this.saving ? html`<span class="spinner" aria-hidden="true"></span>${t.term('pmSaving')}` : t.term('pmSave')}</button>
        <button class="button secondary" type="button" @click=${this.#closeAdd}>${t.term('pmCancel')}</button>
      </div>
    </form>`;
  }

  #renderAutopay() {
    const t = this.localize;
    const a = this.data.autopay!;
    const current = a.enabled ? this.data.method(a.paymentMethodId) : undefined;
    const choice = this.autopayChoice || this.#autopayDefault();
    // The host's day and amounts, never the browser's clock (which may be wrong or in another day).
    const next = a.firstCharge;
    const on = a.nextChargeOn ?? next?.on;
    const when = on ? formatDate(on, this.locale, { dateStyle: 'medium', timeZone: 'UTC' }) : null;
    const amount = (next?.amounts ?? []).map((d) => formatMoney(d.amount, d.currency, this.locale)).join(' + ');
    return html`<section class="autopay" part="autopay" aria-labelledby="ap-title">
      <h3 id="ap-title" class="title">${t.term('pmAutopay')}</h3>
      <p class="status">${a.enabled ? t.term('pmAutopayOn', current ? this.#label(current) : '') : t.term('pmAutopayOff')}</p>
      ${a.enabled ? html`<p class="muted">${when && amount ? t.term('pmNext', when, amount) : t.term('pmNothingDue')}</p>` : nothing}
      ${
        this.data.canManage
          ? this.data.methods.length === 0
            ? html`<p class="hint">${t.term('pmNeedsMethod')}</p>`
            : html`<div class="autopay-controls">
              <div class="field">
                <label for="ap-method">${t.term('pmAutopayMethod')}</label>
                <select id="ap-method" @change=${(e: Event) => ((this.autopayChoice = (e.target as HTMLSelectElement).value), (this.consentFor = ''))}>
                  ${this.data.methods.map((m) => html`<option value=${m.id} ?selected=${m.id === choice}>${this.#label(m)}</option>`)}
                </select>
              </div>
              <div class="actions">
                ${
                  !a.enabled || choice !== a.paymentMethodId
                    ? html`<button class="button" ?disabled=${!!this.busy || !!this.consentFor} @click=${this.#askConsent}>${a.enabled ? t.term('pmSwitch') : t.term('pmTurnOn')}</button>`
                    : nothing
                }
                ${a.enabled ? html`<button class="button secondary" ?disabled=${!!this.busy} @click=${() => this.#setAutopay(false, null)}>${t.term('pmTurnOff')}</button>` : nothing}
              </div>
            </div>`
          : nothing
      }
      ${this.consentFor ? this.#renderConsent(when, amount) : nothing}
    </section>`;
  }

  /** Which method, when and how much, the mandate for bank debits, and an explicit confirmation. */
  #renderConsent(when: string | null, amount: string) {
    const t = this.localize;
    const m = this.data.method(this.consentFor);
    if (!m) return nothing;
    const label = this.#label(m);
    const kind = m.attributes.kind;
    return html`<div class="consent" part="consent" role="group" aria-labelledby="consent-title">
      <strong id="consent-title">${t.term('pmConsentTitle')}</strong>
      <p>${t.term('pmConsentCard', this.#provider, label)}</p>
      <p>${when && amount ? t.term('pmConsentWhen', when, amount) : t.term('pmConsentNothingDue')}</p>
      ${
        kind === 'sepa' || kind === 'ach'
          ? html`<p class="mandate" part="mandate">${kind === 'sepa' ? t.term('pmMandateSepa', this.#provider, label) : t.term('pmMandateAch', this.#provider, label)}</p>`
          : nothing
      }
      <div class="actions">
        <button class="button" ?disabled=${!!this.busy} @click=${() => this.#setAutopay(true, m.id)}>${kind === 'card' ? t.term('pmConfirm') : t.term('pmConfirmMandate')}</button>
        <button class="button secondary" @click=${() => (this.consentFor = '')}>${t.term('pmCancel')}</button>
      </div>
    </div>`;
  }
}
