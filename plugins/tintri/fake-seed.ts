import { demoServerId } from '../openstack/fake.js';
import { FS, stableHex } from './fake-types.js';
import type { TintriFake } from './fake.js';

/**
 * acme's servers for the demo, as Nova's VMware driver puts them in vCenter: named by the
 * OpenStack demo servers' instance UUIDs, which are also their vSphere instance UUIDs. web-01's
 * hourly snapshots stopped 30 h ago and its replication lags; web-02 is fresh (hourly, plus a
 * manual one) and replicated; db-01 has VM-consistent snapshots but its replication link is
 * broken. VM UUIDs are stable across restarts.
 */
export function seedTintriDemo(fake: Pick<TintriFake, 'addVm'>): void {
  const uuid = (name: string) => `${FS}-VIM-${stableHex(`demo:${name}`)}`;
  const nova = (name: string) => ({ uuid: uuid(name), instanceUuid: demoServerId(name) });
  fake.addVm(demoServerId('web-01'), {
    ...nova('web-01'),
    snapshots: { count: 48, everyMinutes: 60, newestAgoMinutes: 30 * 60 },
    replication: { state: 'lagging', target: 'dr-vmstore-fra2', lastReplicaAt: Date.now() - 30 * 3600_000 },
  });
  const web02 = fake.addVm(demoServerId('web-02'), {
    ...nova('web-02'),
    snapshots: { count: 48, everyMinutes: 60, newestAgoMinutes: 20 },
    replication: { state: 'ok', target: 'dr-vmstore-fra2', lastReplicaAt: Date.now() - 25 * 60_000 },
  });
  web02.snapshots.push({
    ...web02.snapshots[0]!,
    uuid: `${FS}-SST-${stableHex(`demo:web-02:manual:${Date.now()}`)}`,
    description: 'before kernel upgrade',
    createTime: Date.now() - 3 * 86400_000,
    expirationTime: -1,
    type: 'USER_GENERATED_SNAPSHOT',
  });
  fake.addVm(demoServerId('db-01'), {
    ...nova('db-01'),
    snapshots: { count: 24, everyMinutes: 60, newestAgoMinutes: 40, consistency: 'VM_CONSISTENT' },
    replication: {
      state: 'broken',
      target: 'dr-vmstore-fra2',
      lastReplicaAt: Date.now() - 3 * 86400_000,
      message: 'Replication to dr-vmstore-fra2 failed: the destination refused the connection.',
    },
  });
}
