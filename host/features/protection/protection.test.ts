import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import { ADMIN_KEY, collect, createTestHost, waitFor, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { z } from 'zod';
import { definePlugin, ProviderError, ProtectionProviderToken, type ProtectionProvider } from '../../index.js';
import { measureRecoveryPoint, type ProtectionTier } from './recovery-point.js';
import type { ProtectionSnapshot, ReplicationStatus, RestoreRun } from '../../ports/protection-provider.js';
import { errorMessage } from '../../error-messages.js';

const json = async (res: Response) => (await res.json()) as any;

const HOURLY: ProtectionTier = {
  id: 'dr-hourly',
  name: 'Hourly',
  description: '',
  currency: 'EUR',
  monthlyAmount: 2500,
  rpoMinutes: 60,
  snapshotEveryMinutes: 60,
  retentionDays: 3,
  replication: true,
  testRestoreDays: null,
  rank: 2,
};
const DAILY: ProtectionTier = {
  ...HOURLY,
  id: 'dr-daily',
  name: 'Daily',
  rpoMinutes: 1440,
  snapshotEveryMinutes: 1440,
  retentionDays: 7,
  replication: false,
  rank: 1,
};
const NOW = new Date('2026-11-24T12:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const snap = (minutesAgo: number, extra: Partial<ProtectionSnapshot> = {}): ProtectionSnapshot => ({
  id: `s${minutesAgo}`,
  name: 'x',
  takenAt: ago(minutesAgo),
  expiresAt: null,
  consistency: 'crash',
  origin: 'scheduled',
  good: true,
  ...extra,
});
const replicated = (minutesAgo: number, state: ReplicationStatus['state'] = 'ok'): ReplicationStatus => ({
  state,
  target: 'fra2',
  lastReplicaAt: ago(minutesAgo),
  message: null,
});

describe('recovery point measurement', () => {
  const measure = (
    tier: ProtectionTier | null,
    snapshots: ProtectionSnapshot[],
    replication: ReplicationStatus | null = null,
    lastTestRestoreAt: string | null = null,
  ) => measureRecoveryPoint({ tier, snapshots, replication, lastTestRestoreAt, now: NOW });

  it('is within when the newest good snapshot and replica are younger than the objective', () => {
    const r = measure(HOURLY, [snap(200), snap(35)], replicated(50));
    assert.equal(r.status, 'within');
    assert.deepEqual(r.reasons, []);
    assert.equal(r.snapshotAgeMinutes, 35);
    assert.equal(r.replicaAgeMinutes, 50);
  });

  it('is outside when the last good snapshot is late, and says why', () => {
    const r = measure(DAILY, [snap(30 * 60)]);
    assert.equal(r.status, 'outside');
    assert.deepEqual(r.reasons, ['snapshot_late']);
    assert.equal(r.snapshotAgeMinutes, 1800);
  });

  it('counts neither failed, pending nor future snapshots', () => {
    const r = measure(DAILY, [snap(10, { good: false }), snap(5, { pending: true }), snap(-60), snap(2000)]);
    assert.equal(r.status, 'outside');
    assert.equal(r.lastGoodSnapshotAt, ago(2000));
  });

  it('is never when a tier is booked but no good snapshot exists, and unprotected without a tier', () => {
    assert.equal(measure(DAILY, []).status, 'never');
    assert.deepEqual(measure(DAILY, [snap(1, { good: false })]).reasons, ['no_snapshot']);
    const none = measure(null, [snap(1)]);
    assert.equal(none.status, 'unprotected');
    assert.equal(none.snapshotAgeMinutes, 1, 'what exists is still reported');
  });

  it('holds a replicating tier to its replicas too', () => {
    assert.deepEqual(measure(HOURLY, [snap(10)], replicated(90)).reasons, ['replica_late']);
    assert.deepEqual(measure(HOURLY, [snap(10)], { state: 'off', target: null, lastReplicaAt: null, message: null }).reasons, [
      'replication_off',
      'no_replica',
    ]);
    assert.deepEqual(measure(HOURLY, [snap(10)], replicated(20, 'broken')).reasons, ['replication_broken']);
    assert.equal(
      measure(HOURLY, [snap(10)], replicated(20, 'lagging')).status,
      'within',
      'lagging but inside the objective is still within',
    );
    assert.equal(measure(DAILY, [snap(10)], null).status, 'within', 'a tier without replication ignores it');
  });

  it('says when a tier with test restores is due one', () => {
    const monthly = { ...HOURLY, testRestoreDays: 30 };
    assert.equal(measure(monthly, [snap(1)], replicated(1), null).testRestoreDue, true);
    assert.equal(measure(monthly, [snap(1)], replicated(1), ago(10 * 1440)).testRestoreDue, false);
    assert.equal(measure(monthly, [snap(1)], replicated(1), ago(31 * 1440)).testRestoreDue, true);
    assert.equal(measure(HOURLY, [snap(1)], replicated(1), null).testRestoreDue, false);
  });
});

