import { registerMessages } from '../core/localize.js';

/** English messages of `gp-dr-protection`; other languages load when a page first needs them. */
export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  protectionFailed: 'Protection could not be loaded',
  protectionSystem: 'The backup service',
  drTitle: 'Disaster recovery',
  drEmpty: 'No servers to protect yet.',
  drServer: 'Server',
  drTier: 'Protection',
  drStatus: 'Recovery point',
  drLastSnapshot: 'Last good snapshot',
  drReplica: 'Copy at the second site',
  drActions: 'Actions',
  drChooseTier: 'Choose a tier below to protect it.',
  drNoTier: 'Not protected',
  drStatusLabel: {
    within: 'Within your recovery point',
    outside: 'Outside your recovery point',
    never: 'No good snapshot yet',
    unprotected: 'Not protected',
    unknown: 'Cannot be checked right now',
  } as Record<string, string>,
  drPromise: (rpo: string) => `promises at most ${rpo} of lost data`,
  drNoSnapshot: 'None yet',
  drNoReplica: 'No copy yet',
  /** The copy column of a server whose tier keeps no copy at a second site (whatever the storage does anyway). */
  drReplicaNotInTier: (tier: string) => `Not part of ${tier}`,
  drReason: {
    no_snapshot: 'There is no good snapshot yet.',
    snapshot_late: 'The last good snapshot is older than the tier promises.',
    replication_off: 'Replication to the second site is not set up.',
    replication_broken: 'Replication to the second site is failing.',
    no_replica: 'No copy has reached the second site yet.',
    replica_late: 'The last copy at the second site is older than the tier promises.',
  } as Record<string, string>,
  drReplication: { off: 'not replicated', ok: 'replicating', lagging: 'replication behind', broken: 'replication failing' } as Record<
    string,
    string
  >,
  drTestDue: 'A test restore is due.',
  drSnapshotNow: 'Snapshot now',
  drSnapshotFor: (name: string) => `Snapshot now: ${name}`,
  drTestRestore: 'Test restore',
  drTestRestoreFor: (name: string) => `Test restore: ${name}, to a new server`,
  drSnapshotTaken: (name: string) => `Snapshot of ${name} taken.`,
  drSnapshotPending: (name: string) => `Snapshot of ${name} requested; it counts once the storage confirms it.`,
  /** A test restore as a customer names it: the server and when it started (the clone's name is technical). */
  drRestoreName: (server: string, when: string) => `Test restore of ${server}, ${when}`,
  drRestoreStarted: (restore: string) => `${restore} started: a copy is being created beside production.`,
  drRestoreRunning: (restore: string, progress: string) => `${restore} running${progress ? ` (${progress})` : ''}…`,
  drRestoreSucceeded: (restore: string, when: string) => `${restore} succeeded ${when}.`,
  drRestoreFailed: (restore: string, reason: string) => `${restore} failed: ${reason}`,
  /** The clone's technical name, for support. */
  drRestoreTarget: (name: string) => `New server: ${name}`,
  drTechnicalOnly: 'Snapshots and test restores need the technical role.',
  drProviderError: (name: string) => `The protection status of ${name} cannot be fetched right now. Try again in a few minutes.`,
  drCompareTitle: 'Compare protection tiers',
  drCompareFor: 'For server',
  drRpo: 'Recovery point',
  drCadence: 'Snapshots',
  drEvery: (interval: string) => `every ${interval}`,
  drRetention: 'Kept for',
  drDays: (n: number) => (n === 1 ? '1 day' : `${n} days`),
  drReplicationRow: 'Second site',
  drTestRestoreRow: 'Test restore',
  drEveryDays: (n: number) => `every ${n} days`,
  drYes: 'yes',
  drNo: 'no',
  drPrice: 'Price',
  drPerMonth: (amount: string) => `${amount} a month`,
  drCurrent: 'Current tier',
  drChoose: 'Choose',
  drChooseFor: (tier: string, server: string) => `Choose: ${tier} for ${server}`,
  drBillingOnly: 'Ordering a tier needs the billing role.',
  drNoPlan: 'This server is not in your contract yet; ask your account manager.',
};

type DrProtectionMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends DrProtectionMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
