import { css, html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from './localize.js';
import { formatMoney } from './format.js';
import './order-messages.js';

/** What the cancel question names: the order and the money it would have moved. */
export interface CancellableOrder {
  number: string;
  type: string;
  serviceName: string;
  dueNow: number;
  currency: string;
  state: string;
  scheduledFor: string | null;
}

/** Orders the host lets be cancelled: not yet approved, or approved and waiting for their time. */
export const canCancel = (o: Pick<CancellableOrder, 'state' | 'scheduledFor'>): boolean =>
  o.state === 'submitted' || o.state === 'in_review' || (o.state === 'approved' && !!o.scheduledFor);

/**
 * The question before cancelling (shared by the order status, the wizard and the staff
 * review): which order, that the change is not made, and what happens to the money. Money
 * is charged only when the change is carried out, so a cancellable order charged nothing.
 */
export function renderCancelConfirm(
  t: LocalizeController,
  locale: string,
  o: CancellableOrder,
  opts: { busy: boolean; confirm: () => void; keep: () => void },
): TemplateResult {
  const amount = formatMoney(Math.abs(o.dueNow), o.currency, locale);
  return html`<div class="confirm" part="confirm-cancel" role="alertdialog" aria-label=${t.term('cancelLabel', o.number)} aria-describedby="cancel-what">
    <p id="cancel-what">${t.term('cancelAsk', o.number, t.term('orderType')[o.type] ?? o.type, o.serviceName)} ${o.dueNow > 0 ? t.term('cancelNotCharged', amount) : o.dueNow < 0 ? t.term('cancelNoCredit', amount) : nothing}
      ${t.term('cancelNothingCharged')}</p>
    <div class="actions">
      <button class="button danger" ?disabled=${opts.busy} @click=${opts.confirm}>${t.term('cancelConfirm')}</button>
      <button class="button secondary" @click=${opts.keep}>${t.term('cancelKeep')}</button>
    </div>
  </div>`;
}

export const cancelConfirmStyles = css`
  .confirm {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .confirm p {
    margin: 0;
  }
`;
