/** The account-calendar feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface AccountCalendarTables {
  account_events: AccountEventTable;
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
