/** The billing feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface BillingTables {
  billing_accounts: { tenant_id: string; source: string; account: string };
  payment_methods: PaymentMethodTable;
  idempotency_keys: IdempotencyKeyTable;
  invoice_claims: { tenant_id: string; source: string; invoice_id: string; claimed_by: string; created_at: string };
  payments: PaymentTable;
  autopay: { tenant_id: string; enabled: number; method_id: string | null; updated_at: string; updated_by: string };
  audit_log: AuditLogTable;
}

export interface PaymentMethodTable {
  id: string;
  tenant_id: string;
  gateway: string;
  token: string;
  kind: 'card' | 'ach';
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
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  subject: string;
  /** JSON */
  detail: string;
  created_at: string;
}
