/**
 * What a server's protection really delivers, measured against its tier: the age of the
 * last good snapshot and of the last replica at the second site, against the tier's
 * recovery point objective (RPO). Pure: the caller passes what the provider reported.
 */
import type { ProtectionSnapshot, ReplicationStatus } from '../../ports/protection-provider.js';

/** A protection tier: a catalog add-on with a recovery point objective. */
export interface ProtectionTier {
  /** The catalog item id (`dr-hourly`). */
  id: string;
  name: string;
  description: string;
  currency: string;
  monthlyAmount: number;
  /** The most data, in minutes, the customer may lose: the last good copy is never older. */
  rpoMinutes: number;
  snapshotEveryMinutes: number;
  retentionDays: number;
  /** Snapshots are replicated to a second site. */
  replication: boolean;
  /** A test restore is due this often (days), or null when the tier includes none. */
  testRestoreDays: number | null;
  rank: number;
}

/**
 * `within`: the last good snapshot (and replica, when the tier replicates) is younger than
 * the RPO. `outside`: one of them is older, or replication is not working. `never`: the
 * tier is booked but no good snapshot exists. `unprotected`: no tier.
 */
/** `unknown`: the storage could not be asked, so nothing is claimed either way. */
export type RecoveryStatus = 'within' | 'outside' | 'never' | 'unprotected' | 'unknown';

export type RecoveryReason = 'no_snapshot' | 'snapshot_late' | 'replication_off' | 'replication_broken' | 'no_replica' | 'replica_late';

export interface RecoveryPoint {
  status: RecoveryStatus;
  /** Why the status is not `within`, most important first. */
  reasons: RecoveryReason[];
  lastGoodSnapshotAt: string | null;
  lastReplicaAt: string | null;
  /** Minutes since the last good snapshot / replica, or null when there is none. */
  snapshotAgeMinutes: number | null;
  replicaAgeMinutes: number | null;
  /** The tier includes test restores and the last successful one is older than its cadence (or there was none). */
  testRestoreDue: boolean;
}

const minutesBetween = (from: string, to: Date) => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 60_000));

export function measureRecoveryPoint(input: {
  tier: ProtectionTier | null;
  snapshots: readonly ProtectionSnapshot[];
  replication: ReplicationStatus | null;
  /** When the last test restore succeeded, if ever. */
  lastTestRestoreAt: string | null;
  now: Date;
}): RecoveryPoint {
  const { tier, now } = input;
  const good = input.snapshots.filter((s) => s.good && !s.pending && Date.parse(s.takenAt) <= now.getTime());
  const lastGoodSnapshotAt = good.reduce<string | null>(
    (latest, s) => (!latest || Date.parse(s.takenAt) > Date.parse(latest) ? s.takenAt : latest),
    null,
  );
  const lastReplicaAt = input.replication?.lastReplicaAt ?? null;
  const snapshotAgeMinutes = lastGoodSnapshotAt ? minutesBetween(lastGoodSnapshotAt, now) : null;
  const replicaAgeMinutes = lastReplicaAt ? minutesBetween(lastReplicaAt, now) : null;
  const base = { lastGoodSnapshotAt, lastReplicaAt, snapshotAgeMinutes, replicaAgeMinutes };
  if (!tier) return { status: 'unprotected', reasons: [], ...base, testRestoreDue: false };

  const reasons: RecoveryReason[] = [];
  if (snapshotAgeMinutes == null) reasons.push('no_snapshot');
  else if (snapshotAgeMinutes > tier.rpoMinutes) reasons.push('snapshot_late');
  if (tier.replication) {
    const state = input.replication?.state ?? 'off';
    if (state === 'off') reasons.push('replication_off');
    else if (state === 'broken') reasons.push('replication_broken');
    if (replicaAgeMinutes == null) reasons.push('no_replica');
    else if (replicaAgeMinutes > tier.rpoMinutes) reasons.push('replica_late');
  }
  const testRestoreDue =
    tier.testRestoreDays != null &&
    (!input.lastTestRestoreAt || minutesBetween(input.lastTestRestoreAt, now) > tier.testRestoreDays * 1440);
  const status: RecoveryStatus = snapshotAgeMinutes == null ? 'never' : reasons.length ? 'outside' : 'within';
  return { status, reasons, ...base, testRestoreDue };
}
