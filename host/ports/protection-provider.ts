import type { InjectionToken } from 'tsyringe';

/** The server a protection call is about: the host's id and the name the storage knows it by. */
export interface ProtectedServerRef {
  /** The host's server id (`openstack:5b8d…`, `vcloud:urn:vcloud:vm:…`). */
  id: string;
  /** The VM's name, which storage systems such as Tintri VMstore look VMs up by. */
  name: string;
}

/** One point-in-time copy of a server's disks. */
export interface ProtectionSnapshot {
  /** The provider's id (a Tintri snapshot UUID, a local row id). */
  id: string;
  name: string;
  /** ISO instant the snapshot was taken. */
  takenAt: string;
  /** ISO instant the provider deletes it, or null when kept until deleted by hand. */
  expiresAt: string | null;
  /** `crash` consistent (disks only) or `vm` consistent (guest quiesced). */
  consistency: 'crash' | 'vm';
  /** `manual` when someone asked for it, `scheduled` when a protection policy took it. */
  origin: 'manual' | 'scheduled';
  /** Whether the copy is usable: a failed or partial snapshot does not count towards the recovery point. */
  good: boolean;
  /**
   * Asked for and not yet confirmed by the storage (the `local` provider waits for the
   * provider's own tooling to report it). Not counted until it is.
   */
  pending?: boolean;
}

/** Replication of a server's snapshots to a second site. */
export interface ReplicationStatus {
  /** `off`: not configured; `ok`: replicas arrive; `lagging`: behind its schedule; `broken`: failing. */
  state: 'off' | 'ok' | 'lagging' | 'broken';
  /**
   * The second site as a customer may read it ("Frankfurt 2"), from the plugin's configuration;
   * null when none is configured. Never a storage host name: it is shown in the portal.
   */
  target: string | null;
  /** ISO instant of the snapshot that last arrived at the second site, or null. */
  lastReplicaAt: string | null;
  /** The provider's own words when the state is not `ok`. */
  message: string | null;
}

/** A test restore: a snapshot restored as a new server beside production, which stays untouched. */
export interface RestoreRun {
  /** The provider's id of the restore (a task or clone id). */
  id: string;
  serverId: string;
  snapshotId: string;
  /** The name of the server the restore creates. */
  targetName: string;
  status: 'running' | 'succeeded' | 'failed';
  /** 0–100 while running, when the provider reports it. */
  progress: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** What the provider said: the new VM's id on success, the reason on failure. */
  message: string | null;
}

/** The automatic snapshots a protection tier asks the storage for. */
export interface ProtectionSchedule {
  /** A snapshot every this many minutes (60: hourly, 1440: daily). */
  everyMinutes: number;
  /** How long each scheduled snapshot is kept. */
  retentionMinutes: number;
  consistency: 'crash' | 'vm';
}

/**
 * Snapshots, replication and test restores of a tenant's servers (the disaster-recovery
 * add-on). `scope` is the tenant's account at the provider: the tenant id for `local`,
 * the VMstore account or tenant prefix for Tintri.
 */
export interface ProtectionProvider {
  readonly source: string;
  /** Snapshots of one server, newest first. A server the provider does not know has none. */
  listSnapshots(scope: string, server: ProtectedServerRef, signal?: AbortSignal): Promise<ProtectionSnapshot[]>;
  /**
   * Takes a snapshot now, kept `retentionMinutes`. The host names it with the minute it asks
   * (`portal-{server}-{YYYYMMDDHHmm}`); a provider whose answers can be lost (a timeout while the
   * storage still works) may return a snapshot of the same name taken moments before instead of
   * taking another, so a retry does not leave two.
   */
  takeSnapshot(
    scope: string,
    server: ProtectedServerRef,
    input: { name: string; retentionMinutes: number; consistency?: 'crash' | 'vm' },
    signal?: AbortSignal,
  ): Promise<ProtectionSnapshot>;
  replication(scope: string, server: ProtectedServerRef, signal?: AbortSignal): Promise<ReplicationStatus>;
  /** Starts restoring `snapshotId` to a new server named `targetName`; poll `getRestore` until it settles. */
  startRestore(
    scope: string,
    server: ProtectedServerRef,
    input: { snapshotId: string; targetName: string },
    signal?: AbortSignal,
  ): Promise<RestoreRun>;
  /** `undefined` when the provider knows no such restore. */
  getRestore(scope: string, server: ProtectedServerRef, restoreId: string, signal?: AbortSignal): Promise<RestoreRun | undefined>;
  /**
   * Sets the server's automatic snapshots to `schedule` (a DR add-on ordered or changed).
   * Optional: without it, staff set the schedule at the storage by hand. Throws with the
   * provider's reason when the storage refuses.
   */
  setSchedule?(scope: string, server: ProtectedServerRef, schedule: ProtectionSchedule, signal?: AbortSignal): Promise<void>;
}

export const ProtectionProviderToken: InjectionToken<ProtectionProvider> = Symbol.for('glasspane.ProtectionProvider');
