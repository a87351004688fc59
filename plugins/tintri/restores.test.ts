// The Tintri plugin against its fake: test restores (a clone beside production).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { TintriFake } from './fake.js';
import { useTintriFake, ref, code, status, servers } from './tintri-fixture.js';

describe('Tintri: test restores (a clone beside production)', () => {
  let fake: TintriFake;
  const { make, settle, vmOf } = useTintriFake((f) => (fake = f));

  test('test restore: clones the snapshot to a NEW VM, runs, then succeeds; the source is untouched', async () => {
    const { provider } = make();
    const server = ref('restore-src');
    const source = vmOf('restore-src');
    const before = JSON.stringify(source);
    const [, snapshot] = await provider.listSnapshots('acme', server);
    const started = await provider.startRestore('acme', server, { snapshotId: snapshot!.id, targetName: 'restore-src-test' });
    assert.equal(started.status, 'running');
    assert.match(started.id, /-TSK-/);
    assert.deepEqual(
      [started.serverId, started.snapshotId, started.targetName, started.finishedAt],
      [server.id, snapshot!.id, 'restore-src-test', null],
    );
    const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/api/v310/vm')!;
    assert.deepEqual(post.body, {
      typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec',
      vmId: null,
      snapshotId: snapshot!.id,
      consistency: 'CRASH_CONSISTENT',
      count: 1,
      vmware: {
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec$VMwareCloneInfo',
        cloneVmName: 'restore-src-test',
        vCenterName: source.vcenterName,
        datastoreName: 'default',
      },
    });
    const running = await provider.getRestore('acme', server, started.id);
    assert.equal(running!.status, 'running');
    assert.ok(running!.progress !== null && running!.progress < 100);
    assert.equal(fake.vm('restore-src-test'), undefined, 'not there before the task ends');
    const done = await settle(provider, server, started.id);
    assert.deepEqual([done.status, done.progress, done.targetName, done.snapshotId], ['succeeded', 100, 'restore-src-test', snapshot!.id]);
    assert.ok(done.finishedAt && done.finishedAt >= done.startedAt);
    const created = fake.vm('restore-src-test')!;
    assert.ok(created, 'a new VM');
    assert.notEqual(created.uuid, source.uuid);
    assert.equal(created.clonedFrom, snapshot!.id);
    assert.equal(done.message, created.uuid, 'the message is the new VM’s id');
    assert.equal(JSON.stringify(vmOf('restore-src')), before, 'the source VM and its snapshots are untouched');
  });

  test('a failed clone task is a failed restore with the VMstore’s words', async () => {
    const { provider } = make();
    const server = ref('restore-src');
    const [snapshot] = await provider.listSnapshots('acme', server);
    fake.failNextClone('Clone failed: not enough space on datastore default.');
    const started = await provider.startRestore('acme', server, { snapshotId: snapshot!.id, targetName: 'restore-src-fail' });
    assert.equal(started.status, 'running');
    const done = await settle(provider, server, started.id);
    assert.deepEqual([done.status, done.message], ['failed', 'Clone failed: not enough space on datastore default']);
    assert.ok(done.finishedAt);
    assert.equal(fake.vm('restore-src-fail'), undefined);
  });

  test('a restore is refused without a clone: same name as the server, a name in use, a snapshot of another VM', async () => {
    const { provider } = make();
    const server = ref('restore-src');
    const [mine] = await provider.listSnapshots('acme', server);
    const [theirs] = await provider.listSnapshots('acme', ref('other-tenant'));
    let err = await provider.startRestore('acme', server, { snapshotId: mine!.id, targetName: 'restore-src' }).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [422, 'invalid']);
    assert.match(err.message, /new VM beside "restore-src"/);
    const taken = servers.get('rep-ok')!.vmName;
    err = await provider.startRestore('acme', server, { snapshotId: mine!.id, targetName: taken }).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [409, 'conflict']);
    assert.ok(err.message.includes(`A VM named "${taken}" already exists`));
    err = await provider.startRestore('acme', server, { snapshotId: theirs!.id, targetName: 'sneaky' }).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [404, 'not_found']);
    assert.match(err.message, /has no snapshot ".*" of "restore-src"/);
    assert.equal(fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v310/vm').length, 0, 'nothing was cloned');
  });

  test('getRestore: unknown task → undefined; a restore of another server → undefined; manual completion', async () => {
    const { provider } = make();
    assert.equal(
      await provider.getRestore('acme', ref('restore-src'), 'B7C1E0A2-4D3F-9E8A-0C1B-2A3D4E5F6071-TSK-00000000DEADBEEF'),
      undefined,
    );
    fake.setCloneMs(Infinity);
    try {
      const [snapshot] = await provider.listSnapshots('acme', ref('restore-src'));
      const started = await provider.startRestore('acme', ref('restore-src'), {
        snapshotId: snapshot!.id,
        targetName: 'restore-src-manual',
      });
      assert.equal(await provider.getRestore('acme', ref('web-02'), started.id), undefined);
      assert.equal((await provider.getRestore('acme', ref('restore-src'), started.id))!.status, 'running');
      fake.completeTasks();
      assert.equal((await provider.getRestore('acme', ref('restore-src'), started.id))!.status, 'succeeded');
    } finally {
      fake.setCloneMs(400);
    }
  });
});
