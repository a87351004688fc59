// The Tintri plugin against its fake, one describe per behaviour a provider relies on (over 400
// lines: each tenant-safety case sets up two tenants' VMs of its own).
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTintriFake, type FakeVm, type TintriFake } from './fake.js';
import { demoServerId } from '../openstack/fake.js';
import plugin, { TintriClient, TintriProtectionProvider, toReplication } from './index.js';
import { mapError } from './client.js';
import {
  ProviderError,
  PluginConfigError,
  loadPlugin,
  resolvePluginConfig,
  ProtectionProviderToken,
  type ProtectedServerRef,
  type RestoreRun,
} from '@glasspane/host';

/** The portal's servers by their portal name, and the VMstore VM each one is. */
const servers = new Map<string, { ref: ProtectedServerRef; vmName: string }>();
const ref = (name: string): ProtectedServerRef => servers.get(name)?.ref ?? { id: `openstack:${randomUUID()}`, name };
const code = (err: unknown) => (err as ProviderError).errors[0]!.code;
const status = (err: unknown) => (err as ProviderError).status;
const minutesAgo = (iso: string) => (Date.now() - Date.parse(iso)) / 60_000;

describe('Tintri VMstore plugin against its fake', () => {
  let fake: TintriFake;
  const make = (extra: Partial<ConstructorParameters<typeof TintriClient>[0]> = {}) => {
    const client = new TintriClient({ ...fake.config, timeoutMs: 2_000, ...extra });
    return { client, provider: new TintriProtectionProvider(client) };
  };
  /** Polls a restore until it leaves `running` (or gives up after 3 s). */
  const settle = async (provider: TintriProtectionProvider, server: ProtectedServerRef, id: string): Promise<RestoreRun> => {
    for (let k = 0; k < 60; k++) {
      const run = await provider.getRestore('acme', server, id);
      assert.ok(run, 'the restore stays known while it runs');
      if (run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('restore did not settle');
  };

  /** A Cloud Director VM: vCenter (and so the VMstore) calls it `name (uuid)`. */
  const vcd = (name: string, seed: Parameters<TintriFake['addVm']>[1] = {}): FakeVm => {
    const id = randomUUID();
    const vm = fake.addVm(`${name} (${id})`, seed);
    servers.set(name, { ref: { id: `vcloud:urn:vcloud:vm:${id}`, name }, vmName: vm.name });
    return vm;
  };
  /** A Nova server under the VMware driver: the VM is named by, and carries, the instance UUID. */
  const nova = (name: string, seed: Parameters<TintriFake['addVm']>[1] = {}, id: string = randomUUID()): FakeVm => {
    const vm = fake.addVm(id, { ...seed, instanceUuid: id });
    servers.set(name, { ref: { id: `openstack:${id}`, name }, vmName: vm.name });
    return vm;
  };
  const vmOf = (name: string) => fake.vm(servers.get(name)!.vmName)!;

  before(async () => {
    fake = await createTintriFake({ cloneMs: 400, seed: 'demo' });
    for (const name of ['web-01', 'web-02', 'db-01']) servers.set(name, { ref: { id: `openstack:${demoServerId(name)}`, name }, vmName: demoServerId(name) });
    vcd('rep-off');
    vcd('rep-ok', { replication: { state: 'ok', target: 'dr-ams', lastReplicaAt: Date.now() - 15 * 60_000 } });
    vcd('rep-lag', { replication: { state: 'lagging', target: 'dr-ams', lastReplicaAt: Date.now() - 20 * 3600_000 } });
    vcd('rep-broken', { replication: { state: 'broken', target: 'dr-ams', message: 'Replication to dr-ams failed: the destination refused the connection.' } });
    vcd('rep-paused', { replication: 'paused' });
    nova('snap-me', { snapshots: { count: 3, newestAgoMinutes: 120 } });
    vcd('busy-01', { snapshots: { count: 1 } });
    vcd('restore-src', { snapshots: { count: 5, everyMinutes: 60, newestAgoMinutes: 30 } });
    nova('other-tenant', { snapshots: { count: 2 } });
    // A re-registered VM: three deleted records with the same instance UUID are listed before the live one.
    const web03 = randomUUID();
    for (let k = 0; k < 3; k++) fake.addVm(web03, { deleted: true, instanceUuid: web03 });
    nova('web-03', { snapshots: { count: 2 } }, web03);
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('checks /api/info, logs in once with RestApiCredentials and sends the JSESSIONID cookie', async () => {
    const { client, provider } = make();
    const snaps = await provider.listSnapshots('acme', ref('web-02'));
    assert.ok(snaps.length > 0);
    await provider.listSnapshots('acme', ref('web-01'));
    assert.equal(fake.requests[0]!.path, '/api/info', 'the version is checked first, without a session');
    assert.equal(fake.requests[0]!.session, null);
    const login = fake.requests.find((r) => r.path === '/api/v310/session/login')!;
    assert.deepEqual(login.body, { username: fake.username, password: fake.password, typeId: 'com.tintri.api.rest.vcommon.dto.rbac.RestApiCredentials' });
    assert.equal(login.status, 200);
    const calls = fake.requests.filter((r) => r.path.startsWith('/api/v310/') && r.path !== '/api/v310/session/login');
    assert.ok(calls.length >= 3);
    const cookie = calls[0]!.session;
    assert.ok(cookie && fake.state.sessions.has(cookie), 'calls carry the session the login set');
    assert.ok(calls.every((r) => r.session === cookie && r.status === 200));
    assert.equal(client.loginCount, 1);
    assert.equal(fake.requests.filter((r) => r.path === '/api/info').length, 1, 'the version answer is remembered');
  });

  test('dispose logs out the sessions of registered providers', async () => {
    const child = await loadPlugin(plugin, { ...fake.config, timeoutMs: 2_000, pageSize: 100, vmMap: {} });
    const provider = child.resolve(ProtectionProviderToken);
    assert.equal(provider.source, 'tintri');
    await provider.listSnapshots('acme', ref('web-02'));
    const cookie = fake.requests.find((r) => r.path === '/api/v310/snapshot')!.session!;
    assert.ok(fake.state.sessions.has(cookie));
    const before = fake.logouts;
    await plugin.dispose!();
    assert.equal(fake.logouts - before, 1);
    const logout = fake.requests.find((r) => r.path === '/api/v310/session/logout')!;
    assert.deepEqual([logout.method, logout.session, logout.status], ['GET', cookie, 204]);
    assert.equal(fake.state.sessions.has(cookie), false, 'the VMstore forgot the session');
    await plugin.dispose!();
    assert.equal(fake.logouts - before, 1, 'nothing left to log out');
  });

  test('an expired session (401 ERR-API-0104): one new login shared by concurrent calls', async () => {
    const { client, provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.expireSessions();
    const logins = fake.logins;
    const lists = await Promise.all(['web-01', 'web-02', 'db-01', 'web-02', 'web-01'].map((n) => provider.listSnapshots('acme', ref(n))));
    assert.ok(lists.every((l) => l.length > 0));
    assert.equal(fake.logins - logins, 1, 'one login for all five callers');
    assert.equal(client.loginCount, 2);
    assert.ok(fake.requests.some((r) => r.status === 401), 'the calls did meet the expired session');
  });

  test('a session refused again right after a new login is a clear error, not a loop', async () => {
    const { client, provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.setSessionsBroken(true);
    const err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /ended the session again right after a new login/);
    assert.equal(client.loginCount, 2, 'exactly one new login');
  });

  test('a wrong password is a readable error naming the settings', async () => {
    const err = await make({ password: 'wrong' }).provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.ok(err instanceof ProviderError);
    assert.equal(code(err), 'provider_auth_failed');
    assert.equal(err.pluginId, 'tintri');
    assert.match(err.message, /refused the login for "glasspane" \(Authentication failed: invalid user name or password\); check TINTRI_USERNAME and TINTRI_PASSWORD\./);
  });

  test('VMs are found by instance UUID, paging past deleted records, and remembered', async () => {
    const { provider } = make({ pageSize: 2 });
    const snaps = await provider.listSnapshots('acme', ref('web-03'));
    assert.equal(snaps.length, 2, 'the live VM, not a deleted one');
    const lookups = fake.requests.filter((r) => r.path === '/api/v310/vm');
    assert.equal(lookups.length, 2, 'two pages of two');
    const live = vmOf('web-03');
    assert.ok(fake.requests.filter((r) => r.path === '/api/v310/snapshot').every((r) => r.query.vmUuid === live.uuid));
    await provider.takeSnapshot('acme', ref('web-03'), { name: 'again', retentionMinutes: 60 });
    assert.equal(fake.requests.filter((r) => r.path === '/api/v310/vm').length, 2, 'server → Tintri UUID is remembered (and read back with GET /vm/{uuid})');
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
    const mapped = new TintriProtectionProvider(new TintriClient({ ...fake.config, timeoutMs: 2_000 }), { vmMap: { [server.id]: kvm.uuid } });
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
    assert.deepEqual((await provider.listSnapshots('globex', globex)).map((s) => s.id).sort(), globexVm.snapshots.map((s) => s.uuid).sort());
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
      assert.match(err.message, /^Tintri VMstore holds no VM for server "ghost-01" \(openstack:[0-9a-f-]+\); if its hypervisor names it otherwise, map it in TINTRI_VM_MAP\.$/);
    }
  });

  test('snapshots: newest first, scheduled history mapped with times, expiry and consistency', async () => {
    const { provider } = make({ pageSize: 20 });
    const web01 = await provider.listSnapshots('acme', ref('web-01'));
    assert.equal(web01.length, 48, 'all pages');
    assert.equal(fake.requests.filter((r) => r.path === '/api/v310/snapshot').length, 3, '48 at 20 a page');
    assert.ok(fake.requests.filter((r) => r.path === '/api/v310/snapshot').every((r) => r.query.sortedBy === 'createTime' && r.query.sortOrder === 'DESC'));
    const newest = web01[0]!;
    assert.ok(Math.abs(minutesAgo(newest.takenAt) - 30 * 60) < 2, 'web-01 is 30 h stale');
    assert.ok(web01.every((s, k) => k === 0 || s.takenAt <= web01[k - 1]!.takenAt), 'newest first');
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
      { typeId: 'com.tintri.api.rest.v310.dto.domain.beans.snapshot.SnapshotSpec', consistency: 'VM_CONSISTENT', retentionMinutes: 240, snapshotName: 'before upgrade', sourceVmTintriUUID: vm.uuid },
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
    assert.deepEqual([ok.state, ok.target, ok.message], ['ok', 'dr-ams', null]);
    assert.ok(Math.abs(minutesAgo(ok.lastReplicaAt!) - 15) < 1);
    const lag = await provider.replication('acme', ref('rep-lag'));
    assert.deepEqual([lag.state, lag.target], ['lagging', 'dr-ams']);
    assert.ok(Math.abs(minutesAgo(lag.lastReplicaAt!) - 20 * 60) < 1);
    assert.match(lag.message!, /recovery point objective of 240 minutes/);
    const broken = await provider.replication('acme', ref('rep-broken'));
    assert.deepEqual([broken.state, broken.target, broken.message], ['broken', 'dr-ams', 'Replication to dr-ams failed: the destination refused the connection']);
    const paused = await provider.replication('acme', ref('rep-paused'));
    assert.deepEqual([paused.state, paused.message], ['lagging', 'Replication is paused on the VMstore.']);
    assert.deepEqual(await provider.replication('acme', ref('rep-ok')), ok);
    assert.ok(fake.requests.some((r) => r.path === `/api/v310/vm/${vmOf('rep-ok').uuid}`), 'a known VM is read again with GET /vm/{uuid}');
    const demo = await provider.replication('acme', ref('web-01'));
    assert.equal(demo.state, 'lagging');
  });

  test('replication mapping: an up-to-date state with no replica past the alert threshold lags; disabled configs are off', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    const old = toReplication({ configurationsOutgoing: [{ replicationState: 'UP_TO_DATE', alertThresholdMinutes: 60, latestReplicatedSnapshotTime: '2026-03-01T09:00:00Z', path: { destinationIp: '10.0.0.9' } }] }, now);
    assert.deepEqual([old.state, old.target, old.lastReplicaAt], ['lagging', '10.0.0.9', '2026-03-01T09:00:00.000Z']);
    assert.match(old.message!, /3 h/);
    assert.equal(toReplication({ configurationsOutgoing: [{ replicationState: 'UP_TO_DATE', isDisabled: true }] }, now).state, 'off');
    assert.equal(toReplication({ isEnabled: true, replicationState: 'UP_TO_DATE', replDestination: 'dr' }, now).target, 'dr', 'pre-v310.61 fields');
  });

  test('test restore: clones the snapshot to a NEW VM, runs, then succeeds; the source is untouched', async () => {
    const { provider } = make();
    const server = ref('restore-src');
    const source = vmOf('restore-src');
    const before = JSON.stringify(source);
    const [, snapshot] = await provider.listSnapshots('acme', server);
    const started = await provider.startRestore('acme', server, { snapshotId: snapshot!.id, targetName: 'restore-src-test' });
    assert.equal(started.status, 'running');
    assert.match(started.id, /-TSK-/);
    assert.deepEqual([started.serverId, started.snapshotId, started.targetName, started.finishedAt], [server.id, snapshot!.id, 'restore-src-test', null]);
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
    assert.equal(await provider.getRestore('acme', ref('restore-src'), 'B7C1E0A2-4D3F-9E8A-0C1B-2A3D4E5F6071-TSK-00000000DEADBEEF'), undefined);
    fake.setCloneMs(Infinity);
    try {
      const [snapshot] = await provider.listSnapshots('acme', ref('restore-src'));
      const started = await provider.startRestore('acme', ref('restore-src'), { snapshotId: snapshot!.id, targetName: 'restore-src-manual' });
      assert.equal(await provider.getRestore('acme', ref('web-02'), started.id), undefined);
      assert.equal((await provider.getRestore('acme', ref('restore-src'), started.id))!.status, 'running');
      fake.completeTasks();
      assert.equal((await provider.getRestore('acme', ref('restore-src'), started.id))!.status, 'succeeded');
    } finally {
      fake.setCloneMs(400);
    }
  });

  test('garbage, outages, slowness and 500s are readable errors', async () => {
    const { provider } = make();
    await provider.listSnapshots('acme', ref('web-02'));
    fake.garbageNext(1);
    let err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [502, 'provider_bad_response']);
    assert.equal(err.message, 'Tintri VMstore answered with something that is not JSON.');
    fake.failNext(1, { status: 500, body: JSON.stringify({ typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError', code: 'ERR-API-9999', message: 'Internal error while reading replication state.', causeDetails: 'java.lang.NullPointerException at com.tintri…' }) });
    err = await provider.replication('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err), err.upstreamStatus], [502, 'provider_error', 500]);
    assert.match(err.message, /^Tintri VMstore failed the replication status of "web-02" \(500\): Internal error while reading replication state\.$/);
    fake.failNext(1, { status: 503, body: 'Service Unavailable' });
    err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unavailable']);
    fake.setMode('down');
    err = await provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unreachable']);
    assert.equal(err.message, 'Tintri VMstore could not be reached.');
    fake.setMode('up');
    err = await make({ timeoutMs: 200 }).provider.listSnapshots('acme', ref('web-02')).then(
      () => undefined,
      (e) => e,
    );
    assert.equal(err, undefined, 'a fresh client works when the VMstore is up');
    fake.setLatency(1_000);
    err = await make({ timeoutMs: 200 }).provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_unreachable']);
    assert.match(err.message, /did not answer within 1 s/);
    fake.setLatency(0);
    fake.setMode('garbage');
    err = await make().provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.equal(code(err), 'provider_bad_response', 'garbage on /api/info too');
    fake.setMode('up');
  });

  test('a VMstore without API v310 is refused with a clear message', async () => {
    fake.failNext(1, { status: 200, body: JSON.stringify({ productName: 'Tintri VMstore', preferredVersion: 'v200.1', supportedVersionSet: ['v200.1'] }) });
    const err = await make().provider.listSnapshots('acme', ref('web-02')).catch((e) => e);
    assert.deepEqual([status(err), code(err)], [503, 'provider_misconfigured']);
    assert.equal(err.message, 'Tintri VMstore offers API v200.1, but this plugin needs v310.');
  });

  test('error mapping: TintriError JSON or text, statuses a person and the portal understand', () => {
    const tintri = (message: string) => JSON.stringify({ typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError', code: 'ERR-API-1', message, causeDetails: '' });
    assert.deepEqual([mapError(404, tintri('Snapshot X not found.'), 'the snapshot').status, mapError(404, '', 'the snapshot').message], [404, 'Tintri VMstore could not find the snapshot.']);
    assert.equal(mapError(400, tintri('VM web-01 is busy.'), 'the snapshot').status, 409);
    assert.equal(mapError(409, 'conflict', 'the restore').status, 409);
    assert.equal(mapError(400, tintri('Bad value.'), 'the snapshot').message, 'Tintri VMstore refused the snapshot: Bad value.');
    assert.equal(mapError(502, '<html>bad gateway</html>').message, 'Tintri VMstore failed the request (502).');
    assert.equal(mapError(429, '').status, 503);
    assert.doesNotMatch(mapError(500, JSON.stringify({ message: 'java.lang.IllegalStateException: boom' })).message, /Exception/);
  });

  test('config from the documented variables', () => {
    assert.throws(() => resolvePluginConfig(plugin, undefined, { TINTRI_URL: 'https://vmstore.example' }), PluginConfigError);
    const config = resolvePluginConfig(plugin, undefined, { TINTRI_URL: 'https://vmstore.example', TINTRI_USERNAME: 'svc', TINTRI_PASSWORD: 'p', TINTRI_TIMEOUT_MS: '5000' });
    assert.deepEqual(config, { url: 'https://vmstore.example', username: 'svc', password: 'p', timeoutMs: 5000, pageSize: 100, vmMap: {} });
    const env = { TINTRI_URL: 'https://vmstore.example', TINTRI_USERNAME: 'svc', TINTRI_PASSWORD: 'p' };
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { ...env, TINTRI_VM_MAP: '{"openstack:5b8d":"B7C1-VIM-1"}' }).vmMap, { 'openstack:5b8d': 'B7C1-VIM-1' });
    assert.throws(() => resolvePluginConfig(plugin, undefined, { ...env, TINTRI_VM_MAP: 'openstack:5b8d=B7C1' }), PluginConfigError);
    assert.equal(resolvePluginConfig(plugin, undefined, { TINTRI_URL: 'https://vmstore.example', TINTRI_USERNAME: 'svc', TINTRI_PASSWORD: 'p' }).timeoutMs, 15_000);
  });
});
