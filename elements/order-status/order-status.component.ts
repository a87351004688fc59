import './messages.js';
import '../core/order-messages.js';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { card, stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatDate, formatDateTime } from '../core/format.js';
import { styles } from './order-status.styles.js';
import { canCancel, cancelConfirmStyles, renderCancelConfirm } from '../core/order-cancel.js';

export type OrderAttributes = Schemas['OrderAttributes'];
export type OrderState = OrderAttributes['state'];
export type Order = Schemas['Order'];

/** The steps an order of this kind goes through, in order, for the progress list. */
export function orderPath(order: OrderAttributes): OrderState[] {
  const reached = new Set(order.history.map((h) => h.to).filter(Boolean) as OrderState[]);
  const path: OrderState[] = ['submitted'];
  if (reached.has('in_review') || order.reviewReasons.length) path.push('in_review');
  if (order.state === 'cancelled' || order.state === 'rejected') return [...path.filter((s) => reached.has(s)), order.state];
  path.push('approved', 'provisioning');
  if (order.type === 'refresh') path.push('awaiting_delivery', 'awaiting_device_return', 'device_received');
  path.push('completed');
  return path;
}

/**
 * @tag gp-order-status
 * @summary What happens after an order: each order's steps, what the customer must do
 * next, and the account manager's messages. A hardware refresh shows the return label,
 * the tracking number and the wipe confirmation the device cannot come back without.
 * Updates live; orders not yet carried out can be cancelled (billing role), after a
 * question that names the order and what happens to the money.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @csspart order - One order.
 * @csspart progress - An order's steps.
 * @csspart todo - What the customer must do next.
 * @csspart questions - Questions to the account manager and their answers.
 * @csspart confirm-cancel - The question before an order is cancelled.
 * @csspart delivery - A hardware refresh's new device: carrier, tracking number, delivered.
 */
export class GpOrderStatus extends GpElement {
  static override styles = [tokens, controls, card, stack, styles, cancelConfirmStyles];

  @state() private busy = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private confirmError = '';
  /** The order whose cancellation waits for the customer's yes. */
  @state() private confirming = '';