describe('protection through the API (local provider)', () => {
  let host: TestHost;
  let tech: string;
  let customer: string;
  let buyer: string;
  let globex: string;
  const clock = NOW.getTime();

  const report = (id: string, attributes: Record<string, unknown>) =>
    host.request('PUT', `/api/v1/tenants/acme/snapshots/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'protection-snapshots', attributes } },
    });
  const servers = async (token = customer) => {
    const res = await host.request('GET', '/api/v1/protection/servers', { token });
    assert.equal(res.status, 200);
    return (await json(res)).data as any[];
  };
  const byName = async (name: string) => (await servers()).find((s) => s.attributes.serverName === name)!;

  before(async () => {
    const cloud = new MemoryCompute();
    cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
    cloud.addServer('proj-acme', { id: 'a2', name: 'db-01' });
    cloud.addServer('proj-globex', { id: 'g1', name: 'app-01' });
    host = await createTestHost({
      plugins: [localPlugin, cloud.plugin()],
      now: () => new Date(clock),
      protection: { watchIntervalMs: 10 },
    });
    for (const [tenant, scope] of [
      ['acme', 'proj-acme'],
      ['globex', 'proj-globex'],
    ]) {
      const res = await host.request('PUT', `/api/v1/tenants/${tenant}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: tenant, computeAccounts: [{ source: 'memcloud', scope }] } } },
      });
      assert.equal(res.status, 201);
    }
    const items: [string, Record<string, unknown>][] = [
      ['vps-s', { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 2000, rank: 1 }],
      [
        'dr-daily',
        {
          product: '*',
          kind: 'addon',
          name: 'Daily snapshots',
          description: 'Every night',
          translations: { de: { name: 'Tägliche Snapshots', description: 'Jede Nacht' } },
          currency: 'EUR',
          monthlyAmount: 900,
          rank: 1,
        },
      ],
      ['dr-hourly', { product: '*', kind: 'addon', name: 'Hourly with replication', currency: 'EUR', monthlyAmount: 2500, rank: 2 }],
    ];
    for (const [id, attributes] of items)
      assert.equal(
        (await host.request('PUT', `/api/v1/catalog/${id}`, { token: ADMIN_KEY, body: { data: { type: 'catalog-items', attributes } } }))
          .status,
        200,
      );
    const tier = (id: string, attributes: Record<string, unknown>) =>
      host.request('PUT', `/api/v1/protection/tiers/${id}`, { token: ADMIN_KEY, body: { data: { type: 'protection-tiers', attributes } } });
    assert.equal((await tier('dr-daily', { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7 })).status, 200);
    assert.equal(
      (await tier('dr-hourly', { rpoMinutes: 60, snapshotEveryMinutes: 60, retentionDays: 3, replication: true, testRestoreDays: 30 }))
        .status,
      200,
    );
    const refused = await tier('vps-s', { rpoMinutes: 60, snapshotEveryMinutes: 60, retentionDays: 3 });
    assert.equal(refused.status, 422, 'a plan cannot be a tier');
    for (const name of ['web-01', 'db-01']) {
      const res = await host.request('PUT', `/api/v1/tenants/acme/service-plans/memcloud:${name === 'web-01' ? 'a1' : 'a2'}`, {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'service-plans',
            attributes: {
              serviceName: name,
              planId: 'vps-s',
              anchorDay: 1,
              startedOn: '2026-01-01',
              renewsOn: '2027-01-01',
              addons: name === 'web-01' ? [{ id: 'dr-daily', monthlyAmount: 900 }] : [],
            },
          },
        },
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    tech = await host.token('acme', ['customer', 'technical']);
    customer = await host.token('acme', ['customer']);
    buyer = await host.token('acme', ['customer', 'billing']);
    globex = await host.token('globex', ['customer', 'technical']);
  });
  after(() => host.close());

  it("names tiers in the reader's language, falling back to the provider's default wording", async () => {
    const names = async (language: string) =>
      (
        await json(await host.request('GET', '/api/v1/protection/tiers', { token: customer, headers: { 'accept-language': language } }))
      ).data.map((t: any) => [t.attributes.name, t.attributes.description]);
    assert.deepEqual(await names('de-DE,de;q=0.9'), [
      ['Tägliche Snapshots', 'Jede Nacht'],
      ['Hourly with replication', ''],
    ]);
    assert.deepEqual((await names('en'))[0], ['Daily snapshots', 'Every night']);
    assert.deepEqual((await names('fr'))[0], ['Daily snapshots', 'Every night'], 'no French: the default language');
    const row = await host.services.db
      .selectFrom('catalog_items')
      .select(['name', 'translations'])
      .where('id', '=', 'dr-daily')
      .executeTakeFirstOrThrow();
    assert.equal(row.name, 'Daily snapshots', 'stored as written');
    assert.deepEqual(JSON.parse(row.translations), { de: { name: 'Tägliche Snapshots', description: 'Jede Nacht' } });
    const catalog = (
      await json(await host.request('GET', '/api/v1/catalog', { token: customer, headers: { 'accept-language': 'de' } }))
    ).data.find((i: any) => i.id === 'dr-daily');
    assert.equal(catalog.attributes.name, 'Tägliche Snapshots', 'the catalog names it the same way');
  });

  it('lists tiers cheapest first with their objective and price', async () => {
    const res = await host.request('GET', '/api/v1/protection/tiers', { token: customer });
    const { data } = await json(res);
    assert.deepEqual(
      data.map((t: any) => [t.id, t.attributes.rpoMinutes, t.attributes.monthlyAmount, t.attributes.replication]),
      [
        ['dr-daily', 1440, 900, false],
        ['dr-hourly', 60, 2500, true],
      ],
    );
  });

  it('measures each server against its tier, flags the one outside, streams it and puts it on the calendar', async () => {
    const stream = collect(host, 'protection');
    assert.equal((await report('old-1', { serverId: 'memcloud:a1', name: 'nightly', takenAt: ago(30 * 60), state: 'ok' })).status, 204);
    const web = await byName('web-01');
    assert.equal(web.attributes.tier.id, 'dr-daily');
    assert.equal(web.attributes.recovery.status, 'outside');
    assert.deepEqual(web.attributes.recovery.reasons, ['snapshot_late']);
    assert.equal((await byName('db-01')).attributes.recovery.status, 'unprotected');

    await host.services.protection.checkAll();
    await stream.until((e) => e.some((x) => x.tenant === 'acme' && x.data.serverId === 'memcloud:a1' && x.data.status === 'outside'));
    const events = await host.services.db
      .selectFrom('account_events')
      .select(['type', 'severity', 'title', 'link_kind', 'link_id'])
      .where('tenant_id', '=', 'acme')
      .where('link_kind', '=', 'protection')
      .execute();
    assert.deepEqual(events.map((e) => e.type).sort(), ['alert', 'backup'], 'a tape and a red lamp');
    assert.match(
      events[0]!.title,
      /web-01 is outside its recovery point: its last good snapshot is 30 h old, the Daily snapshots tier promises 24 h/,
    );
    // Measuring again without a change records nothing new.
    await host.services.protection.checkAll();
    assert.equal(
      (await host.services.db.selectFrom('account_events').select('id').where('link_kind', '=', 'protection').execute()).length,
      2,
    );
  });

  it('a bodiless POST as browsers send it (Content-Length: 0, no type) is accepted', async () => {
    const res = await host.fetch(
      new Request('http://glasspane.test/api/v1/protection/servers/memcloud:a2/snapshots', {
        method: 'POST',
        headers: { authorization: `Bearer ${tech}`, 'content-length': '0' },
        body: new Uint8Array(0),
      }),
    );
    assert.equal(res.status, 201, await res.clone().text());
    await localDb(host.services.db).deleteFrom('local_snapshots').where('server_id', '=', 'memcloud:a2').execute();
  });

  it('another tenant sees none of it, and snapshot now needs the technical role', async () => {
    const theirs = await servers(globex);
    assert.deepEqual(
      theirs.map((s) => s.attributes.serverName),
      ['app-01'],
    );
    assert.equal(theirs[0].attributes.inContract, false, 'no service plan: no tier can be ordered for it');
    assert.equal((await byName('db-01')).attributes.inContract, true);
    assert.equal((await host.request('POST', '/api/v1/protection/servers/memcloud:a1/snapshots', { token: customer })).status, 403);
    assert.equal((await host.request('POST', '/api/v1/protection/servers/memcloud:a1/snapshots', { token: globex })).status, 404);
  });

  it('snapshot now waits for the tooling to confirm, then the server is back within', async () => {
    const res = await host.request('POST', '/api/v1/protection/servers/memcloud:a1/snapshots', { token: tech });
    assert.equal(res.status, 201, await res.clone().text());
    const body = await json(res);
    assert.equal(body.data.attributes.pending, true, 'the local provider does not pretend the copy exists');
    assert.equal(body.meta.protection.attributes.recovery.status, 'outside');
    const requests = await json(await host.request('GET', '/api/v1/tenants/acme/protection-requests', { token: ADMIN_KEY }));
    const asked = requests.data.find((r: any) => r.type === 'protection-snapshots');
    assert.equal(asked.attributes.serverId, 'memcloud:a1');
    assert.equal(
      (
        await report(asked.id, {
          serverId: 'memcloud:a1',
          name: asked.attributes.name,
          takenAt: new Date(clock).toISOString(),
          origin: 'manual',
          state: 'ok',
        })
      ).status,
      204,
    );
    assert.equal((await byName('web-01')).attributes.recovery.status, 'within');
    const status = await host.services.db
      .selectFrom('protection_status')
      .select('status')
      .where('server_id', '=', 'memcloud:a1')
      .executeTakeFirstOrThrow();
    assert.equal(status.status, 'within');
  });

  it('runs a test restore until the tooling reports the outcome, and records it', async () => {
    const stream = collect(host, 'protection');
    const start = await host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', { token: tech });
    assert.equal(start.status, 202, await start.clone().text());
    const run = (await json(start)).data;
    assert.equal(run.attributes.status, 'running');
    assert.match(run.attributes.targetName, /^web-01-restore-test-2026-11-24-\d{4}-[0-9a-f]{4}$/);
    const bad = await host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', {
      token: tech,
      body: { data: { type: 'protection-restores', attributes: { snapshotId: 7 } } },
    });
    assert.equal(bad.status, 422, 'a snapshotId that is not a string is refused with a pointer');
    assert.equal((await json(bad)).errors[0].source.pointer, '/data/attributes/snapshotId');
    assert.equal(
      (await host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', { token: tech, body: '{"data":' })).status,
      400,
      'malformed JSON is not ignored',
    );
    const again = await host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', { token: tech });
    assert.equal(again.status, 409, 'one test restore at a time');
    assert.match((await json(again)).errors[0].detail, /still running/);

    const requests = await json(await host.request('GET', '/api/v1/tenants/acme/protection-requests', { token: ADMIN_KEY }));
    const asked = requests.data.find((r: any) => r.type === 'protection-restores');
    const outcome = (attributes: Record<string, unknown>) =>
      host.request('PUT', `/api/v1/tenants/acme/restores/${asked.id}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'protection-restores', attributes } },
      });
    assert.equal((await outcome({ status: 'running', progress: 40 })).status, 204);
    await stream.until((e) => e.some((x) => x.data.restore?.progress === 40));
    assert.equal((await outcome({ status: 'succeeded', progress: 100, message: 'web-01-restore-test booted' })).status, 204);
    const done = await json(await host.request('GET', `/api/v1/protection/restores/${run.id}`, { token: customer }));
    assert.equal(done.data.attributes.status, 'succeeded');
    assert.equal(done.data.attributes.message, 'web-01-restore-test booted');
    assert.equal((await outcome({ status: 'failed' })).status, 422, 'an outcome is final');
    // The outcome may have been recorded by the restore's watcher rather than by the GET
    // above; its calendar entry can then land a moment after the GET answered.
    const findEvent = () =>
      host.services.db
        .selectFrom('account_events')
        .select(['type', 'title'])
        .where('source_key', '=', `restore:${run.id}`)
        .executeTakeFirst();
    const event = await waitFor('the test restore on the account calendar', findEvent);
    assert.deepEqual([event.type, event.title], ['backup', 'Test restore of web-01 succeeded']);
    assert.equal((await byName('web-01')).attributes.lastRestore.status, 'succeeded');
  });

  it('fifty concurrent test restores of one server start one restore at the storage; the rest are 409, none 5xx', async () => {
    const requestsFor = async () =>
      (await json(await host.request('GET', '/api/v1/tenants/acme/protection-requests', { token: ADMIN_KEY }))).data.filter(
        (r: any) => r.type === 'protection-restores',
      ).length;
    const before = await requestsFor();
    // Fifty sessions (one token's write limit would answer 429 past its burst).
    const tokens = await Promise.all(Array.from({ length: 50 }, () => host.token('acme', ['technical'])));
    const answers = await Promise.all(
      tokens.map((token) => host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', { token })),
    );
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual([statuses.filter((s) => s === 202).length, statuses.filter((s) => s === 409).length], [1, 49], statuses.join(','));
    assert.equal(await requestsFor(), before + 1, 'the storage was asked once');
    const running = await host.services.db
      .selectFrom('protection_restores')
      .select('id')
      .where('server_id', '=', 'memcloud:a1')
      .where('status', '=', 'running')
      .execute();
    assert.equal(running.length, 1);
    // The same server's second test restore of the day clones under a name of its own.
    const names = await host.services.db
      .selectFrom('protection_restores')
      .select('target_name')
      .where('server_id', '=', 'memcloud:a1')
      .execute();
    assert.equal(new Set(names.map((n) => n.target_name)).size, names.length, names.map((n) => n.target_name).join(', '));
  });

  it('a better tier is an add-on order that replaces the old tier, coded by the difference', async () => {
    const res = await host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': 'tier-change-1' },
      body: { data: { type: 'orders', attributes: { type: 'addon', serviceId: 'memcloud:a1', addonIds: ['dr-hourly'] } } },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const order = (await json(res)).data.attributes;
    assert.equal(order.lines.length, 1);
    assert.deepEqual(
      [order.lines[0].fromItemId, order.lines[0].itemId, order.lines[0].code, order.lines[0].mrrDelta],
      ['dr-daily', 'dr-hourly', 'add-on', 1600],
    );
    assert.equal(order.lines[0].description, 'Daily snapshots → Hourly with replication');
    const plan = await host.services.orders.catalog.servicePlan('acme', 'memcloud:a1');
    assert.deepEqual(
      plan.addons.map((a) => a.id),
      ['dr-hourly'],
      'the old tier is gone, not stacked',
    );
    const web = await byName('web-01');
    assert.equal(web.attributes.tier.id, 'dr-hourly');
    assert.equal(web.attributes.recovery.status, 'outside', 'hourly replication is not configured yet');
    assert.ok(web.attributes.recovery.reasons.includes('replication_off'));
    assert.equal(
      web.attributes.recovery.testRestoreDue,
      false,
      "the hourly tier's monthly test restore is covered by the one that succeeded",
    );
  });
});

/**
 * A host whose protection provider is `storage`, with acme's web-01 (memcloud:a1) on the daily
 * tier; `now` is its clock.
 */
async function hostWith(storage: ProtectionProvider, now: () => Date = () => NOW, options: { restoreTimeoutMs?: number } = {}) {
  const cloud = new MemoryCompute();
  cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
  const plugin = definePlugin({
    id: 'vmstore',
    provides: ['ProtectionProvider'],
    config: z.object({}),
    register: ({ container }) => void container.register(ProtectionProviderToken, { useValue: storage }),
  });
  const host = await createTestHost({
    plugins: [localPlugin, cloud.plugin(), plugin],
    now,
    protection: { watchIntervalMs: 10, ...options },
  });
  try {
    await host.request('PUT', '/api/v1/tenants/acme', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'acme', computeAccounts: [{ source: 'memcloud', scope: 'proj-acme' }] } } },
    });
    await host.request('PUT', '/api/v1/catalog/vps-s', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'catalog-items',
          attributes: { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 2000 },
        },
      },
    });
    await host.request('PUT', '/api/v1/catalog/dr-daily', {
      token: ADMIN_KEY,
      body: {
        data: { type: 'catalog-items', attributes: { product: '*', kind: 'addon', name: 'Daily', currency: 'EUR', monthlyAmount: 900 } },
      },
    });
    await host.request('PUT', '/api/v1/protection/tiers/dr-daily', {
      token: ADMIN_KEY,
      body: { data: { type: 'protection-tiers', attributes: { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7 } } },
    });
    const plan = await host.request('PUT', '/api/v1/tenants/acme/service-plans/memcloud:a1', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'service-plans',
          attributes: {
            serviceName: 'web-01',
            planId: 'vps-s',
            anchorDay: 1,
            startedOn: '2026-01-01',
            renewsOn: '2027-01-01',
            addons: [{ id: 'dr-daily', monthlyAmount: 900 }],
          },
        },
      },
    });
    assert.equal(plan.status, 200, await plan.clone().text());
  } catch (err) {
    // A setup that fails must not leave the host open: the file would never end.
    await host.close();
    throw err;
  }
  return host;
}

describe('protection while the storage does not answer', () => {
  it('claims no state: each server is "unknown" with the reason, and meta.unavailable names the storage', async () => {
    const down = new ProviderError('vmstore', 'The VMstore did not answer within 10 s.', { status: 503, code: 'provider_unreachable' });
    const storage: ProtectionProvider = {
      source: 'vmstore',
      listSnapshots: async () => Promise.reject(down),
      takeSnapshot: async () => Promise.reject(down),
      replication: async () => Promise.reject(down),
      startRestore: async () => Promise.reject(down),
      getRestore: async () => Promise.reject(down),
    };
    const host = await hostWith(storage);
    try {
      const res = await host.request('GET', '/api/v1/protection/servers', { token: await host.token('acme') });
      assert.equal(res.status, 200);
      const body = await json(res);
      const web = body.data.find((s: any) => s.attributes.serverName === 'web-01');
      assert.equal(web.attributes.recovery.status, 'unknown', 'not "never protected"');
      // The customer reads the host's words; staff the storage's own.
      assert.equal(web.attributes.error, 'The backup service cannot be reached right now; try again in a few minutes.');
      assert.equal(body.meta.unavailable[0].detail, web.attributes.error);
      const seen = await json(await host.request('GET', '/api/v1/protection/servers', { token: await host.token('acme', ['staff']) }));
      assert.match(seen.data.find((s: any) => s.attributes.serverName === 'web-01').attributes.error, /did not answer/);
      assert.deepEqual(
        body.meta.unavailable.map((u: any) => u.source),
        ['vmstore'],
      );
    } finally {
      await host.close();
    }
  });
});

describe("why a test restore failed, in the reader's language", () => {
  /** A storage holding one good snapshot of web-01, whose restores start and read as `start` and `get` say. */
  const storage = (start: ProtectionProvider['startRestore'], get: ProtectionProvider['getRestore']): ProtectionProvider => ({
    source: 'vmstore',
    listSnapshots: async () => [snap(60)],
    takeSnapshot: async () => Promise.reject(new Error('no snapshot is asked for here')),
    replication: async () => ({ state: 'off', target: null, lastReplicaAt: null, message: null }),
    startRestore: start,
    getRestore: get,
  });
  const lastRestore = async (host: TestHost, language: string) => {
    const res = await host.request('GET', '/api/v1/protection/servers', {
      token: await host.token('acme'),
      headers: { 'accept-language': language },
    });
    assert.equal(res.status, 200);
    return (await json(res)).data.find((s: any) => s.attributes.serverName === 'web-01').attributes.lastRestore;
  };
  const restore = async (host: TestHost, language = 'en') =>
    host.request('POST', '/api/v1/protection/servers/memcloud:a1/restores', {
      token: await host.token('acme', ['technical']),
      headers: { 'accept-language': language },
    });

  it('a start the storage did not answer names the copy it may have made; a refused start was not started', async () => {
    let at = NOW.getTime();
    let refusal = new ProviderError(
      'vmstore',
      errorMessage('provider_unreachable.timeout', { provider: 'vmstore', name: 'Tintri VMstore', seconds: 15 }),
      { status: 503, code: 'provider_unreachable' },
    );
    const host = await hostWith(
      storage(
        async () => Promise.reject(refusal),
        async () => undefined,
      ),
      () => new Date(at),
    );
    try {
      assert.equal((await restore(host)).status, 503);
      const en = await lastRestore(host, 'en');
      assert.equal(en.status, 'failed');
      assert.match(en.targetName, /^web-01-restore-test-2026-11-24-1200-[0-9a-f]{4}$/);
      assert.equal(
        en.message,
        `The storage did not answer when asked to start the restore; if it started it after all, its copy appears as ${en.targetName}.`,
      );
      assert.equal(
        (await lastRestore(host, 'de')).message,
        `Der Speicher hat auf den Start der Wiederherstellung nicht geantwortet; falls er sie doch gestartet hat, erscheint die Kopie als ${en.targetName}.`,
      );
      at += 60_000;
      refusal = new ProviderError('vmstore', 'Clone refused: the datastore is full.', { status: 409, code: 'conflict' });
      assert.equal((await restore(host)).status, 409);
      assert.equal((await lastRestore(host, 'en')).message, 'The storage did not start the restore.');
      assert.equal((await lastRestore(host, 'de-CH')).message, 'Der Speicher hat die Wiederherstellung nicht gestartet.');
    } finally {
      await host.close();
    }
  });

  it('a restore past the time limit, and one the storage forgot, say so; the calendar and the stream keep the English', async () => {
    let at = NOW.getTime();
    let known: RestoreRun | undefined;
    const host = await hostWith(
      storage(
        async (_scope, server, input) =>
          (known = {
            id: `task-${at}`,
            serverId: server.id,
            snapshotId: input.snapshotId,
            targetName: input.targetName,
            status: 'running',
            progress: 10,
            startedAt: new Date(at).toISOString(),
            finishedAt: null,
            message: null,
          }),
        async (_scope, _server, id) => (known?.id === id ? known : undefined),
      ),
      () => new Date(at),
      { restoreTimeoutMs: 2 * 3600_000 },
    );
    try {
      const stream = collect(host, 'protection');
      // Started by a German reader: its watcher runs in that request's context.
      assert.equal((await restore(host, 'de')).status, 202);
      at += 2 * 3600_000 + 60_000;
      const timedOut = await waitFor('the restore past its time limit failed', async () => {
        const last = await lastRestore(host, 'de');
        return last.status === 'failed' && last;
      });
      assert.equal(timedOut.message, 'Die Wiederherstellung wurde nicht innerhalb von 2 h abgeschlossen.');
      assert.equal((await lastRestore(host, 'en')).message, 'The restore did not finish within 2 h.');
      const event = await waitFor('the failed restore on the account calendar', () =>
        host.services.db
          .selectFrom('account_events')
          .select('detail')
          .where('source_key', '=', `restore:${timedOut.id}`)
          .executeTakeFirst(),
      );
      assert.match(String(event.detail), /did not finish within 2 h/);
      await stream.until((e) => e.some((x) => x.data.restore?.status === 'failed'));
      assert.equal(
        stream.events.find((x) => x.data.restore?.status === 'failed')!.data.restore.message,
        'The restore did not finish within 2 h.',
        "one event for every reader: not in the starter's language",
      );

      at += 60_000;
      assert.equal((await restore(host)).status, 202);
      known = undefined;
      const forgotten = await waitFor('the forgotten restore failed', async () => {
        const last = await lastRestore(host, 'en');
        return last.status === 'failed' && last;
      });
      assert.equal(forgotten.message, 'The provider no longer knows this restore.');
      assert.equal((await lastRestore(host, 'de')).message, 'Der Anbieter kennt diese Wiederherstellung nicht mehr.');
    } finally {
      await host.close();
    }
  });
});
