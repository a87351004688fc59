// The Tintri plugin against its fake: snapshots and replication.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TintriFake } from './fake.js';
import { toReplication } from './index.js';
import { ProviderError } from '@glasspane/host';
import { useTintriFake, ref, code, status, minutesAgo, servers } from './tintri-fixture.js';
import { waitFor } from '../../host/test/helpers.js';

describe('Tintri: snapshots and replication', () => {
  let fake: TintriFake;
  const { make, vcd, vmOf } = useTintriFake((f) => (fake = f));

  test('snapshots: newest first, scheduled history mapped with times, expiry and consistency', async () => {
    const { provider } = make({ pageSize: 20 });
    const web01 = await provider.listSnapshots('acme', ref('web-01'));
    assert.equal(web01.length, 48, 'all pages');
    assert.equal(fake.requests.filter((r) => r.path === '/api/v310/snapshot').length, 3, '48 at 20 a page');
    assert.ok(
      fake.requests
        .filter((r) => r.path === '/api/v310/snapshot')
        .every((r) => r.query.sortedBy === 'createTime' && r.query.sortOrder === 'DESC'),
    );
    const newest = web01[0]!;
    assert.ok(Math.abs(minutesAgo(newest.takenAt) - 30 * 60) < 2, 'web-01 is 30 h stale');
    assert.ok(
      web01.every((s, k) => k === 0 || s.takenAt <= web01[k - 1]!.takenAt),
      'newest first',
    );
    assert.deepEqual([newest.origin, newest.consistency, newest.good], ['scheduled', 'crash', true]);
    assert.equal(Date.parse(newest.expiresAt!) - Date.parse(newest.takenAt), 7 * 86400_000);
    assert.match(newest.id, /-SST-/);
    const db = await provider.listSnapshots('acme', ref('db-01'));
    assert.equal(db[0]!.consistency, 'vm');
    const web02 = await provider.listSnapshots('acme', ref('web-02'));
    assert.ok(minutesAgo(web02[0]!.takenAt) < 30, 'web-02 is fresh');
    const manual = web02.find((s) => s.origin === 'manual')!;
    assert.deepEqual([manual.name, manual.expiresAt], ['before kernel upgrade', null]);
  });

  test('a protection schedule: PUT /vm/{uuid}/snapshotSchedule with a Request of one VirtualMachineSnapshotSchedule, one per type', async () => {
    const vm = vcd('sched-01');
    const { provider } = make();
    await provider.setSchedule('acme', ref('sched-01'), { everyMinutes: 60, retentionMinutes: 3 * 1440, consistency: 'crash' });
    await provider.setSchedule('acme', ref('sched-01'), { everyMinutes: 1440, retentionMinutes: 7 * 1440, consistency: 'vm' });
    await provider.setSchedule('acme', ref('sched-01'), { everyMinutes: 15, retentionMinutes: 1440, consistency: 'crash' });
    assert.deepEqual(
      vm.schedules.map((s) => [s.type, s.cronExpressions[0], s.retentionSourceMinutes, s.consistency]),
      [
        ['DAILY', '0 30 2 * * ?', 7 * 1440, 'VM_CONSISTENT'],
        ['HOURLY', '0 0/15 * * * ?', 1440, 'CRASH_CONSISTENT'],
      ],
      'the newer hourly schedule replaced the first; the daily one stays',
    );
    const put = fake.requests.filter((r) => r.method === 'PUT')[0]!;
    assert.equal(put.path, `/api/v310/vm/${vm.uuid}/snapshotSchedule`);
    assert.equal((put.body as any).typeId, 'com.tintri.api.rest.v310.dto.Request');
    assert.equal((put.body as any).objectsWithNewValues[0].cronExpressions[0], '0 5 0/1 * * ?');
    fake.failNext(1, {
      status: 400,
      body: JSON.stringify({
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError',
        code: 'ERR-API-1305',
        message: 'The VM is part of a service group.',
      }),
    });
    const refused = await provider
      .setSchedule('acme', ref('sched-01'), { everyMinutes: 60, retentionMinutes: 1440, consistency: 'crash' })
      .catch((e: unknown) => e);
    assert.ok(refused instanceof ProviderError);
    assert.match(refused.message, /service group/);
  });

  test('a stale-tagged snapshot does not count as a good recovery point', async () => {
    vcd('stale-01', { snapshots: [{ takenAt: Date.now() - 60_000, stale: true }, { takenAt: Date.now() - 3600_000 }] });
    const [first, second] = await make().provider.listSnapshots('acme', ref('stale-01'));
    assert.deepEqual([first!.good, second!.good], [false, true]);
  });

  test('take a snapshot: POSTs a LIST of one SnapshotSpec and returns it, listed first', async () => {
    const { provider } = make();
    const vm = vmOf('snap-me');
    const taken = await provider.takeSnapshot('acme', ref('snap-me'), { name: 'before upgrade', retentionMinutes: 240, consistency: 'vm' });
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/v310/snapshot')!;
    assert.ok(Array.isArray(post.body), 'the API takes a list of specs');
    assert.deepEqual(post.body, [
      {
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.snapshot.SnapshotSpec',
        consistency: 'VM_CONSISTENT',
        retentionMinutes: 240,
        snapshotName: 'before upgrade',
        sourceVmTintriUUID: vm.uuid,
      },
    ]);
    const stored = vm.snapshots.at(-1)!;
    assert.equal(taken.id, stored.uuid);
    assert.deepEqual([taken.name, taken.consistency, taken.origin, taken.good], ['before upgrade', 'vm', 'manual', true]);
    assert.ok(minutesAgo(taken.takenAt) < 1);
    assert.equal(Date.parse(taken.expiresAt!) - Date.parse(taken.takenAt), 240 * 60_000);
    const listed = await provider.listSnapshots('acme', ref('snap-me'));
    assert.equal(listed.length, 4);
    assert.deepEqual(listed[0], taken);
    await provider.takeSnapshot('acme', ref('snap-me'), { name: 'crash by default', retentionMinutes: 60 });
    const second = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v310/snapshot')[1]!;
    assert.equal((second.body as { consistency: string }[])[0]!.consistency, 'CRASH_CONSISTENT');
  });

  test('a snapshot whose answer was lost is taken once: a retry finds it by name, and is refused while it is being taken', async () => {
    // A VM-consistent snapshot waits for the guest to quiesce: the VMstore answers after four
    // seconds, the plugin stops waiting after one.
    const { provider } = make({ timeoutMs: 1_000 });
    const vm = vcd('quiesce-01', { snapshots: { count: 2, newestAgoMinutes: 60 } });
    fake.setSnapshotMs(4_000);
    const name = 'portal-quiesce-01-202612060512';
    const input = { name, retentionMinutes: 7 * 1440, consistency: 'vm' as const };
    const lost = await provider.takeSnapshot('acme', ref('quiesce-01'), input).catch((e: unknown) => e);
    assert.ok(lost instanceof ProviderError);
    assert.equal(lost.code, 'provider_unreachable', 'the caller hears that the VMstore did not answer in time');
    const again = await provider.takeSnapshot('acme', ref('quiesce-01'), input).catch((e: unknown) => e);
    assert.ok(again instanceof ProviderError);
    assert.deepEqual([status(again), code(again)], [409, 'conflict'], 'asked again while the first is taken: the VMstore says busy');
    const taken = await waitFor('the lost snapshot taken at the VMstore', () => vm.snapshots.find((s) => s.description === name));
    const retried = await provider.takeSnapshot('acme', ref('quiesce-01'), input);
    assert.equal(retried.id, taken.uuid, 'the retry returns the snapshot the lost answer was about');
    assert.deepEqual([retried.name, retried.consistency, retried.origin], [name, 'vm', 'manual']);
    assert.equal(vm.snapshots.filter((s) => s.description === name).length, 1, 'one snapshot, not two');
    assert.equal(fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v310/snapshot').length, 2);
  });

  test('a snapshot asked for by a caller that gave up is taken all the same, and takes no fault queued meanwhile', async () => {
    const { provider } = make();
    const vm = vcd('abandon-01');
    // Long enough that the abort below lands while the VMstore works, however busy the machine.
    fake.setLatency(1_000);
    const controller = new AbortController();
    const input = { name: 'given up', retentionMinutes: 60 };
    const abandoned = provider.takeSnapshot('acme', ref('abandon-01'), input, controller.signal).catch((e: unknown) => e);
    await waitFor('the snapshot request at the VMstore', () =>
      fake.requests.some((r) => r.method === 'POST' && r.path === '/api/v310/snapshot'),
    );
    controller.abort();
    assert.equal(((await abandoned) as Error).name, 'AbortError');
    fake.failNext(1, { status: 500, body: 'Internal error' });
    await waitFor('the snapshot taken at the VMstore', () => vm.snapshots.some((s) => s.description === 'given up'));
    fake.setLatency(0);
    const err = await provider.listSnapshots('acme', ref('abandon-01')).catch((e: unknown) => e);
    assert.ok(err instanceof ProviderError, 'the fault queued meanwhile went to the next request someone reads');
    assert.equal(err.upstreamStatus, 500);
  });

  test('a snapshot named like one taken longer ago than the retry window is a new snapshot', async () => {
    const { provider } = make();
    const vm = vcd('reuse-01', {
      snapshots: [{ name: 'before kernel upgrade', takenAt: Date.now() - 11 * 60_000, type: 'USER_GENERATED_SNAPSHOT' }],
    });
    const old = vm.snapshots[0]!.uuid;
    const taken = await provider.takeSnapshot('acme', ref('reuse-01'), { name: 'before kernel upgrade', retentionMinutes: 60 });
    assert.notEqual(taken.id, old);
    assert.deepEqual(
      vm.snapshots.map((s) => s.description),
      ['before kernel upgrade', 'before kernel upgrade'],
    );
  });

  test("Tintri's refusals of a snapshot are readable: a bad spec is 422, a busy VM 409", async () => {
    const { provider } = make();
    let err = await provider.takeSnapshot('acme', ref('snap-me'), { name: 'too short', retentionMinutes: 30 }).catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.deepEqual([status(err), code(err), err.upstreamStatus], [422, 'invalid', 400]);
    assert.equal(err.message, 'Tintri VMstore refused the snapshot: retentionMinutes must be -1 or greater than 59.');
    fake.setBusy(servers.get('busy-01')!.vmName, true);
    err = await provider.takeSnapshot('acme', ref('busy-01'), { name: 'x', retentionMinutes: 60 }).catch((e) => e);
    fake.setBusy(servers.get('busy-01')!.vmName, false);
    assert.deepEqual([status(err), code(err)], [409, 'conflict']);
    assert.match(err.message, /^Tintri VMstore refused the snapshot: Another snapshot operation is in progress for VM busy-01/);
  });

  test('replication: off, ok, lagging, broken and paused from the VM’s outgoing configuration', async () => {
    const { provider } = make();
    const off = await provider.replication('acme', ref('rep-off'));
    assert.deepEqual(off, { state: 'off', target: null, lastReplicaAt: null, message: null });
    const ok = await provider.replication('acme', ref('rep-ok'));
    assert.deepEqual([ok.state, ok.target, ok.message], ['ok', 'Amsterdam', null], 'the site by its configured name');
    assert.ok(Math.abs(minutesAgo(ok.lastReplicaAt!) - 15) < 1);
    const lag = await provider.replication('acme', ref('rep-lag'));
    assert.deepEqual([lag.state, lag.target], ['lagging', 'Amsterdam']);
    assert.ok(Math.abs(minutesAgo(lag.lastReplicaAt!) - 20 * 60) < 1);
    assert.match(lag.message!, /recovery point objective of 240 minutes/);
    const broken = await provider.replication('acme', ref('rep-broken'));
    assert.deepEqual(
      [broken.state, broken.target, broken.message],
      ['broken', 'Amsterdam', 'Replication to dr-ams failed: the destination refused the connection'],
    );
    const paused = await provider.replication('acme', ref('rep-paused'));
    assert.deepEqual([paused.state, paused.message], ['lagging', 'Replication is paused on the VMstore.']);
    assert.deepEqual(await provider.replication('acme', ref('rep-ok')), ok);
    assert.ok(
      fake.requests.some((r) => r.path === `/api/v310/vm/${vmOf('rep-ok').uuid}`),
      'a known VM is read again with GET /vm/{uuid}',
    );
    const demo = await provider.replication('acme', ref('web-01'));
    assert.deepEqual(
      [demo.state, demo.target],
      ['lagging', null],
      'a destination the operator did not name has no site: never the storage host name',
    );
  });

  test('replication mapping: an up-to-date state with no replica past the alert threshold lags; disabled configs are off', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const old = toReplication(
      {
        configurationsOutgoing: [
          {
            replicationState: 'UP_TO_DATE',
            alertThresholdMinutes: 60,
            latestReplicatedSnapshotTime: '2026-03-01T09:00:00Z',
            path: { destinationIp: '10.0.0.9' },
          },
        ],
      },
      now,
      { '10.0.0.9': 'Frankfurt 2' },
    );
    assert.deepEqual([old.state, old.target, old.lastReplicaAt], ['lagging', 'Frankfurt 2', '2026-03-01T09:00:00.000Z'], 'named by IP');
    assert.match(old.message!, /3 h/);
    assert.equal(toReplication({ configurationsOutgoing: [{ replicationState: 'UP_TO_DATE', isDisabled: true }] }, now).state, 'off');
    assert.equal(
      toReplication({ isEnabled: true, replicationState: 'UP_TO_DATE', replDestination: 'dr' }, now, { dr: 'Second site' }).target,
      'Second site',
      'pre-v310.61 fields',
    );
  });
});