  private readonly orders = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      const [orders, questions, session] = await Promise.all([
        gp.api.get('/orders', { signal }),
        gp.api.get('/escalations', { signal }),
        gp.session(),
      ]);
      return { orders: orders.data, questions: questions.data, roles: session?.roles };
    },
    args: () => [this.gp] as const,
  });

  constructor() {
    super();
    this.listen('orders', () => void this.orders.run());
  }

  async #act(order: Order, work: () => Promise<unknown>, done?: string) {
    this.busy = order.id;
    this.message = null;
    try {
      await work();
      if (done) this.message = { tone: 'success', text: done };
      await this.orders.run();
    } catch (err) {
      this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('orderSystem')) };
    } finally {
      this.busy = '';
    }
  }

  /** Asks before cancelling; the question takes the focus. */
  async #ask(id: string) {
    this.confirming = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part="confirm-cancel"] button')?.focus();
  }

  #attest(order: Order, e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const check = form.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    if (!check.checked) {
      this.confirmError = order.id;
      check.focus();
      return;
    }
    this.confirmError = '';
    const statement = form.querySelector<HTMLTextAreaElement>('textarea')!.value.trim();
    void this.#act(order, () =>
      this.gp!.api.send('POST', `/orders/${encodeURIComponent(order.id)}/attestation`, {
        data: { type: 'attestations', attributes: { wiped: true, statement } },
      }),
    );
  }

  async #label(order: Order) {
    await this.#act(order, async () => {
      const blob = await this.gp!.api.blob(`/orders/${encodeURIComponent(order.id)}/label.pdf`);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `return-label-${order.attributes.number}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    return html`<section class="base" aria-labelledby="orders-title">
      <h2 id="orders-title">${t.term('ordersTitle')}</h2>
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.orders.render({
        pending: () => (this.orders.value ? this.#renderList(this.orders.value) : this.renderLoading(3)),
        complete: (v) => (v ? this.#renderList(v) : nothing),
        error: (e) =>
          this.renderError(e, () => void this.orders.run(), this.localize.term('ordersFailed'), this.localize.term('orderSystem')),
      })}
    </section>`;
  }

  #renderList(v: { orders: Order[]; questions: Schemas['Escalation'][]; roles?: string[] }) {
    const t = this.localize;
    return html`${v.orders.length ? v.orders.map((o) => this.#renderOrder(o, v.roles)) : html`<p class="state" part="state"><slot name="empty">${t.term('noOrders')}</slot></p>`}
    ${
      v.questions.length
        ? html`<section aria-labelledby="q-title">
          <h3 id="q-title">${t.term('questionsTitle')}</h3>
          <ul class="questions" part="questions">
            ${v.questions.map(
              (q) => html`<li>
                <span class="badge ${q.attributes.state === 'answered' ? 'success' : 'muted'}">${q.attributes.state === 'answered' ? t.term('answered') : t.term('waitingAnswer')}</span>
                <span class="muted">${formatDateTime(q.attributes.createdAt, this.locale)}</span>
                <div>${q.attributes.note}</div>
                ${q.attributes.answer ? html`<blockquote>${q.attributes.answer}</blockquote>` : nothing}
              </li>`,
            )}
          </ul>
        </section>`
        : nothing
    }`;
  }

  #renderOrder(order: Order, roles: string[] | undefined) {
    const t = this.localize;
    const a = order.attributes;
    const path = orderPath(a);
    const reached = new Set(a.history.map((h) => h.to));
    const tone = a.state === 'completed' ? 'success' : a.state === 'rejected' || a.state === 'cancelled' ? 'danger' : 'warning';
    // Only the account manager's decisions carry a message; the customer's own steps do not.
    const messages = a.history.filter((h) => h.detail.message);
    const may = (role: string) => !roles || roles.includes(role);
    const id = `o-${order.id}`;
    return html`<article class="card" part="order" aria-labelledby=${id}>
      <header>
        <h3 id=${id}>${t.term('orderHeading', a.number, t.term('orderType')[a.type] ?? a.type, a.serviceName)}</h3>
        <span class="badge ${tone}">${t.term('orderState')[a.state] ?? a.state}</span>
      </header>
      <span class="muted">${t.term('placedOn', formatDateTime(a.createdAt, this.locale), a.createdBy)}</span>
      <ol class="progress" part="progress" aria-label=${t.term('progress')}>
        ${path.map((s) => html`<li class=${reached.has(s) && s !== a.state ? 'done' : ''} aria-current=${s === a.state ? 'step' : nothing}>${t.term('orderState')[s]}</li>`)}
      </ol>
      ${a.delivery ? this.#renderDelivery(a.delivery) : nothing}
      ${a.deviceReturn ? this.#renderReturn(order, may('technical') || may('billing')) : nothing}
      ${
        messages.length
          ? html`<div>
            <h4>${t.term('fromManager')}</h4>
            ${messages.map((m) => html`<blockquote>${m.detail.message} <span class="muted">— ${formatDateTime(m.at, this.locale)}</span></blockquote>`)}
          </div>`
          : nothing
      }
      ${
        canCancel(a) && may('billing')
          ? this.confirming === order.id
            ? renderCancelConfirm(t, this.locale, a, {
                busy: this.busy === order.id,
                confirm: () =>
                  void this.#act(
                    order,
                    () => this.gp!.api.send('POST', `/orders/${encodeURIComponent(order.id)}/cancel`),
                    t.term('cancelled'),
                  ).then(() => (this.confirming = '')),
                keep: () => (this.confirming = ''),
              })
            : html`<div class="actions">
              <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#ask(order.id)}>${t.term('cancelOrder')}</button>
            </div>`
          : nothing
      }
    </article>`;
  }

  /** The new device of a refresh: on its way with its tracking number, then delivered. */
  #renderDelivery(d: NonNullable<OrderAttributes['delivery']>) {
    const t = this.localize;
    return html`<p part="delivery">
      ${
        d.deliveredAt
          ? t.term('deliveryDone', d.model, formatDate(d.deliveredAt, this.locale))
          : d.trackingNumber
            ? t.term('deliveryShipped', d.model, d.carrier ?? '', d.trackingNumber)
            : t.term('deliveryPreparing', d.model)
      }
    </p>`;
  }

  #renderReturn(order: Order, mayAttest: boolean) {
    const t = this.localize;
    const a = order.attributes;
    const r = a.deviceReturn!;
    const label = html`<div class="actions">
      <button class="button secondary" ?disabled=${this.busy === order.id} @click=${() => this.#label(order)}>${t.term('downloadLabel')}</button>
      <span>${t.term('tracking', r.carrier, r.trackingNumber)}</span>
    </div>`;
    if (r.receivedAt) return html`<p>${t.term('received', formatDate(r.receivedAt, this.locale))}</p>`;
    if (a.customerAction === 'attest_wipe') {
      const err = this.confirmError === order.id;
      return html`<div class="todo" part="todo">
        <h4>${t.term('yourTurn')}</h4>
        <p>${t.term('attestIntro')}</p>
        ${
          mayAttest
            ? html`<form @submit=${(e: Event) => this.#attest(order, e)}>
              <label class="check"><input type="checkbox" aria-invalid=${String(err)} aria-describedby=${err ? `e-${order.id}` : nothing} /> <span>${t.term('attestCheck')}</span></label>
              ${err ? html`<span class="field-error" id=${`e-${order.id}`}>${t.term('mustConfirm')}</span>` : nothing}
              <div class="field">
                <label for=${`s-${order.id}`}>${t.term('attestStatement')}</label>
                <textarea id=${`s-${order.id}`} maxlength="2000"></textarea>
              </div>
              <div class="actions"><button class="button" type="submit" ?disabled=${this.busy === order.id}>${t.term('attestSend')}</button></div>
            </form>`
            : html`<p class="muted">${t.term('attestNeedsRole')}</p>`
        }
        ${label}
      </div>`;
    }
    return html`<div class="todo" part="todo">
      <h4>${t.term('yourTurn')}</h4>
      ${r.attestedAt ? html`<p>${t.term('attested', r.attestedBy ?? '', formatDate(r.attestedAt, this.locale))}</p>` : nothing}
      <p>${t.term('shipIntro')}</p>
      ${label}
    </div>`;
  }
}
