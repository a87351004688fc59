import type { Kysely } from 'kysely';
import type { Database, Db } from '@glasspane/host';

/** The local plugin's own tables, created by its migrations (`migrations/`). */
export interface LocalTables {
  local_notices: LocalNoticeTable;
  subscriptions: SubscriptionTable;
  local_invoices: LocalInvoiceTable;
  local_invoice_lines: LocalInvoiceLineTable;
  local_payments: LocalPaymentTable;
  local_refunds: LocalRefundTable;
  tickets: TicketTable;
  ticket_messages: TicketMessageTable;
  local_ticket_attachments: LocalTicketAttachmentTable;
  local_backup_runs: LocalBackupRunTable;
  local_snapshots: LocalSnapshotTable;
}

/**
 * The plugin's view of the host's database: its own tables and the few host tables it
 * reads (tenants, the status links of its components, the restore runs it answers).
 */
export type LocalDatabase = LocalTables & Pick<Database, 'tenants' | 'status_component_links' | 'protection_restores'>;
export type LocalDb = Kysely<LocalDatabase>;

/** The host's kysely instance, typed with the plugin's tables (the same instance: a type-only view). */
export function localDb(db: Db): LocalDb {
  return db as unknown as LocalDb;
}

export interface LocalNoticeTable {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: string;
  impact: string;
  /** JSON array of component ids (the `local` source's own ids). */
  component_ids: string;
  scheduled_for: string | null;
  scheduled_until: string | null;
  /** JSON array of updates, newest first. */
  updates: string;
  /** The language the title and updates are written in (BCP 47). */
  locale: string;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface SubscriptionTable {
  id: string;
  tenant_id: string;
  description: string;
  quantity: number;
  /** Minor units. */
  unit_amount: number;
  currency: string;
  interval_months: number;
  /** Tax rate in basis points (1900 = 19 %). */
  tax_rate_bp: number;
  next_invoice_on: string;
  /** The day of the month it bills on (1–31; clamped to shorter months' ends). Null only for rows from before the column. */
  anchor_day: number | null;
  active: number;
}

export interface LocalInvoiceTable {
  id: string;
  tenant_id: string;
  number: string;
  issued_on: string;
  due_on: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  amount_paid: number;
  /** draft, open, paid or void; overdue is derived from due_on. */
  status: string;
  memo: string | null;
  created_at: string;
}

export interface LocalInvoiceLineTable {
  invoice_id: string;
  position: number;
  description: string;
  quantity: number;
  unit_amount: number;
  amount: number;
  tax_amount: number;
  /** The service period the line bills, first and last day (ISO dates); null on older lines. */
  period_start: string | null;
  period_end: string | null;
  /** Tax rate in basis points (1900 = 19 %); null on older lines. */
  tax_rate_bp: number | null;
}

export interface LocalPaymentTable {
  id: string;
  tenant_id: string;
  amount: number;
  currency: string;
  gateway_reference: string;
  method_label: string;
  idempotency_key: string;
  /** JSON PaymentAllocation[]. */
  allocations: string;
  created_at: string;
}

/** A refund the host recorded (its refund id is the idempotency key). */
export interface LocalRefundTable {
  id: string;
  tenant_id: string;
  /** The local payment (PAY-…) money went back for. */
  payment_id: string;
  amount: number;
  currency: string;
  gateway_reference: string;
  reason: string;
  idempotency_key: string;
  created_at: string;
}

export interface TicketTable {
  id: string;
  tenant_id: string;
  number: string;
  subject: string;
  description: string;
  status: string;
  urgency: string;
  service_id: string | null;
  requester: string;
  created_at: string;
  updated_at: string;
}

export interface TicketMessageTable {
  id: string;
  ticket_id: string;
  author_name: string;
  author_kind: string;
  body: string;
  created_at: string;
}

export interface LocalTicketAttachmentTable {
  id: string;
  tenant_id: string;
  ticket_id: string;
  /** Null: attached to the ticket as it was opened. */
  message_id: string | null;
  name: string;
  content_type: string;
  /** Bytes (a bigint column: PostgreSQL hands it over as a string). */
  size: number | string;
  uploaded_by: string;
  content: Uint8Array;
  created_at: string;
  /** The file's place in its upload (files uploaded together share created_at). */
  position: number;
}

export interface LocalBackupRunTable {
  id: string;
  tenant_id: string;
  service_id: string;
  service_name: string;
  started_at: string;
  finished_at: string | null;
  /** `ok` or `failed`. */
  status: string;
  bytes: number | null;
}

export interface LocalSnapshotTable {
  id: string;
  tenant_id: string;
  server_id: string;
  name: string;
  taken_at: string;
  expires_at: string | null;
  /** crash or vm */
  consistency: string;
  /** manual or scheduled */
  origin: string;
  /** ok, pending (asked for, not yet reported by the provider's tooling) or failed */
  state: string;
  /** When the snapshot arrived at the second site; null when not replicated. */
  replicated_at: string | null;
}
