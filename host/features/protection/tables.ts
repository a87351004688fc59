import type { Generated } from 'kysely';

/** The protection feature's tables (part of the host's `Database`, `host/db/schema.ts`). */
export interface ProtectionTables {
  protection_tiers: {
    item_id: string;
    rpo_minutes: number;
    snapshot_every_minutes: number;
    retention_days: number;
    replication: number;
    test_restore_days: number | null;
  };
  protection_status: { tenant_id: string; server_id: string; status: string; since: string; checked_at: string };
  protection_restores: ProtectionRestoreTable;
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
  /** Why the host failed it, as a catalogue message (JSON), so each reader reads it in their language; `message` keeps the English. */
  host_message: Generated<string | null>;
  /** What the `local` provider's tooling reported (JSON `{status, progress, message}`), read back by that provider. */
  reported: Generated<string | null>;
  requested_by: string;
  started_at: string;
  finished_at: string | null;
}
