import './messages.js';
import '../core/order-messages.js';
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { ApiRequest, Schemas } from '../core/api-client.js';
import { formatDateTime, formatMoney, formatPlainDate } from '../core/format.js';
import { styles } from '../order-status/order-status.styles.js';
import type { Order } from '../order-status/order-status.component.js';
import { canCancel, cancelConfirmStyles, renderCancelConfirm } from '../core/order-cancel.js';

type ReviewAction =
  'approve' | 'schedule' | 'reject' | 'cancel' | 'answer' | 'recode' | 'ship' | 'delivered' | 'device-received' | 'complete';
const TYPES = ['upgrade', 'downgrade', 'renewal', 'refresh', 'addon'];

type Escalation = Schemas['Escalation'];
type ServicePlan = Schemas['ServicePlan'];
/** One of the review actions' bodies; which fields an action needs, the host checks (422). */
type Review = ApiRequest<`/orders/${string}/review`, 'post'>['data']['attributes'];

export interface OrderReviewedDetail {
  id: string;
  action: ReviewAction | 'answer-question';
  state?: string;
}

/**
 * @tag gp-order-review
 * @summary The account manager's queue for one account (staff role): orders that wait for
 * review or for a returned device, and questions sent from the upgrade wizard, oldest
 * first, each with the customer's context (the service's plan, price and renewal, the
 * customer's note, why it waits, the revenue code of each line, the monthly recurring
 * revenue before and after, what it runs at a provider). Approve now or for a day, decline, answer,
 * correct a mistyped order's type (the coding follows and is audited), cancel an order
 * not yet carried out (after a question that says what happens to the money), and record
 * a returned device. Updates live.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-order-reviewed - A decision was recorded; `detail`: id, action, state.
 *
 * @csspart order - One order or question.
 * @csspart actions - The decision controls.
 * @csspart confirm-cancel - The question before an order is cancelled.
 * @csspart delivery - A refresh's new device: carrier, tracking number, delivered.
 * @csspart mrr - The monthly recurring revenue before and after the order.
 * @csspart provider-action - What the order runs at a provider.
 */
export class GpOrderReview extends GpElement {
  static override styles = [
    tokens,
    controls,
    stack,
    styles,
    cancelConfirmStyles,
    tables,
    css`
      /* An amount never breaks between its sign and its digits ("-\n€10.00"). */
      td.num {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
    `,
  ];

  @state() private busy = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private missing = '';
  /** The order whose cancellation waits for the account manager's yes. */
  @state() private confirming = '';

