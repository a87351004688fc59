import type { Generated } from 'kysely';


/**
 * The host's own tables. Booleans are 0/1 and JSON is text on both dialects,
 * so one set of migrations and one adapter (`json.ts`) serve SQLite and PostgreSQL.
 */
export interface Database {
  tenants: TenantTable;
  services: ServiceTable;
  status_component_links: StatusComponentLinkTable;
  local_notices: LocalNoticeTable;
  embed_sessions: EmbedSessionTable;
  compute_accounts: ComputeAccountTable;
  usage_samples: UsageSampleTable;
  server_plans: ServerPlanTable;
  billing_accounts: { tenant_id: string; source: string; account: string };
  subscriptions: SubscriptionTable;
  local_invoices: LocalInvoiceTable;
  local_invoice_lines: LocalInvoiceLineTable;
  local_payments: LocalPaymentTable;
  payment_methods: PaymentMethodTable;
  idempotency_keys: IdempotencyKeyTable;
  invoice_claims: { tenant_id: string; source: string; invoice_id: string; claimed_by: string; created_at: string };
  payments: PaymentTable;
  autopay: { tenant_id: string; enabled: number; method_id: string | null; updated_at: string; updated_by: string };
  audit_log: AuditLogTable;
  support_accounts: { tenant_id: string; source: string; account: string };
  tickets: TicketTable;
  ticket_messages: TicketMessageTable;
  support_contracts: { tenant_id: string; targets: string };
  kb_articles: KbArticleTable;
  contact_matrices: { tenant_id: string; project: string; name: string; matrix: string; updated_at: string };
  stream_events: { id: Generated<number>; tenant_id: string; topic: string; data: string; created_at: string };
  catalog_items: CatalogItemTable;
  service_plans: ServicePlanTable;
  orders: OrderTable;
  order_lines: OrderLineTable;
  order_events: { id: string; order_id: string; seq: number; at: string; actor: string; kind: string; from_state: string | null; to_state: string | null; detail: string };
  device_returns: DeviceReturnTable;
  escalations: EscalationTable;
  account_events: AccountEventTable;
  local_backup_runs: LocalBackupRunTable;
  pci_content: { revision: string; version: string; document: string; loaded_at: string };
  pci_item_status: PciItemStatusTable;
  pci_item_history: { id: string; tenant_id: string; item_id: string; at: string; actor: string; changes: string };
  background_jobs: { name: string; last_started_at: string; last_finished_at: string | null; owner: string; last_error: string | null };
  protection_tiers: { item_id: string; rpo_minutes: number; snapshot_every_minutes: number; retention_days: number; replication: number; test_restore_days: number | null };
  protection_status: { tenant_id: string; server_id: string; status: string; since: string; checked_at: string };
  protection_restores: ProtectionRestoreTable;
  local_snapshots: LocalSnapshotTable;
}

