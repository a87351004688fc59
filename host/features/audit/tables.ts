import type { Generated } from 'kysely';

/** The audit feature's table (part of the host's `Database`, `host/db/schema.ts`). */
export interface AuditTables {
  audit_log: AuditLogTable;
}

/** One thing a person or a job did. Append-only: triggers refuse UPDATE and DELETE (migration 0018). */
export interface AuditLogTable {
  id: string;
  tenant_id: string;
  /** The user from the embed token, or `system` for jobs. */
  actor: string;
  /** `server.stop`, `payment.succeeded`, `ticket.created`, … */
  action: string;
  /** The action's first word (`server`, `payment`, …): what the log filters by. */
  kind: Generated<string>;
  /** What the action was done to: a server id, a payment id, a ticket or order number. */
  subject: string;
  /** JSON */
  detail: string;
  /** The client's address as the host saw it, or null for jobs. */
  source_address: string | null;
  created_at: string;
}
