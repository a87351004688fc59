/** The pci feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface PciTables {
  pci_content: { revision: string; version: string; document: string; loaded_at: string };
  pci_item_status: PciItemStatusTable;
  pci_item_history: { id: string; tenant_id: string; item_id: string; at: string; actor: string; changes: string };
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
