import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startVcloudFake, type VcloudFake } from './fake.js';
import { VcloudClient, VcloudComputeProvider, VcloudMetricsProvider } from './index.js';
import { ProviderError } from '@glasspane/host';

const T = Date.now();

describe('Cloud Director usage of many VMs (currentMany)', () => {
  let fake: VcloudFake;
  const make = (org = 'globex') => {
    const client = new VcloudClient({ url: fake.url, org, username: fake.username, password: fake.password });
    const compute = new VcloudComputeProvider(client);
    return new VcloudMetricsProvider(client, compute, { now: () => new Date(T) });
  };
  const ids = (org: string) => fake.orgs.get(org)!.map((vm) => vm.id);

  before(async () => {
    fake = await startVcloudFake({ now: () => T });
    for (let k = 0; k < 200; k++)
      fake.addVm('globex', {
        name: `vm-${k}`,
        status: k % 10 === 0 ? 'POWERED_OFF' : 'POWERED_ON',
        memoryMB: [2048, 4096, 8192][k % 3]!,
        load: 0.2 + (k % 7) / 10,
      });
    fake.addVm('initech', { name: 'not-yours' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('gives every running VM the values current gives it, one by one', async () => {
    const metrics = make();
    const many = await metrics.currentMany('globex', ids('globex'));
    assert.equal(many.size, 180, 'powered-off VMs have no current metrics');
    for (const id of ids('globex').filter((_, i) => i % 17 === 1 || i === 10))
      assert.deepEqual(many.get(id) ?? {}, await metrics.current('globex', id), `VM ${id}`);
    assert.deepEqual(Object.keys(many.get(ids('globex')[1]!)!).sort(), ['cpu', 'disk', 'memory']);
  });

  test("another org's VM never appears", async () => {
    const theirs = ids('initech')[0]!;
    const many = await make().currentMany('globex', [theirs, ids('globex')[1]!]);
    assert.deepEqual([...many.keys()], [ids('globex')[1]]);
  });

  test('costs one listing and one call per running VM: Cloud Director has no multi-VM current metrics', async () => {
    const metrics = make();
    await metrics.currentMany('globex', ids('globex').slice(0, 1));
    fake.requests.length = 0;
    await metrics.currentMany('globex', ids('globex'));
    const metricCalls = fake.requests.filter((r) => r.endsWith('/metrics/current'));
    assert.equal(metricCalls.length, 180);
    assert.equal(fake.requests.length - metricCalls.length, Math.ceil(200 / 128), 'the rest is the query service, 128 VMs a page');
  });

  test('a VM failing alone is left out; Cloud Director failing as a whole rejects', async () => {
    const client = new VcloudClient({ url: fake.url, org: 'globex', username: fake.username, password: fake.password });
    const compute = new VcloudComputeProvider(client);
    const metrics = new VcloudMetricsProvider(client, compute, { now: () => new Date(T) });
    const some = ids('globex')
      .filter((_, i) => i % 10 !== 0)
      .slice(0, 3);
    const list = compute.listServers.bind(compute);
    let afterListing = () => {};
    compute.listServers = async (...args) => {
      const servers = await list(...args);
      afterListing();
      return servers;
    };
    // Deleted between the listing and its metrics call: Cloud Director answers 403 for it.
    const vms = fake.orgs.get('globex')!;
    afterListing = () =>
      void vms.splice(
        vms.findIndex((vm) => vm.id === some[1]),
        1,
      );
    const partial = await metrics.currentMany('globex', some);
    assert.deepEqual([...partial.keys()].sort(), [some[0], some[2]].sort());
    // Every metrics call failing is Cloud Director failing.
    afterListing = () => fake.failNext(some.length, { status: 503, body: '' });
    const err = await metrics.currentMany('globex', [some[0]!, some[2]!]).catch((e) => e);
    assert.ok(err instanceof ProviderError, String(err));
  });
});
