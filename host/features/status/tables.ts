/** The status feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface StatusTables {
  status_component_links: StatusComponentLinkTable;
}

/** Maps a status provider's component to a tenant's service. */
export interface StatusComponentLinkTable {
  source: string;
  component_id: string;
  tenant_id: string;
  service_id: string;
}
