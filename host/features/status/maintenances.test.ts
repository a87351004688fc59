import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, seedTwoTenants, collect, waitFor, testNow, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { MemoryStatusProvider, notice } from '../../test/fake-status-provider.js';
import { ApiError, ProviderError, UnavailableError } from '../../errors.js';
import { errorMessage } from '../../error-messages.js';
import localPlugin from '../../../plugins/local/index.js';

/** The named keys of `o`, for comparing part of a resource. */
const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

describe('maintenance and incidents per tenant', () => {
  let host: TestHost;
  let memory: MemoryStatusProvider;
  let acme: string;
  let globex: string;

  beforeEach(async () => {
    memory = new MemoryStatusProvider();
    host = await createTestHost({ plugins: [localPlugin, memory.plugin()], maintenance: { cacheMs: 0 }, webhookSecret: 'hook-secret' });
    await seedTwoTenants(host);
    const link = (tenant: string, service: string, componentId: string) =>
      host.request('PUT', `/api/v1/tenants/${tenant}/services/${service}`, {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'services',
            attributes: { name: `${service}.${tenant}`, kind: 'server', statusComponents: [{ source: 'memory', componentId }] },
          },
        },
      });
    assert.equal((await link('acme', 'web-1', 'fra-compute')).status, 201);
    assert.equal((await link('globex', 'db-1', 'ams-compute')).status, 201);
    acme = await host.token('acme');
    globex = await host.token('globex');
  });
  afterEach(() => host.close());

  const list = async (token: string, query = '') => {
    const res = await host.request('GET', `/api/v1/maintenances${query}`, { token });
    return { status: res.status, body: (await res.json()) as any };
  };
  const ids = (body: any) => body.data.map((d: any) => d.id).sort();

  test("a tenant sees notices on its services and platform-wide ones, never another tenant's", async () => {
    memory.notices = [
      notice({ id: 'a', componentIds: ['fra-compute'], impact: 'major' }),
      notice({ id: 'g', componentIds: ['ams-compute'] }),
      notice({ id: 'all', componentIds: [] }),
      notice({ id: 'unmapped', componentIds: ['lon-network'] }),
    ];
    const a = await list(acme);
    assert.deepEqual(ids(a.body), ['memory:a', 'memory:all', 'memory:unmapped']);
    const mine = a.body.data.find((d: any) => d.id === 'memory:a');
    assert.equal(mine.attributes.platformWide, false);
    assert.deepEqual(mine.attributes.affectedServices, [{ id: 'web-1', name: 'web-1.acme' }]);
    assert.equal(a.body.data.find((d: any) => d.id === 'memory:all').attributes.platformWide, true);
    assert.deepEqual(ids((await list(globex)).body), ['memory:all', 'memory:g', 'memory:unmapped']);

    // Another tenant's notice by id is 404, exactly like one that does not exist.
    const res = await host.request('GET', '/api/v1/maintenances/memory:a', { token: globex });
    assert.equal(res.status, 404);
    assert.equal((await host.request('GET', '/api/v1/maintenances/memory:a', { token: acme })).status, 200);
  });

  test('a provider link reaches the portal only as http(s): a javascript: shortlink becomes no link', async () => {
    memory.notices = [
      notice({ id: 'js', url: 'javascript:alert(document.cookie)' }),
      notice({ id: 'data', url: 'data:text/html,<script>alert(1)</script>' }),
      notice({ id: 'ok', url: 'https://stspg.io/abc123' }),
    ];
    const urls = Object.fromEntries((await list(acme)).body.data.map((d: any) => [d.id, d.attributes.url]));
    assert.deepEqual(urls, { 'memory:js': null, 'memory:data': null, 'memory:ok': 'https://stspg.io/abc123' });
    const one = await host.request('GET', '/api/v1/maintenances/memory:js', { token: acme });
    assert.equal(((await one.json()) as any).data.attributes.url, null);
  });

  test('resolved and completed notices are history; active come before upcoming, most serious first', async () => {
    const soon = new Date(testNow().getTime() + 86400_000).toISOString();
    const later = new Date(testNow().getTime() + 2 * 86400_000).toISOString();
    memory.notices = [
      notice({ id: 'done', status: 'resolved' }),
      notice({ id: 'over', kind: 'maintenance', status: 'completed', scheduledFor: soon }),
      notice({ id: 'later', kind: 'maintenance', status: 'scheduled', impact: 'maintenance', scheduledFor: later, scheduledUntil: later }),
      notice({ id: 'soon', kind: 'maintenance', status: 'scheduled', impact: 'maintenance', scheduledFor: soon, scheduledUntil: later }),
      notice({ id: 'minor', impact: 'minor' }),
      notice({ id: 'crit', impact: 'critical' }),
      notice({ id: 'now', kind: 'maintenance', status: 'in_progress', impact: 'maintenance', scheduledFor: testNow().toISOString() }),
    ];
    const { body } = await list(acme);
    assert.deepEqual(
      body.data.map((d: any) => d.id),
      ['memory:crit', 'memory:minor', 'memory:now', 'memory:soon', 'memory:later'],
    );
    assert.deepEqual(
      body.data.map((d: any) => d.attributes.phase),
      ['active', 'active', 'active', 'upcoming', 'upcoming'],
    );
    assert.deepEqual(ids((await list(acme, '?filter[phase]=upcoming')).body), ['memory:later', 'memory:soon']);
  });

  test('a provider outage degrades to a 503 with a readable error; another source keeps answering', async () => {
    memory.failing = new ProviderError('memory', 'The memory status page did not answer in time.', { code: 'provider_unreachable' });
    const alone = await createTestHost({ plugins: [memory.plugin()], maintenance: { cacheMs: 0 } });
    try {
      await seedTwoTenants(alone);
      const res = await alone.request('GET', '/api/v1/maintenances', { token: await alone.token('acme', ['staff']) });
      assert.equal(res.status, 503);
      const body = (await res.json()) as any;
      assert.equal(body.errors[0].code, 'provider_unreachable');
      assert.match(body.errors[0].detail, /did not answer/);
      assert.equal(body.errors[0].meta.provider, 'memory');
      // The customer reads what is down in the host's words.
      const customer = await alone.request('GET', '/api/v1/maintenances', { token: await alone.token('acme') });
      assert.equal(customer.status, 503);
      const words = ((await customer.json()) as any).errors[0];
      assert.deepEqual(
        [words.code, words.detail, words.meta.service],
        ['provider_unreachable', 'The status page cannot be reached right now; try again in a few minutes.', 'status'],
      );
    } finally {
      await alone.close();
    }

    // With the local source also registered, the list still answers and says what is missing.
    await host.request('POST', '/api/v1/maintenances', {
      token: ADMIN_KEY,
      body: { data: { type: 'maintenances', attributes: { kind: 'incident', title: 'Local one', status: 'identified', impact: 'minor' } } },
    });
    const { status, body } = await list(acme);
    assert.equal(status, 200);
    assert.equal(body.data.length, 1);
    assert.deepEqual(
      body.meta.unavailable.map((u: any) => [u.source, u.code, u.stale]),
      [['memory', 'provider_unreachable', false]],
    );
  });

  test("a provider's failure worded by the host reaches each reader in their language, alone (503) and beside another source", async () => {
    const words = errorMessage('provider_unreachable', { provider: 'memory', name: 'Memory status page' });
    const alone = await createTestHost({ plugins: [memory.plugin()], maintenance: { cacheMs: 0 } });
    try {
      await seedTwoTenants(alone);
      const token = await alone.token('acme', ['staff']);
      const customer = await alone.token('acme');
      // A host error the plugin let through (one of the host's helpers), and one in its HTTP form.
      for (const failing of [new UnavailableError(words), new ApiError(503, words)]) {
        memory.failing = failing;
        const read = async (lang: string) => {
          const res = await alone.request('GET', `/api/v1/maintenances?lang=${lang}`, { token });
          assert.equal(res.status, 503);
          return ((await res.json()) as any).errors[0];
        };
        const [english, german] = [await read('en'), await read('de')];
        assert.equal(english.detail, 'Memory status page could not be reached.', failing.name);
        assert.equal(german.detail, 'Memory status page ist nicht erreichbar.', failing.name);
        assert.equal(german.title, 'Der Anbieter memory konnte nicht antworten', failing.name);
        assert.equal(german.code, 'provider_unreachable');
        const theirs = await alone.request('GET', '/api/v1/maintenances?lang=de', { token: customer });
        assert.equal(
          ((await theirs.json()) as any).errors[0].detail,
          'Die Statusseite ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten erneut.',
        );
      }
    } finally {
      await alone.close();
    }

    memory.failing = new UnavailableError(words);
    const { status, body } = await list(acme, '?lang=de');
    assert.equal(status, 200);
    assert.deepEqual(
      body.meta.unavailable.map((u: any) => [u.source, u.code, u.detail]),
      [['memory', 'provider_unreachable', 'Die Statusseite ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten erneut.']],
    );
    const staff = (await (
      await host.request('GET', '/api/v1/maintenances?lang=de', { token: await host.token('acme', ['staff']) })
    ).json()) as any;
    assert.equal(staff.meta.unavailable[0].detail, 'Memory status page ist nicht erreichbar.');
  });

  test('while a provider is down its last good answer is served, marked stale', async () => {
    memory.notices = [notice({ id: 'x', impact: 'major' })];
    assert.deepEqual(ids((await list(acme)).body), ['memory:x']);
    memory.failing = new ProviderError('memory', 'down', { code: 'provider_unreachable' });
    const { status, body } = await list(acme);
    assert.equal(status, 200);
    assert.deepEqual(ids(body), ['memory:x']);
    assert.equal(body.meta.unavailable[0].stale, true);
  });

  test('refresh streams only what changed, to the tenants it concerns', async () => {
    const stream = collect(host, 'maintenances');
    const events = stream.events;
    memory.notices = [notice({ id: 'a', componentIds: ['fra-compute'] })];
    await host.services.maintenances.refresh(); // baseline
    await stream.settle();
    events.length = 0;

    const g = notice({ id: 'g', componentIds: ['ams-compute'] });
    memory.notices = [notice({ id: 'a', componentIds: ['fra-compute'], status: 'identified' }), g];
    await host.services.maintenances.refresh();
    await stream.until((e) => e.length >= 2);
    await stream.settle();
    assert.deepEqual(events.map((e) => [e.tenant, e.data.op, e.data.data?.id ?? e.data.id]).sort(), [
      ['acme', 'upsert', 'memory:a'],
      ['globex', 'upsert', 'memory:g'],
    ]);
    events.length = 0;
    await host.services.maintenances.refresh();
    await stream.settle();
    assert.equal(events.length, 0, 'no change, no event');

    memory.notices = [g];
    await host.services.maintenances.refresh();
    await stream.until((e) => e.length >= 1);
    assert.deepEqual(
      events.map((e) => [e.tenant, e.data.op, e.data.id]),
      [['acme', 'remove', 'memory:a']],
    );
    events.length = 0;

    // An outage is not a resolution: nothing is removed while the source is down.
    memory.failing = new ProviderError('memory', 'down');
    await host.services.maintenances.refresh();
    await stream.settle();
    assert.equal(events.length, 0);
  });

  test('a tenant created after start-up gets its first notices streamed too', async () => {
    await host.services.maintenances.refresh(); // the baseline, before the tenant exists
    await host.request('PUT', '/api/v1/tenants/initech', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Initech' } } },
    });
    const stream = collect(host, 'maintenances');
    memory.notices = [notice({ id: 'everyone', componentIds: [] })];
    await host.services.maintenances.refresh();
    await stream.until((e) => e.some((x) => x.tenant === 'initech' && x.data.data?.id === 'memory:everyone'));
  });

  test('the webhook route refreshes on a valid push and hides itself behind its secret', async () => {
    const push = (secret: string, body: unknown) =>
      host.request('POST', `/api/v1/hooks/status/memory/${secret}`, { body, headers: { 'content-type': 'application/json' } });
    assert.equal((await push('wrong', { incident: { id: 'a' } })).status, 404);
    const calls = memory.calls;
    const res = await push('hook-secret', { incident: { id: 'a' } });
    assert.equal(res.status, 202);
    assert.deepEqual(((await res.json()) as any).meta.accepted, { kind: 'incident', id: 'a' });
    await waitFor('the provider to be asked again', () => memory.calls > calls);
    assert.equal(
      (await host.request('POST', '/api/v1/hooks/status/local/hook-secret', { body: {}, headers: { 'content-type': 'application/json' } }))
        .status,
      404,
    );
  });

  test('local notices: staff post, update and resolve them; only the admin key may', async () => {
    const created = await host.request('POST', '/api/v1/maintenances', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'maintenances',
          attributes: {
            kind: 'maintenance',
            title: 'Storage firmware',
            status: 'scheduled',
            impact: 'maintenance',
            componentIds: ['san-1'],
            scheduledFor: '2030-05-01T22:00:00Z',
            scheduledUntil: '2030-05-02T02:00:00Z',
            body: 'Rolling update',
          },
        },
      },
    });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as any).data.id as string;
    assert.match(id, /^local:/);
    assert.equal((await host.request('POST', '/api/v1/maintenances', { token: acme, body: {} })).status, 401);

    const patch = (attributes: object, pid = id) =>
      host.request('PATCH', `/api/v1/maintenances/${pid}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'maintenances', id: pid, attributes } },
      });
    const started = await patch({ status: 'in_progress', body: 'Started' });
    assert.equal(started.status, 200);
    // A status change changes only the status: the schedule, components and language stay.
    assert.deepEqual(
      pick(((await started.json()) as any).data.attributes, ['componentIds', 'scheduledFor', 'scheduledUntil', 'locale', 'title']),
      {
        componentIds: ['san-1'],
        scheduledFor: '2030-05-01T22:00:00Z',
        scheduledUntil: '2030-05-02T02:00:00Z',
        locale: 'en',
        title: 'Storage firmware',
      },
    );
    const item = (await list(acme)).body.data.find((d: any) => d.id === id);
    assert.equal(item.attributes.phase, 'active');
    assert.equal(item.attributes.latestUpdate.body, 'Started');
    assert.equal(item.attributes.locale, 'en', 'posted without a language: English');
    assert.equal((await patch({ locale: 'de', title: 'Speicher-Firmware' })).status, 200);
    assert.deepEqual(pick((await list(acme)).body.data.find((d: any) => d.id === id).attributes, ['locale', 'title']), {
      locale: 'de',
      title: 'Speicher-Firmware',
    });
    assert.equal((await patch({ locale: 'German' })).status, 422, 'a language tag, not a name');
    assert.equal((await patch({ status: 'completed' })).status, 200);
    assert.equal(
      (await list(acme)).body.data.find((d: any) => d.id === id),
      undefined,
    );

    assert.equal((await patch({ status: 'resolved' }, 'memory:a')).status, 409);
    assert.equal((await patch({ status: 'resolved' }, 'local:nope')).status, 404);
    const mismatch = await host.request('PATCH', `/api/v1/maintenances/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'maintenances', id: 'local:other', attributes: {} } },
    });
    assert.equal(mismatch.status, 409);
  });

  test('linking a service to an unknown status source is refused with a pointer', async () => {
    const res = await host.request('PUT', '/api/v1/tenants/acme/services/web-2', {
      token: ADMIN_KEY,
      body: { data: { type: 'services', attributes: { name: 'web-2', statusComponents: [{ source: 'nagios', componentId: 'x' }] } } },
    });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/statusComponents/0/source');
    assert.equal(
      (
        await host.request('PUT', '/api/v1/tenants/nobody/services/x', {
          token: ADMIN_KEY,
          body: { data: { type: 'services', attributes: { name: 'x' } } },
        })
      ).status,
      404,
    );
    const services = (await (await host.request('GET', '/api/v1/services', { token: acme })).json()) as any;
    assert.deepEqual(
      services.data.map((s: any) => s.id),
      ['web-1'],
    );
  });
});
