import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startStatuspageFake, type StatuspageFake } from './fake.js';
import plugin, { StatuspageStatusProvider, retryAfter } from './index.js';
import { ProviderError, ValidationError, PluginConfigError, loadPlugin, resolvePluginConfig, StatusProviderToken } from '@glasspane/host';

describe('Statuspage plugin against its fake', () => {
  let fake: StatuspageFake;
  let clock = Date.parse('2026-11-24T10:00:00Z');
  const provider = (extra: object = {}) =>
    new StatuspageStatusProvider({ apiUrl: fake.url, apiKey: fake.apiKey, pageId: fake.pageId, maxRetryWaitSeconds: 2, ...extra });
  const code = (err: unknown) => (err as ProviderError).errors[0]!.code;

  before(async () => {
    fake = await startStatuspageFake({ now: () => clock });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.components.length = 0;
    fake.incidents.length = 0;
    fake.requests.length = 0;
    fake.clearFailures();
    clock = Date.parse('2026-11-24T10:00:00Z');
  });

  test('maps incidents and maintenance with components, updates newest first and the shortlink', async () => {
    const storage = fake.addComponent('Block storage – FRA1');
    const i = fake.createIncident('Slow volumes', { impact: 'minor', componentIds: [storage.id], body: 'Investigating.' });
    clock += 60_000;
    fake.updateIncident(i.id, 'identified', 'A node is rebuilding.');
    fake.scheduleMaintenance('Router upgrade', {
      from: new Date(clock + 86400_000),
      until: new Date(clock + 90000_000),
      componentIds: [storage.id],
    });
    const notices = await provider().listNotices();
    const incident = notices.find((n) => n.kind === 'incident')!;
    assert.equal(incident.title, 'Slow volumes');
    assert.equal(incident.status, 'identified');
    assert.equal(incident.impact, 'minor');
    assert.deepEqual(incident.componentIds, [storage.id]);
    assert.deepEqual(
      incident.updates.map((u) => u.body),
      ['A node is rebuilding.', 'Investigating.'],
    );
    assert.match(incident.url!, /^https:\/\/stspg\.io\//);
    const maintenance = notices.find((n) => n.kind === 'maintenance')!;
    assert.equal(maintenance.status, 'scheduled');
    assert.equal(maintenance.scheduledFor, new Date(clock + 86400_000).toISOString());
    const sent = fake.requests.map((r) => r.path.split('/').slice(-1)[0]).sort();
    assert.deepEqual(sent, ['active_maintenance', 'unresolved', 'upcoming']);
    assert.ok(
      notices.every((n) => n.locale === 'en'),
      'a page is English unless configured',
    );
    assert.ok(
      (await provider({ locale: 'de' }).listNotices()).every((n) => n.locale === 'de'),
      "the configured page's language",
    );
  });

  test("timestamps in the page's zone become UTC instants, and updates sort by instant, not as strings", async () => {
    const i = fake.createIncident('Packet loss', { impact: 'major', body: 'Investigating.' });
    // Written in the page's zone (-06:00) as Statuspage does.
    assert.match(i.created_at, /-06:00$/);
    // 21:30 on the 23rd at -06:00 is 03:30 UTC on the 24th: half an hour before the other update.
    i.incident_updates = [
      {
        id: 'u-early',
        incident_id: i.id,
        status: 'investigating',
        body: 'first',
        display_at: '2026-11-23T21:30:00.000-06:00',
        created_at: '2026-11-23T21:30:00.000-06:00',
        affected_components: null,
      },
      {
        id: 'u-late',
        incident_id: i.id,
        status: 'identified',
        body: 'second',
        display_at: '2026-11-24T04:00:00.000+00:00',
        created_at: '2026-11-24T04:00:00.000+00:00',
        affected_components: null,
      },
    ];
    const [notice] = await provider().listNotices();
    // Here the strings happen to sort right too; the instants must come out in UTC.
    assert.deepEqual(
      notice!.updates.map((u) => [u.body, u.at]),
      [
        ['second', '2026-11-24T04:00:00.000Z'],
        ['first', '2026-11-24T03:30:00.000Z'],
      ],
    );
    assert.equal(notice!.createdAt, new Date(clock).toISOString());
    // Strings that sort the wrong way round: -06:00 at 23:00 (05:00Z next day) vs +00:00 at 04:00.
    i.incident_updates = [
      {
        id: 'a',
        incident_id: i.id,
        status: 'identified',
        body: 'later',
        display_at: '2026-11-23T23:00:00.000-06:00',
        created_at: '2026-11-23T23:00:00.000-06:00',
        affected_components: null,
      },
      {
        id: 'b',
        incident_id: i.id,
        status: 'investigating',
        body: 'earlier',
        display_at: '2026-11-24T04:00:00.000+00:00',
        created_at: '2026-11-24T04:00:00.000+00:00',
        affected_components: null,
      },
    ];
    const [again] = await provider().listNotices();
    assert.deepEqual(
      again!.updates.map((u) => u.body),
      ['later', 'earlier'],
    );
  });

  test('pages past 100: 250 components in three requests', async () => {
    for (let k = 0; k < 250; k++) fake.addComponent(`Component ${k}`);
    const list = await provider().listComponents();
    assert.equal(list.length, 250);
    assert.equal(new Set(list.map((c) => c.id)).size, 250);
    assert.deepEqual(
      fake.requests.map((r) => new URLSearchParams(r.query).get('page')),
      ['1', '2', '3'],
    );
    assert.ok(fake.requests.every((r) => new URLSearchParams(r.query).get('per_page') === '100'));
  });

  test('420 and 429 are waited out with Retry-After, then succeed', async () => {
    fake.addComponent('A');
    fake.failNext(1, { status: 420, retryAfter: 0 });
    fake.failNext(1, { status: 429, retryAfter: 1 });
    const t0 = Date.now();
    const list = await provider().listComponents();
    assert.equal(list.length, 1);
    assert.ok(Date.now() - t0 >= 900, 'honoured the 1 s Retry-After');
    assert.equal(fake.requests.length, 3);
  });

  test('retries run out, or a Retry-After too long: provider_rate_limited with the wait', async () => {
    fake.failNext(10, { status: 429, retryAfter: 0 });
    const err = await provider()
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_rate_limited');
    assert.equal(err.status, 503);
    fake.clearFailures();
    fake.failNext(10, { status: 420, retryAfter: 3600 });
    const long = await provider()
      .listComponents()
      .catch((e) => e);
    assert.equal(code(long), 'provider_rate_limited');
    assert.equal(long.headers['Retry-After'], '3600');
  });

  test('a wrong or rotated key, a wrong page, garbage, an outage: each a readable error', async () => {
    let err = await provider({ apiKey: 'nope' })
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    assert.match(err.message, /STATUSPAGE_API_KEY/);
    err = await provider({ pageId: 'wrongpage' })
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_not_found');
    fake.garbageNext(1);
    err = await provider()
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_bad_response');
    fake.failNext(1, { status: 500 });
    err = await provider()
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_error');
    assert.match(err.message, /Internal error/);
    err = await new StatuspageStatusProvider({ apiUrl: 'http://127.0.0.1:9/v1', apiKey: 'k', pageId: 'p' })
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_unreachable');
    const old = fake.apiKey;
    fake.rotateKey();
    err = await provider({ apiKey: old })
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_auth_failed');
    fake.rotateKey(old);
  });

  test('a slow answer times out', async () => {
    const { createServer } = await import('node:http');
    const slow = createServer(() => {});
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const port = (slow.address() as { port: number }).port;
    const err = await new StatuspageStatusProvider({ apiUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k', pageId: 'p', timeoutMs: 200 })
      .listComponents()
      .catch((e) => e);
    assert.equal(code(err), 'provider_unreachable');
    assert.match(err.message, /did not answer/);
    slow.closeAllConnections();
    slow.close();
  });

  test('scheduled maintenance moves by the clock: in progress, components under maintenance, then completed', async () => {
    const ams = fake.addComponent('Compute – AMS1');
    fake.scheduleMaintenance('Firmware', { from: new Date(clock + 3600_000), until: new Date(clock + 7200_000), componentIds: [ams.id] });
    const p = provider();
    assert.deepEqual(
      (await p.listNotices()).map((n) => n.status),
      ['scheduled'],
    );
    clock += 3600_000;
    assert.deepEqual(
      (await p.listNotices()).map((n) => n.status),
      ['in_progress'],
    );
    assert.equal((await p.listComponents())[0]!.status, 'under_maintenance');
    clock += 3600_000;
    assert.deepEqual(await p.listNotices(), [], 'completed maintenance is history');
    assert.equal((await p.listComponents())[0]!.status, 'operational');
  });

  test('webhook payloads: incidents and component updates accepted, anything else refused', () => {
    const p = provider();
    assert.deepEqual(p.acceptWebhook({ meta: {}, page: { id: 'x' }, incident: { id: 'abc', name: 'x' } }), { kind: 'incident', id: 'abc' });
    assert.deepEqual(p.acceptWebhook({ component_update: { component_id: 'c1', new_status: 'major_outage' }, component: { id: 'c1' } }), {
      kind: 'component',
      id: 'c1',
    });
    assert.throws(() => p.acceptWebhook({ hello: 'world' }), ValidationError);
    assert.throws(() => p.acceptWebhook(null), ValidationError);
  });

  test('Retry-After as seconds or as a date', () => {
    assert.equal(retryAfter('7'), 7);
    assert.equal(retryAfter(null), 1);
    assert.ok(Math.abs(retryAfter(new Date(Date.now() + 5000).toUTCString()) - 5) <= 1);
  });
});

describe('Statuspage plugin definition', () => {
  test('reads its variables, validates them, and registers a StatusProvider', async () => {
    assert.throws(
      () => resolvePluginConfig(plugin, undefined, {}),
      (err: unknown) => err instanceof PluginConfigError && /apiKey/.test(err.message) && /pageId/.test(err.message),
    );
    const config = resolvePluginConfig(plugin, undefined, { STATUSPAGE_API_KEY: 'k', STATUSPAGE_PAGE_ID: 'p' });
    assert.equal(config.apiUrl, 'https://api.statuspage.io/v1');
    assert.equal(config.locale, 'en');
    assert.equal(
      resolvePluginConfig(plugin, undefined, { STATUSPAGE_API_KEY: 'k', STATUSPAGE_PAGE_ID: 'p', STATUSPAGE_LOCALE: 'de' }).locale,
      'de',
    );
    assert.throws(
      () => resolvePluginConfig(plugin, undefined, { STATUSPAGE_API_KEY: 'k', STATUSPAGE_PAGE_ID: 'p', STATUSPAGE_LOCALE: 'Deutsch' }),
      PluginConfigError,
    );
    const child = await loadPlugin(plugin, config);
    assert.equal(child.resolve(StatusProviderToken).source, 'statuspage');
  });
});
