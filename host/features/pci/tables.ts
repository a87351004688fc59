import type { Generated } from 'kysely';
/** The pci feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface PciTables {
  pci_content: { revision: string; version: string; document: string; loaded_at: string };
  pci_item_status: PciItemStatusTable;
  pci_item_history: { id: string; tenant_id: string; item_id: string; at: string; actor: string; changes: string };
  /** A customer's review of the whole checklist (migration 0026). */
  pci_reviews: { id: string; tenant_id: string; reviewed_by: string; reviewed_at: string; revision: string };
  /** The provider's attestation of an item it is responsible for or shares, per tenant (migration 0026). */
  pci_attestations: {
    tenant_id: string;
    item_id: string;
    attested_by: string;
    attested_at: string;
    note: string;
    evidence_link: string | null;
    /** The language the note is written in (migration 0035; `en` before). */
    locale: Generated<string>;
  };
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
  /** When the item alone was marked as reviewed (not set by edits). */
  reviewed_at: string | null;
  /** The item's content hash when it was last read: an edit, a review of the item or of the checklist. */
  reviewed_hash: string | null;
  updated_by: string;
  updated_at: string;
}
