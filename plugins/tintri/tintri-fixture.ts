// What the Tintri test files share: one fake VMstore per file, seeded with the same servers,
// and the helpers that make a provider, name a server, and wait for a restore to settle.
import { before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTintriFake, type FakeVm, type TintriFake } from './fake.js';
import { demoServerId } from '../openstack/fake.js';
import { TintriClient, TintriProtectionProvider } from './index.js';
import type { ProtectedServerRef, ProviderError, RestoreRun } from '@glasspane/host';

/** The portal's servers by their portal name, and the VMstore VM each one is. */
export const servers = new Map<string, { ref: ProtectedServerRef; vmName: string }>();
export const ref = (name: string): ProtectedServerRef => servers.get(name)?.ref ?? { id: `openstack:${randomUUID()}`, name };
export const code = (err: unknown) => (err as ProviderError).errors[0]!.code;
export const status = (err: unknown) => (err as ProviderError).status;
export const minutesAgo = (iso: string) => (Date.now() - Date.parse(iso)) / 60_000;

/**
 * Starts the fake before the calling `describe`'s tests (and closes it after), resets its
 * failure modes before each, and hands it to `onFake`. Returns the helpers bound to it.
 */
export function useTintriFake(onFake: (fake: TintriFake) => void) {
  let fake: TintriFake;
  const make = (extra: Partial<ConstructorParameters<typeof TintriClient>[0]> = {}) => {
    const client = new TintriClient({ ...fake.config, timeoutMs: 2_000, ...extra });
    // The operator names one destination; the fake's others stay unnamed.
    return { client, provider: new TintriProtectionProvider(client, { siteNames: { 'dr-ams': 'Amsterdam' } }) };
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
    onFake(fake);
    for (const name of ['web-01', 'web-02', 'db-01'])
      servers.set(name, { ref: { id: `openstack:${demoServerId(name)}`, name }, vmName: demoServerId(name) });
    vcd('rep-off');
    vcd('rep-ok', { replication: { state: 'ok', target: 'dr-ams', lastReplicaAt: Date.now() - 15 * 60_000 } });
    vcd('rep-lag', { replication: { state: 'lagging', target: 'dr-ams', lastReplicaAt: Date.now() - 20 * 3600_000 } });
    vcd('rep-broken', {
      replication: { state: 'broken', target: 'dr-ams', message: 'Replication to dr-ams failed: the destination refused the connection.' },
    });
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

  return { make, settle, vcd, nova, vmOf };
}
