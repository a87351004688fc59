import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { ProtectedServerRef, ProtectionProvider, ProtectionSnapshot, RestoreRun } from '../ports/protection-provider.js';

/**
 * What a ProtectionProvider's conformance run needs: the provider, a tenant's server with at
 * least one good snapshot, and ANOTHER tenant's server with at least one good snapshot.
 */
export interface ProtectionConformanceSubject {
  provider: ProtectionProvider;
  scope: string;
  server: ProtectedServerRef;
  other: { scope: string; server: ProtectedServerRef };
  /**
   * The host records this provider's restores (the built-in `local` one: its tooling reports
   * outcomes to the host), so `getRestore` finds only runs the host stored and is not checked.
   */
  hostRecordsRestores?: boolean;
  close?(): Promise<void>;
}

function assertInstant(value: string | null, what: string): void {
  if (value === null) return;
  assert.ok(!Number.isNaN(Date.parse(value)), `${what} is not a date: ${value}`);
  assert.equal(new Date(value).toISOString(), value, `${what} is not a UTC instant (${value})`);
}

function assertSnapshot(s: ProtectionSnapshot): void {
  assert.ok(s.id && typeof s.name === 'string', `a snapshot without id: ${JSON.stringify(s)}`);
  assertInstant(s.takenAt, `snapshot ${s.id} takenAt`);
  assertInstant(s.expiresAt, `snapshot ${s.id} expiresAt`);
  if (s.expiresAt) assert.ok(s.expiresAt > s.takenAt, `snapshot ${s.id} expires before it was taken`);
  assert.ok(['crash', 'vm'].includes(s.consistency), `snapshot ${s.id}: consistency ${s.consistency}`);
  assert.ok(['manual', 'scheduled'].includes(s.origin), `snapshot ${s.id}: origin ${s.origin}`);
  assert.equal(typeof s.good, 'boolean');
}

/**
 * The behaviour every ProtectionProvider owes the host, as a `node:test` suite: snapshots
 * newest first with UTC instants; a snapshot taken is listed; replication in one of its four
 * states; a test restore that starts for the server, keeps its name and is found again; and
 * tenancy (another tenant's snapshot is never restored for this server, a restore is not
 * visible under another tenant or server, the server's own name is never a restore target).
 * Run it against the plugin's fake.
 */
export function protectionProviderConformance(name: string, setup: () => Promise<ProtectionConformanceSubject>): void {
  describe(`ProtectionProvider conformance: ${name}`, () => {
    let s: ProtectionConformanceSubject;
    let mine: ProtectionSnapshot[];
    let theirs: ProtectionSnapshot[];
    before(async () => {
      s = await setup();
      mine = await s.provider.listSnapshots(s.scope, s.server);
      theirs = await s.provider.listSnapshots(s.other.scope, s.other.server);
    });
    after(async () => {
      await s?.close?.();
    });
    const good = (list: ProtectionSnapshot[]) => {
      const snapshot = list.find((x) => x.good && !x.pending);
      assert.ok(snapshot, `${name}: the subject needs a good snapshot`);
      return snapshot;
    };

    test('snapshots are listed newest first, with UTC instants and known kinds', () => {
      assert.ok(mine.length > 0, 'no snapshots listed');
      mine.forEach(assertSnapshot);
      const taken = mine.map((x) => x.takenAt);
      assert.deepEqual(taken, [...taken].sort().reverse(), 'snapshots are not newest first');
      assert.ok(!mine.some((x) => theirs.some((t) => t.id === x.id)), "another tenant's snapshots are listed for this server");
    });

    test('a snapshot taken is listed', async () => {
      const taken = await s.provider.takeSnapshot(s.scope, s.server, { name: 'conformance', retentionMinutes: 60 });
      assertSnapshot(taken);
      assert.equal(taken.origin, 'manual');
      const listed = await s.provider.listSnapshots(s.scope, s.server);
      assert.ok(
        listed.some((x) => x.id === taken.id),
        'the snapshot just taken is not listed',
      );
    });

    test('replication is off, ok, lagging or broken', async () => {
      const r = await s.provider.replication(s.scope, s.server);
      assert.ok(['off', 'ok', 'lagging', 'broken'].includes(r.state), `replication state ${r.state}`);
      assertInstant(r.lastReplicaAt, 'lastReplicaAt');
    });

    test("a test restore starts for the server and is found again; never from another tenant's snapshot, never under another tenant", async () => {
      await assert.rejects(
        s.provider.startRestore(s.scope, s.server, { snapshotId: good(theirs).id, targetName: `${s.server.name}-conformance-theirs` }),
        "a restore from another tenant's snapshot was started",
      );
      await assert.rejects(
        s.provider.startRestore(s.scope, s.server, { snapshotId: good(mine).id, targetName: s.server.name }),
        "the server's own name was accepted as the restore target",
      );
      const target = `${s.server.name}-conformance-${Date.now().toString(36)}`;
      const run: RestoreRun = await s.provider.startRestore(s.scope, s.server, { snapshotId: good(mine).id, targetName: target });
      assert.deepEqual([run.serverId, run.snapshotId, run.targetName, run.status], [s.server.id, good(mine).id, target, 'running']);
      assertInstant(run.startedAt, 'startedAt');
      if (s.hostRecordsRestores) return;
      const again = await s.provider.getRestore(s.scope, s.server, run.id);
      assert.ok(again, 'the restore is not found again');
      assert.equal(again.targetName, target);
      assert.equal(
        await s.provider.getRestore(s.other.scope, s.other.server, run.id),
        undefined,
        'the restore is visible to another tenant',
      );
    });
  });
}
