import type { InjectionToken } from 'tsyringe';

/** Amounts are integer minor units (cents) with an ISO 4217 currency, never floats. */
export interface Money {
  amount: number;
  currency: string;
}

export const InvoiceStatus = { draft: 'draft', open: 'open', overdue: 'overdue', paid: 'paid', void: 'void' } as const;
export type InvoiceStatus = (typeof InvoiceStatus)[keyof typeof InvoiceStatus];

export interface InvoiceLine {
  description: string;
  quantity: number;
  /** Minor units. */
  unitAmount: number;
  /** Minor units, before tax. */
  amount: number;
  taxAmount: number;
  /** The service period the line bills: first and last day, inclusive (ISO dates), when the provider knows it. */
  periodStart?: string;
  periodEnd?: string;
  /** Tax rate in percent (19, 7.7, 0), when the provider knows it; the PDF derives it from the amounts otherwise. */
  taxRate?: number;
}

export interface Invoice {
  /** The provider's id. */
  id: string;
  /** The number printed on the invoice (`INV-2026-0042`, NetSuite `tranId`). */
  number: string;
  /** ISO dates (YYYY-MM-DD). */
  issuedOn: string;
  dueOn: string;
  status: InvoiceStatus;
  currency: string;
  /** Minor units. */
  subtotal: number;
  tax: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  lines: InvoiceLine[];
  memo: string | null;
  /**
   * The part of the account the invoice is billed to when that is not the account itself: a
   * site or department the provider bills separately (a NetSuite sub-customer), by the name
   * the customer knows it under.
   */
  billedTo?: string;
}

/** One invoice and how much of a payment goes to it. */
export interface PaymentAllocation {
  invoiceId: string;
  /** Minor units. */
  amount: number;
}

export interface RecordPaymentInput {
  allocations: PaymentAllocation[];
  currency: string;
  /** Sum of the allocations, minor units. */
  amount: number;
  /** The payment gateway's charge id. */
  gatewayReference: string;
  /** Human description of the method (`Visa •••• 4242`), for the provider's records. */
  methodLabel: string;
  /** Lets a provider that supports it refuse a duplicate; the host also guards. */
  idempotencyKey: string;
}

export interface RecordRefundInput {
  /** The provider's reference of the refunded payment (what `recordPayment` returned). */
  paymentReference: string;
  /** The invoices the payment paid. */
  invoiceIds: string[];
  /** Minor units. */
  amount: number;
  currency: string;
  /** The gateway's refund id (`re_…`). */
  gatewayReference: string;
  /** requested_by_customer, duplicate or fraudulent */
  reason: string;
  /** The host's refund id: the same on every retry. */
  idempotencyKey: string;
}

/** A one-off amount for the customer's account: an order's proration, a credit. */
export interface AccountChargeInput {
  /** What the line says, e.g. "web-01: VPS S → VPS L (ORD-1001)". */
  description: string;
  /** Minor units before tax; negative for a credit. */
  amount: number;
  currency: string;
  /** The period the amount covers (YYYY-MM-DD): start inclusive, end exclusive. */
  periodStart: string;
  periodEnd: string;
  /**
   * Unique per charge (the host passes `order:<order id>`): a second call with the same
   * reference creates nothing and answers the first call's result.
   */
  reference: string;
}

/**
 * Invoices and their payments at the provider's billing system (NetSuite, the host's own
 * SQL). The card or bank charge itself goes through a PaymentGateway; the BillingProvider
 * records the payment against the invoices.
 *
 * `account` is the tenant's customer at the provider (a NetSuite customer id; the tenant
 * id for `local`).
 */
export interface BillingProvider {
  readonly source: string;
  listInvoices(account: string, signal?: AbortSignal): Promise<Invoice[]>;
  /** `undefined` when there is no such invoice for this account. */
  getInvoice(account: string, id: string, signal?: AbortSignal): Promise<Invoice | undefined>;
  /** The provider's own PDF of the invoice, when it has one; `undefined` lets the host render one. */
  invoicePdf?(account: string, id: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
  /** Records a payment applied to invoices; returns the provider's reference (NetSuite customerPayment id). */
  recordPayment(account: string, input: RecordPaymentInput, signal?: AbortSignal): Promise<{ reference: string }>;
  /**
   * Records money given back for a payment the provider recorded (a refund at the gateway),
   * once per `idempotencyKey` (the host's refund id): a retry answers the first record.
   * Optional: without it refunds are the provider's bookkeeping by hand.
   */
  recordRefund?(account: string, input: RecordRefundInput, signal?: AbortSignal): Promise<{ reference: string }>;
  /**
   * Bills a one-off amount for a period: a line on the next invoice or an invoice of its
   * own, the provider's choice (documented by each provider; `local` issues a one-line
   * invoice at once). Idempotent by `reference`. Resolves with the invoice that carries the
   * line (`invoiceId` null while the line waits for the next invoice). Optional: without it,
   * the host records the amount on the order for staff to bill by hand.
   */
  addCharge?(account: string, input: AccountChargeInput, signal?: AbortSignal): Promise<{ invoiceId: string | null }>;
}

export const BillingProviderToken: InjectionToken<BillingProvider> = Symbol.for('glasspane.BillingProvider');
