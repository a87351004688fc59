// The Tintri plugin against its fake: a server's VM by hypervisor identity, and tenants kept apart.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TintriFake } from './fake.js';
import { TintriClient, TintriProtectionProvider } from './index.js';
import { ProviderError } from '@glasspane/host';
import { useTintriFake, ref, code, status } from './tintri-fixture.js';

describe("Tintri: a server's VM by hypervisor identity, and tenants kept apart", () => {
  let fake: TintriFake;
  const { make, settle, nova, vmOf } = useTintriFake((f) => (fake = f));

  test('VMs are found by instance UUID, paging past deleted records, and remembered', async () => {
    const { provider } = make({ pageSize: 2 });
    const snaps = await provider.listSnapshots('acme', ref('web-03'));
    assert.equal(snaps.length, 2, 'the live VM, not a deleted one');
    const lookups = fake.requests.filter((r) => r.path === '/api/v310/vm');
    assert.equal(lookups.length, 2, 'two pages of two');
    const live = vmOf('web-03');
    assert.ok(fake.requests.filter((r) => r.path === '/api/v310/snapshot').every((r) => r.query.vmUuid === live.uuid));
    await provider.takeSnapshot('acme', ref('web-03'), { name: 'again', retentionMinutes: 60 });
    assert.equal(
      fake.requests.filter((r) => r.path === '/api/v310/vm').length,
      2,
      'server → Tintri UUID is remembered (and read back with GET /vm/{uuid})',
    );
    assert.equal(live.snapshots.at(-1)!.description, 'again');
  });

  test('a server maps to its VM by identity, never by the portal name; the operator map covers the rest', async () => {
    const { provider } = make();
    // A VM that happens to carry the portal's name is not the server.
    fake.addVm('app-01', { snapshots: { count: 9 } });
    const mine = nova('app-01', { snapshots: { count: 3 } });
    const snaps = await provider.listSnapshots('acme', ref('app-01'));
    assert.deepEqual(snaps.map((s) => s.id).sort(), mine.snapshots.map((s) => s.uuid).sort());
    // libvirt names VMs instance-XXXXXXXX: nothing in the id says which, so only the map finds it.
    const kvm = fake.addVm('instance-0000002a', { snapshots: { count: 4 } });
    const server = { id: `openstack:${randomUUID()}`, name: 'kvm-01' };
    assert.deepEqual(await provider.listSnapshots('acme', server), []);
    const mapped = new TintriProtectionProvider(new TintriClient({ ...fake.config, timeoutMs: 2_000 }), {
      vmMap: { [server.id]: kvm.uuid },
    });
    assert.equal((await mapped.listSnapshots('acme', server)).length, 4);
    await mapped.takeSnapshot('acme', server, { name: 'mapped', retentionMinutes: 60 });
    assert.equal(kvm.snapshots.at(-1)!.description, 'mapped', 'the snapshot landed on the mapped VM');
    // A server of another provider with no mapping is not looked up at all.
    fake.reset();
    assert.deepEqual(await provider.listSnapshots('acme', { id: 'memcloud:x', name: 'web-02' }), []);
    assert.equal(fake.requests.filter((r) => r.path.startsWith('/api/v310/vm')).length, 0);
  });

  test('two tenants with a web-01 each see, snapshot and clone only their own VM', async () => {
    const { provider } = make();
    const acmeId = randomUUID();
    const globexId = randomUUID();
    const acmeVm = fake.addVm(`web-01 (${acmeId})`, { snapshots: { count: 2 } });
    const globexVm = fake.addVm(`web-01 (${globexId})`, { snapshots: { count: 5 } });
    const acme = { id: `vcloud:urn:vcloud:vm:${acmeId}`, name: 'web-01' };
    const globex = { id: `vcloud:urn:vcloud:vm:${globexId}`, name: 'web-01' };
    const seen = await provider.listSnapshots('acme', acme);
    assert.deepEqual(seen.map((s) => s.id).sort(), acmeVm.snapshots.map((s) => s.uuid).sort());
    assert.deepEqual(
      (await provider.listSnapshots('globex', globex)).map((s) => s.id).sort(),
      globexVm.snapshots.map((s) => s.uuid).sort(),
    );
    await provider.takeSnapshot('globex', globex, { name: 'globex only', retentionMinutes: 60 });
    assert.deepEqual([acmeVm.snapshots.length, globexVm.snapshots.length], [2, 6], "the snapshot landed on globex's VM");
    const tasks = fake.tasks.size;
    const err = await provider.startRestore('globex', globex, { snapshotId: seen[0]!.id, targetName: 'globex-restore' }).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [404, 'not_found']);
    assert.equal(fake.tasks.size, tasks, "acme's disk was not cloned for globex");
    const run = await provider.startRestore('acme', acme, { snapshotId: seen[0]!.id, targetName: 'acme-web-01-test' });
    assert.equal(await provider.getRestore('globex', globex, run.id), undefined);
    assert.equal(await provider.getRestore('globex', acme, run.id), undefined, 'the same server id under another tenant');
    const restarted = make().provider;
    assert.equal(await restarted.getRestore('globex', globex, run.id), undefined, 'after a restart: not a clone of a globex snapshot');
    assert.ok(await restarted.getRestore('acme', acme, run.id));
    await settle(provider, acme, run.id);
  });

  test('an unknown VM: no snapshots to list, and a readable 404 for anything else', async () => {
    const { provider } = make();
    assert.deepEqual(await provider.listSnapshots('acme', ref('ghost-01')), []);
    for (const call of [
      () => provider.takeSnapshot('acme', ref('ghost-01'), { name: 'x', retentionMinutes: 240 }),
      () => provider.replication('acme', ref('ghost-01')),
      () => provider.startRestore('acme', ref('ghost-01'), { snapshotId: 'x', targetName: 'ghost-restore' }),
    ]) {
      const err = await call().catch((e) => e);
      assert.ok(err instanceof ProviderError);
      assert.deepEqual([status(err), code(err)], [404, 'not_found']);
      assert.match(
        err.message,
        /^Tintri VMstore holds no VM for server "ghost-01" \(openstack:[0-9a-f-]+\); if its hypervisor names it otherwise, map it in TINTRI_VM_MAP\.$/,
      );
    }
  });
});