  private readonly queue = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const doc = await gp.api.get('/review-queue', { signal });
      return { items: doc.data, meta: doc.meta };
    },
    args: () => [this.gp] as const,
  });

  constructor() {
    super();
    this.listen('orders', () => void this.queue.run());
  }

  #text(id: string) {
    return this.renderRoot.querySelector<HTMLTextAreaElement>(`#m-${CSS.escape(id)}`)?.value.trim() ?? '';
  }

  async #decide(order: Order, action: ReviewAction) {
    const message = this.#text(order.id);
    if ((action === 'reject' || action === 'answer') && !message) {
      this.missing = order.id;
      this.renderRoot.querySelector<HTMLTextAreaElement>(`#m-${CSS.escape(order.id)}`)?.focus();
      return;
    }
    this.missing = '';
    const type = this.renderRoot.querySelector<HTMLSelectElement>(`#t-${CSS.escape(order.id)}`)?.value;
    const field = (prefix: string) =>
      this.renderRoot.querySelector<HTMLInputElement>(`#${prefix}-${CSS.escape(order.id)}`)?.value.trim() ?? '';
    const shipment = action === 'ship' ? { carrier: field('c'), trackingNumber: field('k') } : {};
    if (action === 'ship' && (!shipment.carrier || !shipment.trackingNumber)) {
      this.missing = `ship-${order.id}`;
      this.renderRoot.querySelector<HTMLInputElement>(`#${shipment.carrier ? 'k' : 'c'}-${CSS.escape(order.id)}`)?.focus();
      return;
    }
    const on = field('d');
    if (action === 'schedule' && !on) {
      this.missing = `schedule-${order.id}`;
      this.renderRoot.querySelector<HTMLInputElement>(`#d-${CSS.escape(order.id)}`)?.focus();
      return;
    }
    const attributes = {
      action,
      ...(message ? { message } : {}),
      ...(action === 'recode' ? { type } : {}),
      ...(action === 'schedule' ? { on } : {}),
      ...shipment,
    } as Review;
    await this.#run(order.id, async () => {
      const doc = await this.gp!.api.send('POST', `/orders/${encodeURIComponent(order.id)}/review`, {
        data: { type: 'order-reviews', attributes },
      });
      const a = doc.data.attributes;
      this.message = { tone: 'success', text: this.localize.term('done', a.number, this.localize.term('orderState')[a.state] ?? a.state) };
      this.emit<OrderReviewedDetail>('gp-order-reviewed', { id: order.id, action, state: a.state });
    });
  }

  async #answer(q: Escalation) {
    const message = this.#text(q.id);
    if (!message) {
      this.missing = q.id;
      return;
    }
    await this.#run(q.id, async () => {
      await this.gp!.api.send('POST', `/escalations/${encodeURIComponent(q.id)}/answer`, {
        data: { type: 'escalation-answers', attributes: { message } },
      });
      this.message = { tone: 'success', text: this.localize.term('answeredQuestion') };
      this.emit<OrderReviewedDetail>('gp-order-reviewed', { id: q.id, action: 'answer-question' });
    });
  }

  async #run(id: string, work: () => Promise<void>) {
    this.busy = id;
    this.message = null;
    try {
      await work();
      await this.queue.run();
    } catch (err) {
      this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('orderSystem')) };
    } finally {
      this.busy = '';
    }
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return html`<section class="base" aria-labelledby="review-title">
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.queue.render({
        pending: () => (this.queue.value ? this.#renderQueue(this.queue.value) : this.renderLoading(3)),
        complete: (v) => (v ? this.#renderQueue(v) : nothing),
        error: (e) =>
          this.renderError(e, () => void this.queue.run(), this.localize.term('queueFailed'), this.localize.term('orderSystem')),
      })}
    </section>`;
  }

  #renderQueue(v: { items: (Order | Escalation)[]; meta: { tenant: { name: string }; services: ServicePlan[] } }) {
    const t = this.localize;
    const services = new Map(v.meta.services.map((s) => [s.id, s]));
    return html`<h2 id="review-title">${t.term('queueTitle', v.meta.tenant.name)}</h2>
      ${
        v.items.length
          ? v.items.map((item) =>
              item.type === 'escalations'
                ? this.#renderQuestion(item as Escalation)
                : this.#renderOrder(item as Order, services.get((item as Order).attributes.serviceId)),
            )
          : html`<p class="state" part="state"><slot name="empty">${t.term('nothingToReview')}</slot></p>`
      }`;
  }

  #messageField(id: string) {
    const t = this.localize;
    const missing = this.missing === id;
    return html`<div class="field">
      <label for=${`m-${id}`}>${t.term('messageLabel')}</label>
      <textarea id=${`m-${id}`} maxlength="4000" aria-invalid=${String(missing)} aria-describedby=${missing ? `x-${id}` : nothing}></textarea>
      ${missing ? html`<span class="field-error" id=${`x-${id}`}>${t.term('needMessage')}</span>` : nothing}
    </div>`;
  }

  #renderOrder(order: Order, service: ServicePlan | undefined) {
    const t = this.localize;
    const a = order.attributes;
    const money = (m: number) => formatMoney(m, a.currency, this.locale);
    const type = (x: string) => t.term('orderType')[x] ?? x;
    const headingId = `h-${order.id}`;
    const reviewable = a.state === 'submitted' || a.state === 'in_review';
    const waiting = a.state === 'approved' && a.scheduledFor;
    return html`<article part="order" aria-labelledby=${headingId}>
      <header>
        <h3 id=${headingId}>${a.number} · ${a.serviceName}</h3>
        <span class="badge warning">${t.term('orderState')[a.state] ?? a.state}</span>
      </header>
      <span class="muted">${formatDateTime(a.createdAt, this.locale)} · ${a.createdBy}</span>
      ${
        service?.attributes.plan
          ? html`<span>${t.term('servicePlan', service.attributes.plan.name, formatMoney(service.attributes.monthlyAmount, service.attributes.plan.currency, this.locale), formatPlainDate(service.attributes.renewsOn, this.locale))}</span>`
          : nothing
      }
      <span>${t.term('requestedAs', type(a.requestedType))} · <strong>${t.term('codedAs', type(a.type))}</strong></span>
      ${a.reviewReasons.length ? html`<div><strong>${t.term('why')}:</strong> ${a.reviewReasons.map((r) => t.term('reasonForStaff')[r] ?? r).join(' ')}</div>` : nothing}
      ${a.note ? html`<div><strong>${t.term('customerNote')}:</strong> <blockquote>${a.note}</blockquote></div>` : nothing}
      ${service ? this.#renderMrr(a, service) : nothing}
      ${a.providerAction ? html`<span part="provider-action">${this.#providerAction(a)}</span>` : nothing}
      ${a.scheduledFor ? html`<span>${t.term('scheduledFor', formatDateTime(a.scheduledFor, this.locale))}</span>` : nothing}
      <div class="table-wrap">
        <table class="stack">
          <thead>
            <tr><th scope="col">${t.term('line')}</th><th scope="col">${t.term('code')}</th><th scope="col">${t.term('mrr')}</th><th scope="col">${t.term('dueNowCol')}</th></tr>
          </thead>
          <tbody>
            ${a.lines.map(
              (l) =>
                html`<tr><td data-label=${t.term('line')}>${l.description}</td><td data-label=${t.term('code')}><span class="badge muted" title=${l.code}>${t.term('revenueCodes')[l.code] ?? l.code}</span></td><td class="num" data-label=${t.term('mrr')}>${money(l.mrrDelta)}</td><td class="num" data-label=${t.term('dueNowCol')}>${money(l.dueNow)}</td></tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${a.state === 'awaiting_delivery' && a.delivery ? this.#renderDelivery(order) : nothing}
      ${a.deviceReturn && a.state === 'awaiting_device_return' ? html`<span>${t.term('waitingReturn', a.deviceReturn.carrier, a.deviceReturn.trackingNumber)}</span>` : nothing}
      <div part="actions">
        ${reviewable || waiting || a.state === 'awaiting_delivery' || a.state === 'awaiting_device_return' ? this.#messageField(order.id) : nothing}
        <div class="actions">
          ${
            reviewable
              ? html`<button class="button" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'approve')}>${t.term('approve')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'reject')}>${t.term('reject')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'answer')}>${t.term('answer')}</button>
                <label for=${`t-${order.id}`}>${t.term('recodeLabel')}</label>
                <select id=${`t-${order.id}`}>
                  ${TYPES.map((x) => html`<option value=${x} ?selected=${x === a.type}>${type(x)}</option>`)}
                </select>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'recode')}>${t.term('recode')}</button>`
              : nothing
          }
          ${
            a.state === 'awaiting_device_return'
              ? html`<button class="button" ?disabled=${this.busy === order.id || !a.deviceReturn?.attestedAt} aria-describedby=${a.deviceReturn?.attestedAt ? nothing : `n-${order.id}`} @click=${() => this.#decide(order, 'device-received')}>${t.term('deviceReceived')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'answer')}>${t.term('answer')}</button>
                ${a.deviceReturn?.attestedAt ? nothing : html`<span class="muted" id=${`n-${order.id}`}>${t.term('notAttested')}</span>`}`
              : nothing
          }
          ${reviewable || waiting ? this.#renderSchedule(order) : nothing}
          ${
            canCancel(a) && this.confirming !== order.id
              ? html`<button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#askCancel(order.id)}>${t.term('cancelOrderStaff')}</button>`
              : nothing
          }
          ${a.state === 'device_received' ? html`<button class="button" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'complete')}>${t.term('complete')}</button>` : nothing}
        </div>
        ${
          this.confirming === order.id
            ? renderCancelConfirm(t, this.locale, a, {
                busy: this.busy === order.id,
                confirm: () => void this.#decide(order, 'cancel').then(() => (this.confirming = '')),
                keep: () => (this.confirming = ''),
              })
            : nothing
        }
      </div>
    </article>`;
  }

  /** The new device of a refresh: staff enter carrier and tracking number, then confirm the delivery (the contract moves then). */
  #renderDelivery(order: Order) {
    const t = this.localize;
    const d = order.attributes.delivery!;
    const missing = this.missing === `ship-${order.id}`;
    const busy = this.busy === order.id;
    return html`<fieldset part="delivery">
      <legend>${t.term('deliveryTitle', d.model)}</legend>
      <div class="field">
        <label for=${`c-${order.id}`}>${t.term('carrier')}</label>
        <input id=${`c-${order.id}`} maxlength="200" .value=${d.carrier ?? ''} aria-invalid=${String(missing)} aria-describedby=${missing ? `s-${order.id}` : nothing} />
      </div>
      <div class="field">
        <label for=${`k-${order.id}`}>${t.term('trackingNumber')}</label>
        <input id=${`k-${order.id}`} maxlength="200" .value=${d.trackingNumber ?? ''} aria-invalid=${String(missing)} aria-describedby=${missing ? `s-${order.id}` : nothing} />
      </div>
      ${missing ? html`<span class="field-error" id=${`s-${order.id}`}>${t.term('needShipment')}</span>` : nothing}
      <div class="actions">
        <button class="button secondary" ?disabled=${busy} @click=${() => this.#decide(order, 'ship')}>${t.term('saveShipment')}</button>
        <button class="button" ?disabled=${busy || !d.trackingNumber} aria-describedby=${d.trackingNumber ? nothing : `dn-${order.id}`} @click=${() => this.#decide(order, 'delivered')}>${t.term('markDelivered')}</button>
        ${d.trackingNumber ? nothing : html`<span class="muted" id=${`dn-${order.id}`}>${t.term('deliverNeedsShipment')}</span>`}
      </div>
    </fieldset>`;
  }

  /** The account's monthly recurring revenue from this service before and after the order. */
  #renderMrr(a: Order['attributes'], service: ServicePlan) {
    const t = this.localize;
    const before = service.attributes.monthlyAmount + service.attributes.addons.reduce((s, x) => s + x.monthlyAmount, 0);
    const money = (m: number) => formatMoney(m, a.currency, this.locale);
    const delta = `${a.mrrDelta > 0 ? '+' : a.mrrDelta < 0 ? '−' : '±'}${money(Math.abs(a.mrrDelta))}`;
    return html`<span part="mrr">${t.term('mrrChange', money(before), money(before + a.mrrDelta), delta)}</span>`;
  }

  #providerAction(a: Order['attributes']) {
    const t = this.localize;
    const action = a.providerAction!;
    return action.kind === 'resize'
      ? t.term('runsResize', action.flavorId, action.source)
      : t.term('runsProtect', action.tierId, action.source);
  }

  /** A day for the order to take effect: approves one in review for it, or moves one that waits. */
  #renderSchedule(order: Order) {
    const t = this.localize;
    const id = order.id;
    const missing = this.missing === `schedule-${id}`;
    const current = order.attributes.scheduledFor?.slice(0, 10) ?? '';
    return html`<label for=${`d-${id}`}>${t.term('scheduleLabel')}</label>
      <input id=${`d-${id}`} type="date" .value=${current} aria-invalid=${String(missing)} aria-describedby=${missing ? `y-${id}` : nothing} />
      <button class="button secondary" ?disabled=${this.busy === id} @click=${() => this.#decide(order, 'schedule')}>${t.term('schedule')}</button>
      ${missing ? html`<span class="field-error" id=${`y-${id}`}>${t.term('needDay')}</span>` : nothing}`;
  }

  /** Asks before cancelling; the question takes the focus. */
  async #askCancel(id: string) {
    this.confirming = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part="confirm-cancel"] button')?.focus();
  }

  #renderQuestion(q: Escalation) {
    const t = this.localize;
    const a = q.attributes;
    const summary = Object.entries(a.selection)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
      .join(' · ');
    const headingId = `h-${q.id}`;
    return html`<article part="order" aria-labelledby=${headingId}>
      <header><h3 id=${headingId}>${t.term('questionFrom', a.createdBy, a.step)}</h3></header>
      <span class="muted">${formatDateTime(a.createdAt, this.locale)}</span>
      ${summary ? html`<span>${t.term('chosen', summary)}</span>` : nothing}
      <blockquote>${a.note}</blockquote>
      <div part="actions">
        ${this.#messageField(q.id)}
        <div class="actions"><button class="button" ?disabled=${this.busy === q.id} @click=${() => this.#answer(q)}>${t.term('answer')}</button></div>
      </div>
    </article>`;
  }
}
