/** The servers feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface ServersTables {
  compute_accounts: ComputeAccountTable;
}

export interface ComputeAccountTable {
  tenant_id: string;
  source: string;
  /** OpenStack project id, Cloud Director org name. */
  scope: string;
}
