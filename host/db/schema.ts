import type { Generated } from 'kysely';
import type { TenantsTables } from '../features/tenants/tables.js';
import type { StatusTables } from '../features/status/tables.js';
import type { ServersTables } from '../features/servers/tables.js';
import type { UsageTables } from '../features/usage/tables.js';
import type { BillingTables } from '../features/billing/tables.js';
import type { SupportTables } from '../features/support/tables.js';
import type { OrdersTables } from '../features/orders/tables.js';
import type { AccountCalendarTables } from '../features/account-calendar/tables.js';
import type { PciTables } from '../features/pci/tables.js';
import type { ProtectionTables } from '../features/protection/tables.js';
import type { AuditTables } from '../features/audit/tables.js';

export type * from '../features/tenants/tables.js';
export type * from '../features/status/tables.js';
export type * from '../features/servers/tables.js';
export type * from '../features/usage/tables.js';
export type * from '../features/billing/tables.js';
export type * from '../features/support/tables.js';
export type * from '../features/orders/tables.js';
export type * from '../features/account-calendar/tables.js';
export type * from '../features/pci/tables.js';
export type * from '../features/protection/tables.js';
export type * from '../features/audit/tables.js';

/** Core tables: the event stream's log, the background jobs' leases and the providers' shared concurrency slots. */
export interface CoreTables {
  stream_events: { id: Generated<number>; tenant_id: string; topic: string; data: string; created_at: string };
  background_jobs: { name: string; last_started_at: string; last_finished_at: string | null; owner: string; last_error: string | null };
  provider_slots: import('./shared-slots.js').ProviderSlotTable;
}

/**
 * The host's own tables, composed from each feature's `tables.ts`. Booleans are 0/1 and
 * JSON is text on both dialects, so one set of migrations and one adapter (`json.ts`)
 * serve SQLite and PostgreSQL.
 */
export interface Database
  extends
    CoreTables,
    TenantsTables,
    StatusTables,
    ServersTables,
    UsageTables,
    BillingTables,
    SupportTables,
    OrdersTables,
    AccountCalendarTables,
    PciTables,
    ProtectionTables,
    AuditTables {}
