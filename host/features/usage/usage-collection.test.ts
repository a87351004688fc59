import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, testNow, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { ProviderError } from '../../errors.js';
import type { MetricSample, Metric } from '../../ports/metrics-provider.js';
import openstackPlugin from '../../../plugins/openstack/index.js';
import { startOpenStackFake, type OpenStackFake } from '../../../plugins/openstack/fake.js';

const tenant = (host: TestHost, id: string, computeAccounts: { source: string; scope: string }[]) =>
  host.request('PUT', `/api/v1/tenants/${id}`, {
    token: ADMIN_KEY,
    body: { data: { type: 'tenants', attributes: { name: id, computeAccounts } } },
  });
const samples = (host: TestHost) =>
  host.services.db.selectFrom('usage_samples').select(['tenant_id', 'server_id', 'metric', 'sum as value']).where('tier', '=', 0).execute();

describe('usage collection with a batched provider (currentMany)', () => {
  let host: TestHost;
  let cloud: MemoryCompute;
  let batches: { scope: string; ids: string[] }[];
  let singles: number;

  beforeEach(async () => {
    cloud = new MemoryCompute();
    cloud.addServer('p', { id: 's1' });
    cloud.addServer('p', { id: 's2' });
    cloud.addServer('p', { id: 's3', status: 'stopped', providerStatus: 'SHUTOFF' });
    cloud.addServer('q', { id: 't1' });
    batches = [];
    singles = 0;
    const single = cloud.current.bind(cloud);
    cloud.current = async (scope, id) => (singles++, single(scope, id));
    Object.assign(cloud, {
      async currentMany(scope: string, ids: readonly string[]) {
        batches.push({ scope, ids: [...ids] });
        const at = testNow().toISOString(); // the provider's clock agrees with the host's, as in production
        return new Map<string, Partial<Record<Metric, MetricSample>>>(
          ids.map((id, i) => [id, { cpu: { at, value: 10 + i }, memory: { at, value: 1024 } }]),
        );
      },
    });
    host = await createTestHost({ plugins: [cloud.plugin()], collectMs: 0 });
    await tenant(host, 'acme', [{ source: 'memcloud', scope: 'p' }]);
    await tenant(host, 'globex', [{ source: 'memcloud', scope: 'q' }]);
  });
  afterEach(() => host.close());

  test('asks once per compute account for its running servers, never server by server', async () => {
    await host.services.usage.collect();
    assert.deepEqual(
      batches.sort((a, b) => a.scope.localeCompare(b.scope)),
      [
        { scope: 'p', ids: ['s1', 's2'] },
        { scope: 'q', ids: ['t1'] },
      ],
    );
    assert.equal(singles, 0);
    const rows = await samples(host);
    assert.deepEqual(rows.map((r) => `${r.tenant_id} ${r.server_id} ${r.metric} ${r.value}`).sort(), [
      'acme memcloud:s1 cpu 10',
      'acme memcloud:s1 memory 1024',
      'acme memcloud:s2 cpu 11',
      'acme memcloud:s2 memory 1024',
      'globex memcloud:t1 cpu 10',
      'globex memcloud:t1 memory 1024',
    ]);
  });

  test("a failing batch costs that account's round only", async () => {
    // listServers must still work for acme: fail only the batch.
    const failing = new ProviderError('memcloud', 'Gnocchi is down');
    Object.assign(cloud, { currentMany: wrapFailing(cloud, failing) });
    await host.services.usage.collect();
    const rows = await samples(host);
    assert.deepEqual([...new Set(rows.map((r) => r.tenant_id))], ['globex']);
  });
});

/** The currentMany installed above, failing for scope `p`. */
function wrapFailing(cloud: MemoryCompute, failure: ProviderError) {
  const ok = (
    cloud as unknown as { currentMany: (scope: string, ids: readonly string[]) => Promise<Map<string, unknown>> }
  ).currentMany.bind(cloud);
  return async (scope: string, ids: readonly string[]) => {
    if (scope === 'p') throw failure;
    return ok(scope, ids);
  };
}

