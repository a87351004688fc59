import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../../errors.js';
import localPlugin from '../../../plugins/local/index.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { ADMIN_KEY, createTestHost, type TestHost } from '../../test/helpers.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const json = async (res: Response) => (await res.json()) as any;

describe('account events and inventory', () => {
  let host: TestHost;
  let staff: string;
  let customer: string;
  const cloud = new MemoryCompute();

  before(async () => {
    // web-01 was created on 2024-11-03: its second birthday is in November 2026.
    cloud.addServer('proj-acme', { id: 'w1', name: 'web-01', createdAt: '2024-11-03T08:00:00Z' });
    cloud.addServer('proj-acme', { id: 'w2', name: 'web-02', createdAt: '2026-11-10T15:00:00Z' });
    host = await createTestHost({ now: () => NOW, plugins: [localPlugin, cloud.plugin()], eventsMs: 0 });
    const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
    await admin('PUT', '/api/v1/tenants/acme', {
      data: {
        type: 'tenants',
        attributes: {
          name: 'Acme',
          computeAccounts: [{ source: 'memcloud', scope: 'proj-acme' }],
          supportAccount: { source: 'local', account: 'acme' },
        },
      },
    });
    await admin('PUT', '/api/v1/tenants/globex', { data: { type: 'tenants', attributes: { name: 'Globex' } } });
    // Weekly backups of db-01 every Sunday since August, until two weeks ago; one failed run.
    for (let t = Date.parse('2026-08-02T02:00:00Z'); t <= NOW.getTime() - 14 * DAY; t += 7 * DAY) {
      const id = `run-${new Date(t).toISOString().slice(0, 10)}`;
      const res = await admin('PUT', `/api/v1/tenants/acme/backup-runs/${id}`, {
        data: {
          type: 'backup-runs',
          attributes: { serviceId: 'db-01', serviceName: 'db-01', startedAt: new Date(t).toISOString(), status: 'ok' },
        },
      });
      assert.equal(res.status, 204);
    }
    await admin('PUT', '/api/v1/tenants/acme/backup-runs/run-failed', {
      data: {
        type: 'backup-runs',
        attributes: { serviceId: 'db-01', serviceName: 'db-01', startedAt: '2026-11-15T02:00:00Z', status: 'failed' },
      },
    });
    // Late on 31 October in UTC is 1 November in Berlin.
    await admin('PUT', '/api/v1/tenants/acme/backup-runs/run-boundary', {
      data: {
        type: 'backup-runs',
        attributes: { serviceId: 'fs-01', serviceName: 'fs-01', startedAt: '2026-10-31T23:30:00Z', status: 'ok' },
      },
    });
    // Usage: web-01's CPU at its limit twice in November (one episode each), and samples since August.
    const hour = (iso: string) => Math.floor(Date.parse(iso) / 1000);
    await host.services.usage.store.record([
      { tenant: 'acme', serverId: 'memcloud:w1', metric: 'cpu', at: hour('2026-08-01T00:00:00Z'), value: 20 },
      { tenant: 'acme', serverId: 'memcloud:w1', metric: 'cpu', at: hour('2026-11-05T10:00:00Z'), value: 99 },
      { tenant: 'acme', serverId: 'memcloud:w1', metric: 'cpu', at: hour('2026-11-05T11:00:00Z'), value: 100 },
      { tenant: 'acme', serverId: 'memcloud:w1', metric: 'cpu', at: hour('2026-11-05T12:00:00Z'), value: 50 },
      { tenant: 'acme', serverId: 'memcloud:w1', metric: 'cpu', at: hour('2026-11-12T09:00:00Z'), value: 100 },
    ]);
    // A ticket, a certificate that expires in 11 days, and a server plan.
    customer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff']);
    await host.request('POST', '/api/v1/tickets', {
      token: customer,
      body: { data: { type: 'tickets', attributes: { subject: 'Shop is slow', description: 'Since this morning', urgency: 'critical' } } },
    });
    await admin('PUT', '/api/v1/catalog/ssl-dv', {
      data: { type: 'catalog-items', attributes: { product: 'ssl', kind: 'plan', name: 'SSL DV', currency: 'EUR', monthlyAmount: 500 } },
    });
    await admin('PUT', '/api/v1/catalog/vps-s', {
      data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 2000 } },
    });
    await admin('PUT', '/api/v1/tenants/acme/service-plans/shop-cert', {
      data: {
        type: 'service-plans',
        attributes: {
          serviceName: 'shop.acme.example',
          kind: 'certificate',
          planId: 'ssl-dv',
          anchorDay: 5,
          startedOn: '2025-12-05',
          renewsOn: '2026-12-05',
        },
      },
    });
    await admin('PUT', '/api/v1/tenants/acme/service-plans/memcloud:w1', {
      data: {
        type: 'service-plans',
        attributes: { serviceName: 'web-01', planId: 'vps-s', anchorDay: 1, startedOn: '2024-11-03', renewsOn: '2027-11-03' },
      },
    });
  });
  after(() => host.close());

  const month = (token = staff, query = 'start=2026-11-01&end=2026-12-01&timeZone=Europe/Berlin') =>
    host.request('GET', `/api/v1/account-events?${query}`, { token });

  it("gathers a month of varied events, grouped by day in the viewer's time zone", async () => {
    const res = await month();
    assert.equal(res.status, 200, await res.clone().text());
    const doc = await json(res);
    const types = new Set(doc.data.map((e: any) => e.attributes.type));
    for (const t of ['ticket', 'alert', 'backup', 'server']) assert.ok(types.has(t), `has ${t}`);
    const titles = doc.data.map((e: any) => e.attributes.title);
    assert.ok(titles.includes('web-01 is 2 years old'), 'a birthday');
    assert.ok(titles.includes('web-02 created'));
    assert.ok(titles.includes('CPU at its limit on web-01'));
    assert.equal(doc.data.filter((e: any) => e.attributes.type === 'alert').length, 2, 'one alert per episode');
    assert.equal(doc.meta.days['2026-11-01'].backup, 2, 'the 23:30 UTC run of 31 October is 1 November in Berlin, beside the Sunday run');
    assert.equal(doc.meta.days['2026-11-15'].backup, 1, 'the failed run');
    const failed = doc.data.find((e: any) => e.attributes.title === 'Backup of db-01 failed');
    assert.equal(failed.attributes.severity, 'critical');
    const ticket = doc.data.find((e: any) => e.attributes.type === 'ticket');
    assert.deepEqual([ticket.attributes.severity, ticket.attributes.link.kind], ['critical', 'ticket']);
    const utc = await json(await month(staff, 'start=2026-11-01&end=2026-12-01&timeZone=UTC'));
    assert.equal(utc.meta.days['2026-11-01'].backup, 1, 'in UTC the boundary run belongs to October');
  });

  it('explains in words that weekly backups stopped, and that a certificate expires soon', async () => {
    const { meta } = await json(await month());
    const rules = meta.hints.map((h: any) => h.rule).sort();
    assert.deepEqual(rules, ['backups_stopped', 'certificate_expiring']);
    const backups = meta.hints.find((h: any) => h.rule === 'backups_stopped');
    assert.deepEqual([backups.params.service, backups.params.every, backups.params.days], ['db-01', 7, 16]);
    const october = await json(await month(staff, 'start=2026-10-01&end=2026-11-01&timeZone=Europe/Berlin'));
    assert.deepEqual(october.meta.hints, [], 'in October the backups still ran, and certificates are judged for the current month');
  });

  it('records each event once, however often it is gathered', async () => {
    await host.services.events.sync('acme', new Date('2026-08-01T00:00:00Z'), NOW, { force: true });
    await host.services.events.sync('acme', new Date('2026-08-01T00:00:00Z'), NOW, { force: true });
    const rows = await host.services.db
      .selectFrom('account_events')
      .select(['type', 'source_key'])
      .where('tenant_id', '=', 'acme')
      .execute();
    assert.equal(new Set(rows.map((r) => `${r.type}/${r.source_key}`)).size, rows.length);
  });

  it('shows a ticket filed a moment after the calendar was read: the refetch its stream event prompts gathers again', async () => {
    const titles = async (): Promise<string[]> => (await json(await month())).data.map((e: any) => e.attributes.title);
    await titles();
    // As the element does: read again once the ticket is announced (on PostgreSQL the bus
    // delivers through LISTEN/NOTIFY, after the POST has answered).
    const announced = new Promise<void>((resolve) => {
      const stop = host.services.bus.subscribe((e) => {
        if (e.tenant === 'acme' && e.topic === 'tickets') resolve(stop());
      });
    });
    const filed = await host.request('POST', '/api/v1/tickets', {
      token: customer,
      body: { data: { type: 'tickets', attributes: { subject: 'Mail queue stuck', description: 'Since noon', urgency: 'major' } } },
    });
    assert.equal(filed.status, 201);
    await announced;
    assert.ok(
      (await titles()).some((t) => t.includes('Mail queue stuck')),
      'the new ticket is in the month at once',
    );
  });

  it('is for staff only, keeps tenants apart, and refuses bad ranges with a parameter', async () => {
    assert.equal((await month(customer)).status, 403);
    const globex = await json(await month(await host.token('globex', ['staff'])));
    assert.deepEqual(globex.data, []);
    for (const [query, parameter] of [
      ['start=2026-11-01&end=2026-11-01', 'end'],
      ['start=2026-01-01&end=2026-12-01', 'end'],
      ['start=2026-11-01&end=2026-12-01&timeZone=Mars/Olympus', 'timeZone'],
      ['start=11/01/2026&end=2026-12-01', 'start'],
    ]) {
      const res = await month(staff, query!);
      assert.equal(res.status, 400, query);
      assert.equal((await json(res)).errors[0].source.parameter, parameter, query);
    }
  });

  it('keeps the calendar when a source is down, and says which', async () => {
    cloud.failing = new ProviderError('memcloud', 'Compute API unreachable', { status: 503 });
    try {
      const unavailable = await host.services.events.sync('acme', new Date('2026-11-01T00:00:00Z'), NOW, { force: true });
      assert.deepEqual(
        unavailable.map((u) => u.source),
        ['compute'],
        'the failing source is named',
      );
      const doc = await json(await month(staff, 'start=2026-11-01&end=2026-11-30&timeZone=Europe/Berlin'));
      assert.ok(
        doc.data.some((e: any) => e.attributes.type === 'server'),
        'recorded events stay',
      );
      assert.ok(doc.data.some((e: any) => e.attributes.type === 'backup'));
    } finally {
      cloud.failing = null;
    }
  });

  it('lists the inventory with renewal dates, flavors and an expiring certificate', async () => {
    const doc = await json(await host.request('GET', '/api/v1/inventory', { token: customer }));
    const byName = Object.fromEntries(doc.data.map((i: any) => [i.attributes.name, i.attributes]));
    assert.deepEqual(
      [byName['shop.acme.example'].kind, byName['shop.acme.example'].daysLeft, byName['shop.acme.example'].expiresSoon],
      ['certificate', 11, true],
    );
    assert.deepEqual([byName['web-01'].flavor, byName['web-01'].region, byName['web-01'].expiresSoon], ['m1.small', 'fra1', false]);
    cloud.failing = new ProviderError('memcloud', 'down', { status: 503 });
    try {
      const degraded = await json(await host.request('GET', '/api/v1/inventory', { token: customer }));
      assert.equal(degraded.data.length, 2, 'the contract is still shown');
      assert.deepEqual(degraded.meta.unavailable, ['Server platform'], 'the customer reads what is missing, not a plugin id');
      const seen = await json(await host.request('GET', '/api/v1/inventory', { token: await host.token('acme', ['staff']) }));
      assert.deepEqual(seen.meta.unavailable, ['memcloud']);
    } finally {
      cloud.failing = null;
    }
  });
});
