import './messages.js';
import '../core/order-messages.js';
import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import { ApiError, type ApiRequest, type Schemas } from '../core/api-client.js';
import { formatDateTime, formatMoney, formatPlainDate } from '../core/format.js';
import { styles } from '../order-status/order-status.styles.js';
import type { Order } from '../order-status/order-status.component.js';

type ReviewAction = 'approve' | 'reject' | 'answer' | 'recode' | 'device-received' | 'complete';
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
 * customer's note, why it waits, the revenue code of each line). Approve, decline, answer,
 * correct a mistyped order's type (the coding follows and is audited), and record a
 * returned device. Updates live.
 *
 * @fires gp-order-reviewed - A decision was recorded; `detail`: id, action, state.
 *
 * @csspart order - One order or question.
 * @csspart actions - The decision controls.
 */
export class GpOrderReview extends GpElement {
  static override styles = [
    tokens,
    controls,
    stack,
    styles,
    css`
      table {
        border-collapse: collapse;
        width: 100%;
      }
      th,
      td {
        text-align: start;
        padding: 0.35rem 0.4rem;
        border-bottom: 1px solid var(--_border);
      }
      td.num {
        font-variant-numeric: tabular-nums;
      }
      .table-wrap {
        overflow-x: auto;
      }
    `,
  ];

  @state() private busy = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private missing = '';

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
    const attributes = { action, ...(message ? { message } : {}), ...(action === 'recode' ? { type } : {}) } as Review;
    await this.#run(order.id, async () => {
      const doc = await this.gp!.api.send('POST', `/orders/${encodeURIComponent(order.id)}/review`, { data: { type: 'order-reviews', attributes } });
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
      await this.gp!.api.send('POST', `/escalations/${encodeURIComponent(q.id)}/answer`, { data: { type: 'escalation-answers', attributes: { message } } });
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
      this.message = { tone: 'error', text: err instanceof ApiError ? err.message : String(err) };
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
        error: (e) => this.renderError(e, () => void this.queue.run(), this.localize.term('queueFailed'), this.localize.term('orderSystem')),
      })}
    </section>`;
  }

  #renderQueue(v: { items: (Order | Escalation)[]; meta: { tenant: { name: string }; services: ServicePlan[] } }) {
    const t = this.localize;
    const services = new Map(v.meta.services.map((s) => [s.id, s]));
    return html`<h2 id="review-title">${t.term('queueTitle', v.meta.tenant.name)}</h2>
      ${v.items.length
        ? v.items.map((item) => (item.type === 'escalations' ? this.#renderQuestion(item as Escalation) : this.#renderOrder(item as Order, services.get((item as Order).attributes.serviceId))))
        : html`<p class="state" part="state">${t.term('nothingToReview')}</p>`}`;
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
    return html`<article part="order" aria-labelledby=${headingId}>
      <header>
        <h3 id=${headingId}>${a.number} · ${a.serviceName}</h3>
        <span class="badge warning">${t.term('orderState')[a.state] ?? a.state}</span>
      </header>
      <span class="muted">${formatDateTime(a.createdAt, this.locale)} · ${a.createdBy}</span>
      ${service?.attributes.plan
        ? html`<span>${t.term('servicePlan', service.attributes.plan.name, formatMoney(service.attributes.monthlyAmount, service.attributes.plan.currency, this.locale), formatPlainDate(service.attributes.renewsOn, this.locale))}</span>`
        : nothing}
      <span>${t.term('requestedAs', type(a.requestedType))} · <strong>${t.term('codedAs', type(a.type))}</strong></span>
      ${a.reviewReasons.length ? html`<div><strong>${t.term('why')}:</strong> ${a.reviewReasons.map((r) => t.term('reasonForStaff')[r] ?? r).join(' ')}</div>` : nothing}
      ${a.note ? html`<div><strong>${t.term('customerNote')}:</strong> <blockquote>${a.note}</blockquote></div>` : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">${t.term('line')}</th><th scope="col">${t.term('code')}</th><th scope="col">${t.term('mrr')}</th><th scope="col">${t.term('dueNowCol')}</th></tr>
          </thead>
          <tbody>
            ${a.lines.map((l) => html`<tr><td>${l.description}</td><td><span class="badge muted">${l.code}</span></td><td class="num">${money(l.mrrDelta)}</td><td class="num">${money(l.dueNow)}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${a.deviceReturn && a.state === 'awaiting_device_return' ? html`<span>${t.term('waitingReturn', a.deviceReturn.carrier, a.deviceReturn.trackingNumber)}</span>` : nothing}
      <div part="actions">
        ${reviewable || a.state === 'awaiting_device_return' ? this.#messageField(order.id) : nothing}
        <div class="actions">
          ${reviewable
            ? html`<button class="button" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'approve')}>${t.term('approve')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'reject')}>${t.term('reject')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'answer')}>${t.term('answer')}</button>
                <label for=${`t-${order.id}`}>${t.term('recodeLabel')}</label>
                <select id=${`t-${order.id}`}>
                  ${TYPES.map((x) => html`<option value=${x} ?selected=${x === a.type}>${type(x)}</option>`)}
                </select>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'recode')}>${t.term('recode')}</button>`
            : nothing}
          ${a.state === 'awaiting_device_return'
            ? html`<button class="button" ?disabled=${this.busy === order.id || !a.deviceReturn?.attestedAt} aria-describedby=${a.deviceReturn?.attestedAt ? nothing : `n-${order.id}`} @click=${() => this.#decide(order, 'device-received')}>${t.term('deviceReceived')}</button>
                <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'answer')}>${t.term('answer')}</button>
                ${a.deviceReturn?.attestedAt ? nothing : html`<span class="muted" id=${`n-${order.id}`}>${t.term('notAttested')}</span>`}`
            : nothing}
          ${a.state === 'device_received' ? html`<button class="button" ?disabled=${this.busy === order.id} @click=${() => this.#decide(order, 'complete')}>${t.term('complete')}</button>` : nothing}
        </div>
      </div>
    </article>`;
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