describe('usage collection against OpenStack (its fake)', () => {
  let fake: OpenStackFake;
  let host: TestHost;
  const SERVERS = 150;

  before(async () => {
    // Gnocchi's measures run up to the host's (injected) clock, as a real Gnocchi's run up to the real one.
    fake = await startOpenStackFake({ transitionMs: 10, now: () => testNow().getTime() });
    for (let k = 0; k < SERVERS; k++) fake.addServer(fake.projectId, { name: `node-${k}` });
    for (let k = 0; k < 3; k++) fake.addServer(fake.otherProjectId, { name: `other-${k}` });
    host = await createTestHost({
      plugins: [
        {
          plugin: openstackPlugin,
          config: { authUrl: fake.authUrl, username: fake.username, password: fake.password, projectId: fake.projectId },
        },
      ],
      collectMs: 0,
    });
    await tenant(host, 'acme', [{ source: 'openstack', scope: fake.projectId }]);
    await tenant(host, 'globex', [{ source: 'openstack', scope: fake.otherProjectId }]);
    // A host that has run before: history is in the store, so rounds only read current values.
    const at = Math.floor(testNow().getTime() / 1000) - 3600;
    for (const [t, project] of [
      ['acme', fake.projectId],
      ['globex', fake.otherProjectId],
    ] as const) {
      await host.services.usage.store.record(
        fake.projects.get(project)!.map((s) => ({ tenant: t, serverId: `openstack:${s.id}`, metric: 'cpu' as const, at, value: 1 })),
      );
    }
  });
  after(async () => {
    await host.close();
    await fake.close();
  });

  test('a round costs a few calls per project, not per server, and records every server for its own tenant', async () => {
    await host.services.usage.collect();
    fake.requests.length = 0;
    await host.services.usage.collect();
    const gnocchi = fake.requests.filter((r) => r.includes('/metric/'));
    assert.deepEqual(gnocchi, ['POST /metric/v1/aggregates', 'POST /metric/v1/aggregates'], 'one aggregates query per compute account');
    // Per project: the round's listing and the plugin's (2 pages of 100 for 150 servers), the aggregates query.
    assert.ok(fake.requests.length <= 2 * (2 * 2 + 1) + 2, `calls: ${fake.requests.length}\n${fake.requests.join('\n')}`);
    assert.ok(fake.requests.length / (SERVERS + 3) <= 0.2);
    const rows = await samples(host);
    const acme = new Set(rows.filter((r) => r.tenant_id === 'acme' && r.metric === 'memory').map((r) => r.server_id));
    const globex = new Set(rows.filter((r) => r.tenant_id === 'globex' && r.metric === 'memory').map((r) => r.server_id));
    assert.equal(acme.size, SERVERS);
    assert.equal(globex.size, 3);
    const theirs = new Set(fake.projects.get(fake.otherProjectId)!.map((s) => `openstack:${s.id}`));
    assert.ok(
      [...acme].every((id) => !theirs.has(id)),
      'no server of the other project under acme',
    );
  });

  test("a failing Gnocchi means no current usage for that project's round, and no crash", async () => {
    await host.services.db.deleteFrom('usage_samples').where('tier', '=', 0).execute();
    fake.failGnocchi(1, { status: 500, body: { code: 500, title: 'Internal Server Error', description: 'oops' } });
    await host.services.usage.collect();
    const tenants = (await samples(host)).map((r) => r.tenant_id);
    assert.deepEqual([...new Set(tenants)], ['globex'], "acme's aggregates query failed (it is asked first); globex's round went on");
    assert.equal(tenants.length, 3 * 3);
    fake.reset();
    await host.services.usage.collect();
    assert.ok(
      (await samples(host)).some((r) => r.tenant_id === 'acme'),
      'the next round records acme again',
    );
  });
});