export interface ProtectionRestoreTable {
  id: string;
  tenant_id: string;
  server_id: string;
  server_name: string;
  source: string;
  /** The provider's id of the restore (a task or clone id). */
  provider_id: string;
  snapshot_id: string;
  target_name: string;
  /** running, succeeded or failed */
  status: string;
  progress: number | null;
  message: string | null;
  /** What the `local` provider's tooling reported (JSON `{status, progress, message}`), read back by that provider. */
  reported: Generated<string | null>;
  requested_by: string;
  started_at: string;
  finished_at: string | null;
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

export interface PciItemStatusTable {
  tenant_id: string;
  item_id: string;
  /** not_started, in_progress, in_place or not_applicable */
  status: string;
  reason: string;
  owner: string;
  evidence_notes: string;
  /** JSON string[] */
  evidence_links: string;
  reviewed_at: string | null;
  /** The item's content hash when it was last reviewed. */
  reviewed_hash: string | null;
  updated_by: string;
  updated_at: string;
}

export interface AccountEventTable {
  id: string;
  tenant_id: string;
  type: string;
  source_key: string;
  at: string;
  title: string;
  severity: string;
  link_kind: string;
  link_id: string;
  /** JSON */
  detail: string;
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

export interface CatalogItemTable {
  id: string;
  product: string;
  /** `plan` or `addon`. */
  kind: string;
  name: string;
  description: string;
  currency: string;
  /** Minor units per month. */
  monthly_amount: number;
  term_months: number;
  vcpus: number | null;
  ram_mb: number | null;
  disk_gb: number | null;
  bandwidth_mbit: number | null;
  hardware: number;
  rank: number;
  active: number;
  updated_at: string;
  /** Add-ons of one group replace each other (a protection tier replaces the previous tier). */
  addon_group: Generated<string | null>;
}

export interface ServicePlanTable {
  tenant_id: string;
  service_id: string;
  service_name: string;
  plan_id: string;
  /** The contracted monthly price (minor units); the catalog price may have moved since. */
  monthly_amount: number;
  /** JSON: [{ id, monthlyAmount }] */
  addons: string;
  anchor_day: number;
  started_on: string;
  renews_on: string;
  device: string | null;
  /** server, dedicated, domain, certificate or other: how the inventory shows it. */
  kind: Generated<string>;
  updated_at: string;
}

export interface OrderTable {
  id: string;
  tenant_id: string;
  number: string;
  type: string;
  /** What the customer chose; `type` differs once staff corrected it. */
  requested_type: string;
  state: string;
  service_id: string;
  service_name: string;
  currency: string;
  due_now: number;
  mrr_delta: number;
  /** JSON array of reason codes. */
  review_reasons: string;
  note: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface OrderLineTable {
  order_id: string;
  position: number;
  kind: string;
  item_id: string | null;
  from_item_id: string | null;
  description: string;
  from_monthly: number;
  to_monthly: number;
  code: string;
  mrr_delta: number;
  due_now: number;
}

export interface DeviceReturnTable {
  order_id: string;
  tenant_id: string;
  device: string;
  carrier: string;
  tracking_number: string;
  created_at: string;
  attested_at: string | null;
  attested_by: string | null;
  attestation: string | null;
  received_at: string | null;
}

export interface EscalationTable {
  id: string;
  tenant_id: string;
  step: string;
  /** JSON: what the customer had chosen so far. */
  selection: string;
  note: string;
  state: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  created_by: string;
  created_at: string;
}

export interface TenantTable {
  id: string;
  name: string;
  /** JSON array of origins allowed to embed the kit for this tenant. */
  origins: string;
  created_at: string;
  /** JSON: colours, logo, support contact a partner shows this tenant. */
  branding: Generated<string>;
}

export interface ServiceTable {
  id: string;
  tenant_id: string;
  name: string;
  kind: string;
  created_at: string;
}

/** Maps a status provider's component to a tenant's service. */
export interface StatusComponentLinkTable {
  source: string;
  component_id: string;
  tenant_id: string;
  service_id: string;
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
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

/** Issued embed tokens: an audit trail and the origins CORS preflights may use. */
export interface EmbedSessionTable {
  id: string;
  tenant_id: string;
  user_id: string;
  roles: string;
  origins: string;
  expires_at: string;
  created_at: string;
}

export interface ComputeAccountTable {
  tenant_id: string;
  source: string;
  /** OpenStack project id, Cloud Director org name. */
  scope: string;
}

/** Usage tiers: 0 raw (48 h), 1 five-minute (30 days), 2 hourly (13 months). */
export interface UsageSampleTable {
  tenant_id: string;
  /** `<source>:<provider id>`. */
  server_id: string;
  metric: string;
  tier: number;
  /** Bucket start, seconds since the epoch. */
  at: number;
  sum: number;
  count: number;
  min: number;
  max: number;
}

export interface ServerPlanTable {
  tenant_id: string;
  server_id: string;
  metric: string;
  capacity: number;
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

export interface KbArticleTable {
  id: string;
  slug: string;
  title: string;
  category: string;
  body: string;
  locale: string;
  published: number;
  updated_at: string;
}
