/** The billing feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface BillingTables {
  billing_accounts: { tenant_id: string; source: string; account: string };
  payment_methods: PaymentMethodTable;
  idempotency_keys: IdempotencyKeyTable;
  invoice_claims: InvoiceClaimTable;
  payments: PaymentTable;
  autopay: { tenant_id: string; enabled: number; method_id: string | null; updated_at: string; updated_by: string };
  gateway_customers: { tenant_id: string; gateway: string; customer_id: string };
  gateway_events: { gateway: string; event_id: string; type: string; received_at: string };
  refunds: RefundTable;
}

/**
 * One payment's hold on one invoice (the key is the invoice, so one payment at a time): taken
 * in the payment row's transaction, deleted when the payment fails (nothing was charged),
 * kept and marked settled when the billing system records it, until a later payment of the
 * invoice takes it over once it no longer holds (`Payments`, docs/payments.md).
 */
export interface InvoiceClaimTable {
  tenant_id: string;
  source: string;
  invoice_id: string;
  /** The payment's id. */
  claimed_by: string;
  created_at: string;
  /** When the billing system recorded the payment; null while the payment is not settled. */
  settled_at: string | null;
  /**
   * The invoice's amount paid once the billing system shows this payment (its amountPaid and
   * amountDue when claimed, added up); null on claims taken before migration 0033.
   */
  paid_after: number | null;
}

export interface PaymentMethodTable {
  id: string;
  tenant_id: string;
  gateway: string;
  token: string;
  /** card, ach (a US bank account) or sepa (SEPA Direct Debit) */
  kind: 'card' | 'ach' | 'sepa';
  brand: string;
  last4: string;
  exp_month: number | null;
  exp_year: number | null;
  holder_name: string;
  is_default: number;
  created_at: string;
}

export interface IdempotencyKeyTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  /** processing or done */
  state: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface PaymentTable {
  id: string;
  tenant_id: string;
  source: string;
  amount: number;
  currency: string;
  /** succeeded or failed */
  status: string;
  method_id: string;
  method_label: string;
  /** JSON string[] */
  invoice_ids: string;
  gateway_reference: string | null;
  provider_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  /** customer or autopay */
  trigger: string;
  created_at: string;
  /** created → charging → charged → recorded, or failed / refunded (PaymentState) */
  state: string;
  /** The request's Idempotency-Key: the row is the idempotency record. */
  request_key: string | null;
  request_hash: string | null;
  gateway: string | null;
  /** Sent as the gateway's idempotency key; stored before the charge. */
  gateway_key: string | null;
  gateway_customer: string | null;
  gateway_method: string | null;
  /** Whoever works on the row (a request, the reconciliation job) holds it until then. */
  lease_until: string | null;
  attempts: number;
  updated_at: string | null;
  /** JSON [{invoiceId, amount}] */
  allocations: string | null;
}

/** A refund staff made of a payment (`refunds.ts`); the row is its idempotency record. */
export interface RefundTable {
  id: string;
  tenant_id: string;
  payment_id: string;
  amount: number;
  currency: string;
  /** duplicate, fraudulent or requested_by_customer (the gateway's reasons) */
  reason: string;
  note: string | null;
  /** requested (written before the gateway is asked), then the gateway's: succeeded, pending, failed, canceled, requires_action */
  status: string;
  request_key: string;
  request_hash: string;
  /** Sent as the gateway's idempotency key; stored before the call. */
  gateway_key: string;
  gateway_reference: string | null;
  failure_message: string | null;
  /**
   * Whether the billing system has it: pending (retried by reconciliation), recorded, unsupported, skipped (made before refunds were
   * recorded).
   */
  record_state: string;
  /** The billing system's record (NetSuite creditMemo id, local REF-…). */
  provider_reference: string | null;
  record_error: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}
