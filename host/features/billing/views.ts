import { readJson } from '../../db/json.js';
import type { PaymentMethodTable, PaymentTable } from '../../db/schema.js';
import type { ErrorMessage } from '../../error-messages.js';

export interface PaymentMethodView {
  id: string;
  kind: 'card' | 'ach' | 'sepa';
  brand: string;
  last4: string;
  expMonth: number | null;
  expYear: number | null;
  holderName: string;
  isDefault: boolean;
  label: string;
}

/**
 * A payment's life, persisted before each external call: `created` (invoices claimed) →
 * `charging` (the gateway is being asked, under the stored key) → `charged` (money taken,
 * the billing system not told yet) → `recorded`; or `failed` (declined, nothing taken) /
 * `refunded`. `requires_action`: the customer's bank asks them to authenticate (3-D Secure)
 * in the gateway's script; the gateway's webhook says how it ended, an abandoned challenge
 * is cancelled by reconciliation once its window closes.
 */
export type PaymentState = 'created' | 'charging' | 'requires_action' | 'charged' | 'recorded' | 'failed' | 'refunded';

/** What the browser needs to hand a payment to the gateway's script for 3-D Secure. */
export interface PaymentNextAction {
  type: 'authenticate';
  gateway: string;
  /** The PaymentIntent's client secret: for the gateway's script only, never stored by the host. */
  clientSecret: string;
  publishableKey: string;
  scriptUrl: string;
  /** When the host gives up on the challenge and cancels the payment (nothing charged). */
  expiresAt: string;
}

export interface PaymentView {
  id: string;
  /** succeeded: recorded at the billing system; processing: charging or charged, not settled yet. */
  status: 'succeeded' | 'failed' | 'processing' | 'refunded';
  state: PaymentState;
  amount: number;
  currency: string;
  invoiceIds: string[];
  method: { id: string; label: string };
  receiptNumber: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  trigger: 'customer' | 'autopay';
  createdAt: string;
}

/** How a payment ended: declined at the gateway, paid, or charged but not yet recorded at the billing system. */
export type PaymentOutcome =
  /** `detail`: why, from the host's catalogue (worded in the reader's language when answered). */
  | { outcome: 'declined'; payment: PaymentView; code: string; detail: ErrorMessage }
  | { outcome: 'succeeded' | 'unrecorded'; payment: PaymentView }
  | { outcome: 'requires_action'; payment: PaymentView; nextAction: PaymentNextAction };

export interface AutopayView {
  enabled: boolean;
  paymentMethodId: string | null;
  /** The next date autopay will charge (the earliest due date of an open invoice), if any. */
  nextChargeOn: string | null;
  /**
   * What autopay would charge first if it were on now, by the host's clock (what the
   * confirmation shows): the day (today for what is already due) and the amount per currency
   * of the invoices due by then (one charge per currency). Null when nothing is open.
   */
  firstCharge: { on: string; amounts: { currency: string; amount: number }[] } | null;
}

/** €450.00, $1,047.90, ¥500: minor units in the currency's own digits (JPY has none). */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

const BRAND_LABEL: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  ach: 'Bank account',
  sepa: 'SEPA account',
  card: 'Card',
};

/** "Visa •••• 4242", "Bank account (STRIPE TEST BANK) •••• 6789": how customers recognise a method. */
export const methodLabel = (m: Pick<PaymentMethodTable, 'brand' | 'last4' | 'kind'>) =>
  `${BRAND_LABEL[m.brand] ?? (m.kind === 'card' ? m.brand : `${BRAND_LABEL[m.kind]} (${m.brand})`)} •••• ${m.last4}`;

export function toMethodView(row: PaymentMethodTable): PaymentMethodView {
  return {
    id: row.id,
    kind: row.kind,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    holderName: row.holder_name,
    isDefault: !!row.is_default,
    label: methodLabel(row),
  };
}

export function toPaymentView(row: PaymentTable): PaymentView {
  return {
    id: row.id,
    status: row.status as PaymentView['status'],
    amount: row.amount,
    currency: row.currency,
    invoiceIds: readJson<string[]>(row.invoice_ids, []),
    method: { id: row.method_id, label: row.method_label },
    state: row.state as PaymentState,
    receiptNumber: row.provider_reference,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    trigger: row.trigger as PaymentView['trigger'],
    createdAt: row.created_at,
  };
}
