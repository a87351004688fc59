import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from '../../test/helpers.js';
import localPlugin from '../../../plugins/local/index.js';
import openstackPlugin from '../../../plugins/openstack/index.js';
import { startOpenStackFake, type FakeServer, type OpenStackFake } from '../../../plugins/openstack/fake.js';

const json = async (res: Response) => (await res.json()) as any;

/**
 * Orders that change the world: an upgrade resizes the server at the OpenStack fake and bills
 * its proration at the local billing provider; a refused resize fails the order and bills nothing.
 */
describe('order fulfilment through the providers', () => {
  let fake: OpenStackFake;
  let host: TestHost;
  let buyer: string;
  let staff: string;
  let clock = new Date('2026-11-24T12:00:00Z');
  let key = 0;
  const place = (attributes: Record<string, unknown>) =>
    host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': `fulfil-key-${++key}` },
      body: { data: { type: 'orders', attributes } },
    });
  const plan = async (server: FakeServer, planId: string) => {
    const res = await host.request('PUT', `/api/v1/tenants/acme/service-plans/openstack:${server.id}`, {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'service-plans',
          attributes: { serviceName: server.name, planId, anchorDay: 15, startedOn: '2025-11-15', renewsOn: '2027-11-15' },
        },
      },
    });
    assert.equal(res.status, 200, await res.clone().text());
  };
  const contract = async (server: FakeServer) => host.services.orders.catalog.servicePlan('acme', `openstack:${server.id}`);
  const invoices = async () => (await json(await host.request('GET', '/api/v1/invoices', { token: buyer }))).data as any[];

  before(async () => {
    fake = await startOpenStackFake({ transitionMs: 20 });
    host = await createTestHost({
      now: () => clock,
      plugins: [
        localPlugin,
        {
          plugin: openstackPlugin,
          config: { authUrl: fake.authUrl, username: fake.username, password: fake.password, projectId: fake.projectId, resizePollMs: 10 },
        },
      ],
    });
    await seedTwoTenants(host);
    await host.services.compute.setAccounts('acme', [{ source: 'openstack', scope: fake.projectId }]);
    await host.services.billing.setAccount('acme', { source: 'local', account: 'acme' });
    for (const [id, name, monthlyAmount, rank, flavor] of [
      ['cloud-m', 'Cloud M', 3000, 2, 'f-m'],
      ['cloud-l', 'Cloud L', 6000, 3, 'f-l'],
    ] as const) {
      const res = await host.request('PUT', `/api/v1/catalog/${id}`, {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'catalog-items',
            attributes: { product: 'cloud', kind: 'plan', name, currency: 'EUR', monthlyAmount, rank, flavors: { openstack: flavor } },
          },
        },
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
    staff = await host.token('acme', ['staff']);
  });
  after(async () => {
    await host.services.orders.fulfilment.idle();
    await host.close();
    await fake.close();
  });

  it('an add-on cannot map to a flavor', async () => {
    const res = await host.request('PUT', '/api/v1/catalog/extra-ip', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'catalog-items',
          attributes: { product: 'cloud', kind: 'addon', name: 'IP', currency: 'EUR', monthlyAmount: 300, flavors: { openstack: 'f-l' } },
        },
      },
    });
    assert.equal(res.status, 422);
    assert.equal((await json(res)).errors[0].source.pointer, '/data/attributes/flavors');
  });

  it('an upgrade resizes the server at OpenStack, completes, and bills the previewed amount for its period', async () => {
    const web = fake.addServer(fake.projectId, { name: 'web-01', flavorId: 'f-m' });
    await plan(web, 'cloud-m');
    const attributes = { type: 'upgrade', serviceId: `openstack:${web.id}`, planId: 'cloud-l' };
    const quote = (
      await json(await host.request('POST', '/api/v1/order-quotes', { token: buyer, body: { data: { type: 'order-quotes', attributes } } }))
    ).data.attributes;
    assert.deepEqual(quote.providerAction, { kind: 'resize', source: 'openstack', serverId: web.id, flavorId: 'f-l', reboot: true });
    assert.equal(quote.dueNow, 2100, '3000 a month more for the 21 of 30 days left');
    assert.deepEqual([quote.period.today, quote.period.next], ['2026-11-24', '2026-12-15']);

    const unconsented = await place(attributes);
    assert.equal(unconsented.status, 422);
    assert.equal((await json(unconsented)).errors[0].source.pointer, '/data/attributes/acceptReboot');
    assert.equal(web.flavorId, 'f-m', 'nothing happened at the provider');

    const placed = (await json(await place({ ...attributes, acceptReboot: true, window: 'now' }))).data.attributes;
    assert.equal(placed.state, 'provisioning', 'the order shows the provider at work');
    assert.equal((await contract(web)).planId, 'cloud-m', 'the contract waits for the provider');
    await host.services.orders.fulfilment.idle();

    const id = (await json(await host.request('GET', '/api/v1/orders', { token: buyer }))).data[0].id;
    const order = (await json(await host.request('GET', `/api/v1/orders/${id}`, { token: buyer }))).data.attributes;
    assert.equal(order.state, 'completed');
    assert.equal(web.flavorId, 'f-l', 'the flavor changed at the fake');
    assert.equal(web.status, 'ACTIVE');
    assert.equal((await contract(web)).planId, 'cloud-l');
    const servers = (await json(await host.request('GET', '/api/v1/servers', { token: buyer }))).data as any[];
    assert.equal(
      servers.find((s) => s.id === `openstack:${web.id}`).attributes.flavor.name,
      'm1.large',
      'the server list agrees with the contract',
    );

    const billed = (await invoices()).filter((i) => i.id === order.chargeInvoiceId);
    assert.equal(billed.length, 1, 'the invoice is at the billing provider');
    const line = billed[0].attributes.lines[0];
    assert.equal(line.amount, quote.dueNow);
    assert.match(line.description, new RegExp(`${order.number}.*2026-11-24 – 2026-12-14`));
    assert.equal(billed[0].attributes.total, quote.dueNow);

    await host.services.orders.runDue();
    assert.equal(
      (await invoices()).filter((i) => i.attributes.lines.some((l: any) => l.description.includes(order.number))).length,
      1,
      'billed once',
    );
  });

  it('a refused resize fails the order with the provider reason, bills nothing, leaves the contract, and shows staff', async () => {
    // The server already runs the flavor the plan maps to: Nova refuses a resize to the same flavor.
    const db = fake.addServer(fake.projectId, { name: 'db-02', flavorId: 'f-l' });
    await plan(db, 'cloud-m');
    const before = (await invoices()).length;
    const placed = (await json(await place({ type: 'upgrade', serviceId: `openstack:${db.id}`, planId: 'cloud-l', acceptReboot: true })))
      .data;
    await host.services.orders.fulfilment.idle();
    const order = (await json(await host.request('GET', `/api/v1/orders/${placed.id}`, { token: buyer }))).data.attributes;
    assert.equal(order.state, 'failed');
    // The customer reads the host's words, in their language, with the order number support finds it by;
    // never Nova's own sentence.
    assert.equal(
      order.failureReason,
      `The server platform could not carry out this order, so nothing was charged. Support can look it up by the order number ${order.number}.`,
    );
    const german = (await json(await host.request('GET', `/api/v1/orders/${placed.id}?lang=de`, { token: buyer }))).data.attributes;
    assert.match(german.failureReason, new RegExp(`^Die Serverplattform konnte diese Bestellung nicht ausführen, .*${order.number}\\.$`));
    assert.equal(german.history.find((h: any) => h.kind === 'failed').detail.reason, german.failureReason);
    // Staff read the provider's own words as it gave them, in the order, its history and the activity log.
    const seen = (await json(await host.request('GET', `/api/v1/orders/${placed.id}?lang=de`, { token: staff }))).data.attributes;
    assert.equal(seen.failureReason, 'When resizing, instances must change flavor!');
    assert.equal(seen.history.find((h: any) => h.kind === 'failed').detail.reason, seen.failureReason);
    const activity = async (token: string, path = '/api/v1/activity?filter[kind]=order') => {
      const res = await host.request('GET', path, { token });
      return path.includes('.csv') ? res.text() : JSON.stringify((await json(res)).data);
    };
    assert.match(await activity(staff), /When resizing, instances must change flavor!/);
    for (const path of ['/api/v1/activity?filter[kind]=order', '/api/v1/activity.csv?filter[kind]=order']) {
      const read = await activity(buyer, path);
      assert.doesNotMatch(
        read,
        /When resizing|instances must change|openstack/,
        `${path}: the customer never reads Nova's words or the plugin`,
      );
      assert.match(read, /could not carry out this order/, path);
    }
    assert.equal(order.chargeInvoiceId, null);
    assert.equal((await invoices()).length, before, 'nothing billed');
    assert.equal((await contract(db)).planId, 'cloud-m', 'contract unchanged');
    const queue = (await json(await host.request('GET', '/api/v1/review-queue', { token: staff }))).data as any[];
    assert.equal(queue.find((q) => q.id === placed.id)?.attributes.state, 'failed', 'staff see it in their queue');
  });

  it('a resize chosen for tonight waits, approved, until 02:00 in the billing time zone', async () => {
    const app = fake.addServer(fake.projectId, { name: 'app-01', flavorId: 'f-m' });
    await plan(app, 'cloud-m');
    const placed = (
      await json(
        await place({ type: 'upgrade', serviceId: `openstack:${app.id}`, planId: 'cloud-l', acceptReboot: true, window: 'tonight' }),
      )
    ).data.attributes;
    assert.equal(placed.state, 'approved');
    assert.equal(placed.scheduledFor, '2026-11-25T02:00:00.000Z');
    assert.equal(await host.services.orders.runDue(), 0);
    assert.equal(app.flavorId, 'f-m');
    clock = new Date('2026-11-25T02:00:30Z');
    assert.equal(await host.services.orders.runDue(), 1);
    assert.equal(app.flavorId, 'f-l');
    assert.equal((await contract(app)).planId, 'cloud-l');
  });

  it('a downgrade takes effect at the end of the paid period, with nothing credited, unless asked for now', async () => {
    for (const [id, name, monthlyAmount, rank] of [
      ['basic-s', 'Basic S', 1000, 1],
      ['basic-m', 'Basic M', 2500, 2],
    ] as const) {
      await host.request('PUT', `/api/v1/catalog/${id}`, {
        token: ADMIN_KEY,
        body: {
          data: { type: 'catalog-items', attributes: { product: 'basic', kind: 'plan', name, currency: 'EUR', monthlyAmount, rank } },
        },
      });
    }
    for (const service of ['mail-01', 'mail-02']) {
      await host.request('PUT', `/api/v1/tenants/acme/service-plans/${service}`, {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'service-plans',
            attributes: { serviceName: service, planId: 'basic-m', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' },
          },
        },
      });
    }
    const quote = async (attributes: Record<string, unknown>) =>
      (
        await json(
          await host.request('POST', '/api/v1/order-quotes', { token: buyer, body: { data: { type: 'order-quotes', attributes } } }),
        )
      ).data.attributes;
    const later = await quote({ type: 'downgrade', serviceId: 'mail-01', planId: 'basic-s' });
    assert.deepEqual([later.dueNow, later.effectiveOn, later.providerAction], [0, '2026-12-01', null]);
    const now = await quote({ type: 'downgrade', serviceId: 'mail-02', planId: 'basic-s', effective: 'now' });
    assert.ok(now.dueNow < 0, 'now: the unused part is credited');
    assert.equal(now.effectiveOn, now.period.today);

    const placed = (await json(await place({ type: 'downgrade', serviceId: 'mail-01', planId: 'basic-s' }))).data;
    assert.equal(placed.attributes.state, 'in_review');
    const approved = (
      await json(
        await host.request('POST', `/api/v1/orders/${placed.id}/review`, {
          token: staff,
          body: { data: { type: 'order-reviews', attributes: { action: 'approve' } } },
        }),
      )
    ).data.attributes;
    assert.equal(approved.state, 'approved');
    assert.equal(approved.scheduledFor, '2026-12-01T00:00:00.000Z');
    assert.equal((await host.services.orders.catalog.servicePlan('acme', 'mail-01')).planId, 'basic-m', 'paid until the period ends');
    clock = new Date('2026-12-01T00:01:00Z');
    await host.services.orders.runDue();
    assert.equal((await host.services.orders.catalog.servicePlan('acme', 'mail-01')).planId, 'basic-s');
    assert.equal(
      (await json(await host.request('GET', `/api/v1/orders/${placed.id}`, { token: buyer }))).data.attributes.state,
      'completed',
    );
  });

  /**
   * A resize from cloud-m to cloud-l of a new server `name`, as if the host stopped while Nova
   * worked: the order says provisioning and no process follows it.
   */
  const abandonedResize = async (name: string) => {
    const server = fake.addServer(fake.projectId, { name, flavorId: 'f-m' });
    await plan(server, 'cloud-m');
    const placed = (
      await json(
        await place({ type: 'upgrade', serviceId: `openstack:${server.id}`, planId: 'cloud-l', acceptReboot: true, window: 'tonight' }),
      )
    ).data;
    await host.services.db
      .updateTable('orders')
      .set({ state: 'provisioning', updated_at: clock.toISOString() })
      .where('id', '=', placed.id)
      .execute();
    return { server, placed };
  };

  it('a resize no process finished is settled by what the server shows, after the resize time limit', async () => {
    const { server: gone, placed } = await abandonedResize('batch-01');
    // The server finished meanwhile.
    gone.flavorId = 'f-l';
    await host.services.orders.runDue();
    assert.equal((await host.services.orders.get('acme', placed.id)).state, 'provisioning', 'not before the time limit');
    clock = new Date(clock.getTime() + 46 * 60_000);
    await host.services.orders.runDue();
    assert.equal((await host.services.orders.get('acme', placed.id)).state, 'completed');
    assert.equal((await contract(gone)).planId, 'cloud-l');
  });

  it("a resize no process finished and the server did not take fails with the host's reason, worded in each reader's language", async () => {
    const { server: stuck, placed } = await abandonedResize('batch-02');
    clock = new Date(clock.getTime() + 46 * 60_000);
    await host.services.orders.runDue();
    const read = async (lang: string) =>
      (await json(await host.request('GET', `/api/v1/orders/${placed.id}?lang=${lang}`, { token: buyer }))).data.attributes;
    const [english, german] = [await read('en'), await read('de')];
    assert.equal(english.state, 'failed');
    assert.equal(english.failureReason, 'The resize did not finish: the server is running on m1.medium.');
    assert.equal(german.failureReason, 'Die Größenänderung wurde nicht abgeschlossen: Der Server ist in Betrieb mit m1.medium.');
    // The history's step says the same, in the same language; the catalogue message it was worded from stays inside.
    const failedStep = (order: { history: { kind: string; detail: Record<string, unknown> }[] }) =>
      order.history.find((h) => h.kind === 'failed')!.detail;
    assert.deepEqual(failedStep(english), { reason: english.failureReason, source: 'openstack', service: 'compute' });
    assert.deepEqual(failedStep(german), { reason: german.failureReason, source: 'openstack', service: 'compute' });
    // The activity log keeps the reason as it happened, and no catalogue key.
    const activity = (await json(await host.request('GET', '/api/v1/activity?filter[kind]=order&lang=de', { token: staff }))).data as any[];
    const logged = activity.find((a) => a.attributes.action === 'order.failed' && a.attributes.detail.order === placed.id).attributes
      .detail;
    assert.deepEqual(logged, { order: placed.id, state: 'failed', reason: english.failureReason, source: 'openstack', service: 'compute' });
    assert.equal((await contract(stuck)).planId, 'cloud-m', 'contract unchanged');
  });
});
