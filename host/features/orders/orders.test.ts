import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, collect, createTestHost, seedTwoTenants, type TestHost } from '../../test/helpers.js';
import { TEST_CATALOG } from './test-catalog.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const json = async (res: Response) => (await res.json()) as any;

/** A small catalog: three VPS sizes, two dedicated-server generations, add-ons. */
export async function seedCatalog(host: TestHost) {
  for (const [id, attributes] of TEST_CATALOG) {
    const res = await host.request('PUT', `/api/v1/catalog/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'catalog-items', attributes } },
    });
    assert.equal(res.status, 200, await res.clone().text());
  }
  const plans: [string, string, Record<string, unknown>][] = [
    ['acme', 'web-01', { serviceName: 'web-01', planId: 'vps-s', anchorDay: 15, startedOn: '2025-11-15', renewsOn: '2026-11-15' }],
    [
      'acme',
      'db-01',
      {
        serviceName: 'db-01',
        planId: 'ded-g1',
        anchorDay: 1,
        startedOn: '2023-01-01',
        renewsOn: '2027-01-01',
        device: 'Rack server SN-4711',
      },
    ],
    ['globex', 'gx-01', { serviceName: 'gx-01', planId: 'vps-m', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' }],
  ];
  for (const [tenant, service, attributes] of plans) {
    const res = await host.request('PUT', `/api/v1/tenants/${tenant}/service-plans/${service}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'service-plans', attributes } },
    });
    assert.equal(res.status, 200, await res.clone().text());
  }
}

describe('orders', () => {
  let host: TestHost;
  let buyer: string;
  let viewer: string;
  let staff: string;
  let key = 0;
  const place = (attributes: Record<string, unknown>, token = buyer, idem = `order-key-${++key}`) =>
    host.request('POST', '/api/v1/orders', { token, headers: { 'idempotency-key': idem }, body: { data: { type: 'orders', attributes } } });
  const decide = (id: string, attributes: Record<string, unknown>, token = staff) =>
    host.request('POST', `/api/v1/orders/${id}/review`, { token, body: { data: { type: 'order-reviews', attributes } } });

  before(async () => {
    host = await createTestHost({ now: () => NOW });
    await seedTwoTenants(host);
    await seedCatalog(host);
    // web-01 ran at its CPU limit and close to its memory in the last weeks.
    const at = Math.floor(NOW.getTime() / 1000) - 3 * 86400;
    await host.services.usage.store.record([
      { tenant: 'acme', serverId: 'web-01', metric: 'cpu', at, value: 100 },
      { tenant: 'acme', serverId: 'web-01', metric: 'memory', at, value: 3900 },
    ]);
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
    viewer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff']);
  });
  after(() => host.close());

  it('lists the catalog and the services with their plans', async () => {
    const catalog = await json(await host.request('GET', '/api/v1/catalog?filter[product]=vps', { token: viewer }));
    assert.deepEqual(
      catalog.data.map((i: any) => i.id),
      ['backup', 'vps-s', 'vps-m', 'vps-l'],
    );
    const plans = await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }));
    assert.deepEqual(
      plans.data.map((p: any) => [p.id, p.attributes.plan.name]),
      [
        ['db-01', 'Dedicated Gen 1'],
        ['web-01', 'VPS S'],
      ],
    );
    const denied = await host.request('PUT', '/api/v1/catalog/vps-xl', {
      token: viewer,
      body: {
        data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'XL', currency: 'EUR', monthlyAmount: 1 } },
      },
    });
    assert.equal(denied.status, 403, 'a customer cannot change the catalog');
    const staffToken = await host.token('acme', ['staff']);
    const byStaff = await host.request('PUT', '/api/v1/catalog/vps-s', {
      token: staffToken,
      body: {
        data: { type: 'catalog-items', attributes: { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 1 } },
      },
    });
    assert.equal(byStaff.status, 403, "a tenant's staff cannot change every tenant's prices");
    const price = await json(await host.request('GET', '/api/v1/catalog?filter[product]=vps', { token: viewer }));
    assert.notEqual(price.data.find((i: any) => i.id === 'vps-s').attributes.monthlyAmount, 1, 'the price did not change');
    const operator = await host.token('acme', ['operator']);
    const current = price.data.find((i: any) => i.id === 'vps-s').attributes;
    const byOperator = await host.request('PUT', '/api/v1/catalog/vps-s', {
      token: operator,
      body: { data: { type: 'catalog-items', attributes: current } },
    });
    assert.equal(byOperator.status, 200, 'the platform role may');
  });

  it('recommends the cheapest plan that leaves room for the peak that hit the limit', async () => {
    const res = await json(await host.request('GET', '/api/v1/service-plans/web-01/options?type=upgrade&metric=cpu', { token: viewer }));
    assert.deepEqual(
      res.data.map((o: any) => o.id),
      ['vps-m', 'vps-l'],
    );
    assert.deepEqual(res.meta.peaks, { cpu: 2, memory: 3900 });
    const m = res.data[0].attributes;
    assert.equal(m.recommended, true);
    assert.equal(m.utilisation.cpu, 0.5);
    assert.equal(m.fits, true);
    const down = await json(await host.request('GET', '/api/v1/service-plans/web-01/options?type=downgrade', { token: viewer }));
    assert.deepEqual(down.data, [], 'nothing smaller than S');
  });

  it('quotes an upgrade with proration to the next billing date, coded by the host', async () => {
    const res = await host.request('POST', '/api/v1/order-quotes', {
      token: viewer,
      body: { data: { type: 'order-quotes', attributes: { type: 'upgrade', serviceId: 'web-01', planId: 'vps-m', addonIds: ['backup'] } } },
    });
    assert.equal(res.status, 200);
    const q = (await json(res)).data.attributes;
    assert.deepEqual(q.period, { today: '2026-11-24', start: '2026-11-15', next: '2026-12-15', days: 30 });
    assert.deepEqual(
      q.lines.map((l: any) => [l.code, l.mrrDelta, l.dueNow]),
      [
        ['expansion', 2000, 1400],
        ['add-on', 1500, 1050],
      ],
    );
    assert.equal(q.dueNow, 2450);
    assert.equal(q.mrrDelta, 3500);
    assert.deepEqual(q.reviewReasons, []);
  });

  it('places a self-serve upgrade once per key; the capacity the gauge draws changes', async () => {
    const stream = collect(host, 'orders');
    const idem = 'upgrade-web-01-once';
    const res = await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-m' }, buyer, idem);
    assert.equal(res.status, 201, await res.clone().text());
    const order = (await json(res)).data;
    assert.equal(order.attributes.state, 'completed');
    assert.match(order.attributes.number, /^ORD-\d+$/);
    assert.deepEqual(
      order.attributes.history.filter((h: any) => h.to).map((h: any) => h.to),
      ['submitted', 'approved', 'provisioning', 'completed'],
    );
    assert.ok(
      order.attributes.history.some((h: any) => h.kind === 'charge_manual' && h.detail.amount === order.attributes.dueNow),
      'without a billing account, staff are told to bill the amount',
    );
    assert.equal(order.attributes.history[1].actor, 'self-serve');

    const again = await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-m' }, buyer, idem);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    assert.equal((await json(again)).data.id, order.id, 'the same order, not a second one');
    const reused = await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-l' }, buyer, idem);
    assert.equal(reused.status, 422);

    const plans = await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }));
    const web = plans.data.find((p: any) => p.id === 'web-01').attributes;
    assert.equal(web.planId, 'vps-m');
    assert.equal(web.monthlyAmount, 4000);
    const caps = await host.services.db
      .selectFrom('server_plans')
      .select(['metric', 'capacity'])
      .where('tenant_id', '=', 'acme')
      .where('server_id', '=', 'web-01')
      .orderBy('metric')
      .execute();
    assert.deepEqual(
      caps.map((c) => [c.metric, Number(c.capacity)]),
      [
        ['bandwidth', 1000],
        ['disk', 160],
        ['memory', 8192],
      ],
    );
    await stream.until((e) => e.some((x) => x.tenant === 'acme' && x.data.id === order.id && x.data.state === 'completed'));
    const orders = await json(await host.request('GET', '/api/v1/orders', { token: viewer }));
    assert.equal(orders.data.filter((o: any) => o.id === order.id).length, 1);
  });

  it('refuses orders without the billing role, and bad input with a pointer', async () => {
    assert.equal((await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-l' }, viewer)).status, 403);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ type: 'addon', serviceId: 'web-01', planId: 'vps-l', addonIds: ['backup'] }, 422, '/data/attributes/planId'],
      [{ type: 'upgrade', serviceId: 'web-01', planId: 'nope' }, 422, '/data/attributes/planId'],
      [{ type: 'upgrade', serviceId: 'web-01', planId: 'ded-g2' }, 422, '/data/attributes/planId'],
      [{ type: 'upgrade', serviceId: 'web-01', planId: 'vps-m' }, 422, '/data/attributes/planId'],
      [{ type: 'addon', serviceId: 'web-01', addonIds: [] }, 422, '/data/attributes/addonIds'],
      [{ type: 'addon', serviceId: 'web-01', addonIds: ['vps-l'] }, 422, '/data/attributes/addonIds/0'],
      [{ type: 'refresh', serviceId: 'web-01' }, 422, '/data/attributes/planId'],
      [{ type: 'sideways', serviceId: 'web-01' }, 422, '/data/attributes/type'],
    ];
    for (const [attributes, status, pointer] of cases) {
      const res = await place(attributes);
      assert.equal(res.status, status, JSON.stringify(attributes));
      const err = (await json(res)).errors[0];
      assert.equal(err.source?.pointer, pointer, JSON.stringify(attributes));
      assert.ok(err.detail.length > 10);
    }
    assert.equal(
      (await place({ type: 'upgrade', serviceId: 'gx-01', planId: 'vps-l' })).status,
      404,
      "another tenant's service does not exist",
    );
  });

  it('sends a mistyped order to review; staff re-code it, the coding follows, and approve it', async () => {
    const res = await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-s', note: 'Smaller please' });
    const order = (await json(res)).data;
    assert.equal(order.attributes.state, 'in_review');
    assert.deepEqual(order.attributes.reviewReasons.sort(), ['contraction', 'type_mismatch']);
    assert.equal(order.attributes.lines[0].code, 'contraction', 'booked by what it does, not by the label');
    assert.equal(order.attributes.dueNow, -1400, 'a credit for the rest of the period');

    assert.equal((await decide(order.id, { action: 'approve' }, buyer)).status, 403, 'customers do not review');
    const globexStaff = await host.token('globex', ['staff']);
    assert.equal((await decide(order.id, { action: 'approve' }, globexStaff)).status, 404, "another tenant's staff token sees nothing");

    const queue = await json(await host.request('GET', '/api/v1/review-queue', { token: staff }));
    assert.ok(queue.data.some((d: any) => d.id === order.id));
    assert.equal(queue.meta.tenant.name, 'Acme Corp');

    const recoded = (await json(await decide(order.id, { action: 'recode', type: 'downgrade', message: 'Customer picked the wrong tile' })))
      .data.attributes;
    assert.equal(recoded.type, 'downgrade');
    assert.equal(recoded.requestedType, 'upgrade');
    assert.deepEqual(recoded.reviewReasons, ['contraction']);
    const event = recoded.history.find((h: any) => h.kind === 'recoded');
    assert.deepEqual([event.actor, event.detail.from, event.detail.to], ['user@acme.example', 'upgrade', 'downgrade']);
    const audit = await host.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'order.recoded').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.subject, order.attributes.number);
    assert.equal((await decide(order.id, { action: 'recode', type: 'addon' })).status, 422, 'a plan change is never an add-on');

    const approved = (await json(await decide(order.id, { action: 'approve', message: 'Done' }))).data.attributes;
    assert.equal(approved.state, 'completed');
    assert.equal((await decide(order.id, { action: 'recode', type: 'upgrade' })).status, 409, 'too late to re-code');
    assert.equal(
      (await host.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: buyer })).status,
      409,
      'cannot cancel what is done',
    );
  });

  it('codes a mixed order line by line and adds the add-on to the service', async () => {
    const order = (await json(await place({ type: 'upgrade', serviceId: 'web-01', planId: 'vps-l', addonIds: ['backup', 'ipv4'] }))).data
      .attributes;
    assert.deepEqual(
      order.lines.map((l: any) => l.code),
      ['expansion', 'add-on', 'add-on'],
    );
    assert.equal(order.mrrDelta, 6000 + 1500 + 300);
    assert.equal(order.state, 'completed');
    const plans = await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }));
    assert.deepEqual(
      plans.data.find((p: any) => p.id === 'web-01').attributes.addons.map((a: any) => a.id),
      ['backup', 'ipv4'],
    );
    assert.equal((await place({ type: 'addon', serviceId: 'web-01', addonIds: ['backup'] })).status, 422, 'already has it');
  });

  it("renews for the term at today's catalog price, from the renewal date", async () => {
    await host.request('PUT', '/api/v1/catalog/vps-l', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'catalog-items',
          attributes: { product: 'vps', kind: 'plan', name: 'VPS L', currency: 'EUR', monthlyAmount: 8400, rank: 3 },
        },
      },
    });
    const order = (await json(await place({ type: 'renewal', serviceId: 'web-01' }))).data.attributes;
    assert.deepEqual(
      order.lines.map((l: any) => [l.code, l.mrrDelta, l.dueNow]),
      [['renewal', 400, 0]],
    );
    assert.equal(order.state, 'completed');
    const plans = await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }));
    assert.equal(plans.data.find((p: any) => p.id === 'web-01').attributes.renewsOn, '2027-11-15');
  });

  it('a renewal quotes the term price and starts the day after the term ends, never in the past', async () => {
    // The renewal date passed while the service kept renewing: the next term starts at the next boundary.
    await host.request('PUT', '/api/v1/tenants/globex/service-plans/gx-old', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'service-plans',
          attributes: { serviceName: 'gx-old', planId: 'vps-m', anchorDay: 1, startedOn: '2024-03-01', renewsOn: '2025-03-01' },
        },
      },
    });
    const globex = await host.token('globex', ['customer']);
    const q = (
      await json(
        await host.request('POST', '/api/v1/order-quotes', {
          token: globex,
          body: { data: { type: 'order-quotes', attributes: { type: 'renewal', serviceId: 'gx-old' } } },
        }),
      )
    ).data.attributes;
    assert.deepEqual(q.term, { months: 12, monthly: 4000, total: 48000, startsOn: '2027-03-01', endsOn: '2028-02-29' });
    assert.equal(q.effectiveOn, '2027-03-01');
    assert.ok(q.effectiveOn > q.period.today);
    assert.equal(q.lines[0].toMonthly, 4000, 'the plan at its price, not €0');
  });

  it('add-ons of one group exclude each other: both in one order is a 422; a second tier replaces the first', async () => {
    // A session of its own: the tests above spent their share of the write rate limit.
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
    for (const [id, name, monthlyAmount] of [
      ['dr-plus', 'DR Plus', 2500],
      ['dr-pro', 'DR Pro', 4900],
    ] as const) {
      await host.request('PUT', `/api/v1/catalog/${id}`, {
        token: ADMIN_KEY,
        body: {
          data: { type: 'catalog-items', attributes: { product: '*', kind: 'addon', name, currency: 'EUR', monthlyAmount, group: 'dr' } },
        },
      });
    }
    const both = await place({ type: 'addon', serviceId: 'web-01', addonIds: ['dr-plus', 'dr-pro'] });
    assert.equal(both.status, 422);
    const err = (await json(both)).errors[0];
    assert.equal(err.source.pointer, '/data/attributes/addonIds/1');
    assert.match(err.detail, /"DR Plus" and "DR Pro" exclude each other/);
    assert.equal((await place({ type: 'addon', serviceId: 'web-01', addonIds: ['dr-plus'] })).status, 201);
    const pro = (await json(await place({ type: 'addon', serviceId: 'web-01', addonIds: ['dr-pro'] }))).data.attributes;
    assert.equal(pro.lines[0].description, 'DR Plus → DR Pro');
    assert.equal(pro.mrrDelta, 2400, 'the difference, not a second tier');
    const plans = await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }));
    const addons = plans.data.find((p: any) => p.id === 'web-01').attributes.addons.map((a: any) => a.id);
    assert.ok(addons.includes('dr-pro') && !addons.includes('dr-plus'), 'never both on the service');
  });

  it('takes a hardware refresh through review, delivery of the new device, then the old one back: the contract moves on delivery', async () => {
    // A session of its own: the tests above spent their share of the write rate limit.
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
    const options = await json(await host.request('GET', '/api/v1/service-plans/db-01/options?type=refresh', { token: viewer }));
    assert.deepEqual(
      options.data.map((o: any) => [o.id, o.attributes.recommended]),
      [['ded-g2', true]],
      'never the model it has today',
    );
    const same = await place({ type: 'refresh', serviceId: 'db-01', planId: 'ded-g1' });
    assert.equal(same.status, 422, 'Gen 1 → Gen 1 is no refresh');
    assert.match((await json(same)).errors[0].detail, /already is a Dedicated Gen 1/);

    const placed = (await json(await place({ type: 'refresh', serviceId: 'db-01' }))).data;
    assert.equal(placed.attributes.lines[0].itemId, 'ded-g2', 'the newest model of the line by default');
    assert.equal(placed.attributes.state, 'in_review');
    assert.ok(placed.attributes.reviewReasons.includes('hardware'));
    assert.equal(placed.attributes.lines[0].code, 'refresh');
    const second = await place({ type: 'refresh', serviceId: 'db-01', planId: 'ded-g2' });
    assert.equal(second.status, 409, 'a second refresh while the first is pending');
    assert.match((await json(second)).errors[0].detail, new RegExp(placed.attributes.number));
    assert.equal(
      (await host.request('GET', `/api/v1/orders/${placed.id}/label.pdf`, { token: viewer })).status,
      404,
      'no label before approval',
    );

    const contract = async () =>
      (await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }))).data.find((p: any) => p.id === 'db-01')
        .attributes;
    const approved = (await json(await decide(placed.id, { action: 'approve' }))).data;
    assert.equal(approved.attributes.state, 'awaiting_delivery');
    assert.deepEqual(approved.attributes.delivery, {
      model: 'Dedicated Gen 2',
      carrier: null,
      trackingNumber: null,
      shippedAt: null,
      deliveredAt: null,
      deliveredBy: null,
    });
    assert.deepEqual(
      [(await contract()).planId, (await contract()).device],
      ['ded-g1', 'Rack server SN-4711'],
      'approval does not switch the contract',
    );
    assert.equal(
      (await place({ type: 'refresh', serviceId: 'db-01', planId: 'ded-g2' })).status,
      409,
      'still pending while the device travels',
    );
    const early = await decide(placed.id, { action: 'delivered' });
    assert.equal((await json(early)).errors[0].code, 'not_shipped');
    assert.equal((await decide(placed.id, { action: 'ship', carrier: 'DHL Freight', trackingNumber: '' })).status, 422);
    const shipped = (await json(await decide(placed.id, { action: 'ship', carrier: 'DHL Freight', trackingNumber: 'JD014600006281230' })))
      .data.attributes;
    assert.deepEqual(
      [shipped.state, shipped.delivery.carrier, shipped.delivery.trackingNumber],
      ['awaiting_delivery', 'DHL Freight', 'JD014600006281230'],
    );
    assert.equal((await contract()).planId, 'ded-g1', 'on its way: still the old model');
    const customerView = (await json(await host.request('GET', `/api/v1/orders/${placed.id}`, { token: viewer }))).data.attributes;
    assert.equal(customerView.delivery.trackingNumber, 'JD014600006281230', 'the customer sees the shipment');

    const approvedReturn = (await json(await decide(placed.id, { action: 'delivered', message: 'Racked in FRA1' }))).data;
    assert.equal(approvedReturn.attributes.state, 'awaiting_device_return');
    assert.ok(approvedReturn.attributes.delivery.deliveredAt);
    assert.equal((await contract()).planId, 'ded-g2', 'delivered: the contract moves to the new model');
    assert.match((await contract()).device, /Dedicated Gen 2/);
    assert.equal((await decide(placed.id, { action: 'delivered' })).status, 409, 'delivered once');
    assert.equal(approvedReturn.attributes.customerAction, 'attest_wipe');
    assert.match(approvedReturn.attributes.deviceReturn.trackingNumber, /^GP\d{12}$/);
    assert.equal(approvedReturn.attributes.deviceReturn.device, 'Rack server SN-4711');
    assert.equal(approvedReturn.links.label, `/api/v1/orders/${placed.id}/label.pdf`);

    const pdf = await host.request('GET', approvedReturn.links.label, { token: viewer });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5)), '%PDF-');

    const busy = await host.request('POST', `/api/v1/orders/${placed.id}/cancel`, { token: buyer });
    assert.equal(busy.status, 409, 'the new device is in: too late to cancel');
    assert.equal((await json(busy)).errors[0].code, 'order_in_fulfilment');
    assert.match(
      (await json(await decide(placed.id, { action: 'cancel' }))).errors[0].detail,
      /already being carried out/,
      'staff neither',
    );

    const notYet = await decide(placed.id, { action: 'device-received' });
    assert.equal(notYet.status, 409);
    assert.equal((await json(notYet)).errors[0].code, 'not_attested');
    assert.equal(
      (
        await host.request('POST', `/api/v1/orders/${placed.id}/attestation`, {
          token: viewer,
          body: { data: { type: 'attestations', attributes: { wiped: true } } },
        })
      ).status,
      403,
    );
    assert.equal(
      (
        await host.request('POST', `/api/v1/orders/${placed.id}/attestation`, {
          token: buyer,
          body: { data: { type: 'attestations', attributes: { wiped: false } } },
        })
      ).status,
      422,
    );
    const attested = (
      await json(
        await host.request('POST', `/api/v1/orders/${placed.id}/attestation`, {
          token: buyer,
          body: { data: { type: 'attestations', attributes: { wiped: true, statement: 'Disks erased with a 3-pass wipe' } } },
        }),
      )
    ).data.attributes;
    assert.equal(attested.customerAction, 'ship_device');
    assert.equal(attested.deviceReturn.attestedBy, 'user@acme.example');

    const received = (await json(await decide(placed.id, { action: 'device-received' }))).data.attributes;
    assert.equal(received.state, 'device_received');
    assert.ok(received.deviceReturn.receivedAt);
    assert.equal((await decide(placed.id, { action: 'device-received' })).status, 409, 'received once');
    const done = (await json(await decide(placed.id, { action: 'complete' }))).data.attributes;
    assert.equal(done.state, 'completed');
    assert.deepEqual(
      done.history.filter((h: any) => h.to).map((h: any) => h.to),
      ['submitted', 'in_review', 'approved', 'provisioning', 'awaiting_delivery', 'awaiting_device_return', 'device_received', 'completed'],
    );
  });

  it('cancels a downgrade that waits for the period end (customer) or for review (staff), nothing charged, the plan unchanged', async () => {
    // A session of its own: the tests above spent their share of the write rate limit.
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
    const before = (await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }))).data.find(
      (p: any) => p.id === 'web-01',
    ).attributes;
    const placed = (await json(await place({ type: 'downgrade', serviceId: 'web-01', planId: 'vps-s', effective: 'period_end' }))).data;
    const approved = (await json(await decide(placed.id, { action: 'approve' }))).data.attributes;
    assert.equal(approved.state, 'approved');
    assert.ok(approved.scheduledFor, 'waits for the end of the paid period');
    const queue = await json(await host.request('GET', '/api/v1/review-queue', { token: staff }));
    assert.ok(
      queue.data.some((d: any) => d.id === placed.id),
      'staff see the scheduled order',
    );
    const cancelled = await host.request('POST', `/api/v1/orders/${placed.id}/cancel`, { token: buyer });
    assert.equal(cancelled.status, 200, await cancelled.clone().text());
    const row = await host.services.db
      .selectFrom('orders')
      .select(['state', 'scheduled_for', 'charge_reference'])
      .where('id', '=', placed.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'cancelled', scheduled_for: null, charge_reference: null });
    await host.services.orders.runDue();
    const after = (await json(await host.request('GET', '/api/v1/service-plans', { token: viewer }))).data.find(
      (p: any) => p.id === 'web-01',
    ).attributes;
    assert.equal(after.planId, before.planId, 'the plan did not change');
    const again = await host.request('POST', `/api/v1/orders/${placed.id}/cancel`, { token: buyer });
    assert.equal((await json(again)).errors[0].code, 'order_closed');

    const second = (await json(await place({ type: 'downgrade', serviceId: 'web-01', planId: 'vps-s' }))).data;
    const byStaff = (await json(await decide(second.id, { action: 'cancel', message: 'Agreed on the phone to keep the plan' }))).data
      .attributes;
    assert.equal(byStaff.state, 'cancelled');
    assert.equal(byStaff.history.at(-1).actor, 'user@acme.example');
    assert.equal(byStaff.history.at(-1).detail.message, 'Agreed on the phone to keep the plan');
  });

  it('escalates to the account manager from any step, and shows the answer', async () => {
    const res = await host.request('POST', '/api/v1/escalations', {
      token: viewer,
      body: {
        data: {
          type: 'escalations',
          attributes: {
            step: 'plan',
            selection: { type: 'upgrade', serviceId: 'web-01', planId: 'vps-l' },
            note: 'Is L enough for Black Friday?',
          },
        },
      },
    });
    assert.equal(res.status, 201);
    const id = (await json(res)).data.id;
    const empty = await host.request('POST', '/api/v1/escalations', {
      token: viewer,
      body: { data: { type: 'escalations', attributes: { step: 'plan', note: '  ' } } },
    });
    assert.equal(empty.status, 422);
    const queue = await json(await host.request('GET', '/api/v1/review-queue', { token: staff }));
    const item = queue.data.find((d: any) => d.id === id);
    assert.equal(item.type, 'escalations');
    assert.equal(item.attributes.selection.planId, 'vps-l');
    assert.equal(
      (
        await host.request('POST', `/api/v1/escalations/${id}/answer`, {
          token: viewer,
          body: { data: { type: 'escalation-answers', attributes: { message: 'x' } } },
        })
      ).status,
      403,
    );
    await host.request('POST', `/api/v1/escalations/${id}/answer`, {
      token: staff,
      body: { data: { type: 'escalation-answers', attributes: { message: 'Yes, with room to spare.' } } },
    });
    const mine = await json(await host.request('GET', '/api/v1/escalations', { token: viewer }));
    assert.deepEqual([mine.data[0].attributes.state, mine.data[0].attributes.answer], ['answered', 'Yes, with room to spare.']);
    const after = await json(await host.request('GET', '/api/v1/review-queue', { token: staff }));
    assert.ok(!after.data.some((d: any) => d.id === id), 'answered requests leave the queue');
  });

  it('staff schedule the day an order takes effect: approved for it, moved, never in the past', async () => {
    const buyer = await host.token('acme', ['customer', 'billing']);
    const staff = await host.token('acme', ['staff']);
    const order = (await json(await place({ type: 'downgrade', serviceId: 'web-01', planId: 'vps-m', effective: 'now' }, buyer))).data;
    assert.equal(order.attributes.state, 'in_review');
    const past = await decide(order.id, { action: 'schedule', on: '2026-11-01' }, staff);
    assert.equal(past.status, 422);
    assert.equal((await json(past)).errors[0].source.pointer, '/data/attributes/on');
    const scheduled = (
      await json(await decide(order.id, { action: 'schedule', on: '2026-12-01', message: 'From the 1st, as agreed' }, staff))
    ).data.attributes;
    assert.deepEqual([scheduled.state, scheduled.scheduledFor], ['approved', '2026-12-01T00:00:00.000Z']);
    const moved = (await json(await decide(order.id, { action: 'schedule', on: '2026-12-03' }, staff))).data.attributes;
    assert.equal(moved.scheduledFor, '2026-12-03T00:00:00.000Z');
    await host.services.orders.runDue();
    const row = await host.services.db
      .selectFrom('orders')
      .select(['state', 'scheduled_for'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'approved', scheduled_for: '2026-12-03T00:00:00.000Z' }, 'not before its day');
    assert.equal((await host.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: buyer })).status, 200);
  });

  it('lets the customer cancel an order in review, once', async () => {
    // A session of its own: the ones above spent their share of the write rate limit.
    const buyer = await host.token('acme', ['customer', 'billing']);
    const order = (await json(await place({ type: 'downgrade', serviceId: 'web-01', planId: 'vps-m' }, buyer))).data;
    assert.equal(order.attributes.state, 'in_review');
    const cancelled = await host.request('POST', `/api/v1/orders/${order.id}/cancel`, { token: buyer });
    assert.equal((await json(cancelled)).data.attributes.state, 'cancelled');
    assert.equal((await decide(order.id, { action: 'approve' })).status, 409);
  });
});

describe('orders under concurrency', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost({ now: () => NOW });
    await seedTwoTenants(host);
    await seedCatalog(host);
  });
  after(() => host.close());

  const count = async (where: (q: any) => any = (q) => q) =>
    Number(
      (
        await where(
          host.services.db
            .selectFrom('orders')
            .select((eb: any) => eb.fn.countAll().as('n'))
            .where('tenant_id', '=', 'acme'),
        ).executeTakeFirstOrThrow()
      ).n,
    );

  it('fifty concurrent upgrades of one service from fifty sessions: one order, one due-now amount, no 5xx', async () => {
    const tokens = await Promise.all(Array.from({ length: 50 }, () => host.token('acme', ['customer', 'billing'])));
    const answers = await Promise.all(
      tokens.map((token, i) =>
        host.request('POST', '/api/v1/orders', {
          token,
          headers: { 'idempotency-key': `upgrade-race-${i}` },
          body: { data: { type: 'orders', attributes: { type: 'upgrade', serviceId: 'web-01', planId: 'vps-l' } } },
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    assert.ok(
      statuses.every((s) => s < 500),
      statuses.join(','),
    );
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.ok(
      statuses.filter((s) => s !== 201).every((s) => s === 409 || s === 422),
      statuses.join(','),
    );
    assert.equal(await count((q) => q.where('service_id', '=', 'web-01')), 1, 'one order in the world');
    const plan = await host.services.orders.catalog.servicePlan('acme', 'web-01');
    assert.equal(plan!.planId, 'vps-l');
  });

  it('a second plan change while one waits for review is a 409 that names the first', async () => {
    const buyer = await host.token('acme', ['customer', 'billing']);
    const first = await host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': 'review-first' },
      body: { data: { type: 'orders', attributes: { type: 'downgrade', serviceId: 'web-01', planId: 'vps-s' } } },
    });
    assert.equal(first.status, 201, await first.clone().text());
    const order = (await json(first)).data.attributes;
    assert.equal(order.state, 'in_review');
    const second = await host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': 'review-second' },
      body: { data: { type: 'orders', attributes: { type: 'downgrade', serviceId: 'web-01', planId: 'vps-m' } } },
    });
    assert.equal(second.status, 409);
    const error = (await json(second)).errors[0];
    assert.equal(error.code, 'order_already_open');
    assert.match(error.detail, new RegExp(order.number));
  });

  it('fifty concurrent orders of different services get fifty different numbers', async () => {
    const before = await count();
    // Fifty services with a plan each; each gets one concurrent add-on order.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        host.request('PUT', `/api/v1/tenants/acme/service-plans/svc-${i}`, {
          token: ADMIN_KEY,
          body: {
            data: {
              type: 'service-plans',
              attributes: { serviceName: `svc-${i}`, planId: 'vps-s', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' },
            },
          },
        }),
      ),
    );
    const tokens = await Promise.all(Array.from({ length: 50 }, () => host.token('acme', ['customer', 'billing'])));
    const answers = await Promise.all(
      tokens.map((token, i) =>
        host.request('POST', '/api/v1/orders', {
          token,
          headers: { 'idempotency-key': `addon-race-${i}` },
          body: { data: { type: 'orders', attributes: { type: 'addon', serviceId: `svc-${i}`, addonIds: ['backup'] } } },
        }),
      ),
    );
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [201]);
    const numbers = (await host.services.db.selectFrom('orders').select('number').where('tenant_id', '=', 'acme').execute()).map(
      (r) => r.number,
    );
    assert.equal(numbers.length, before + 50);
    assert.equal(new Set(numbers).size, numbers.length, 'no number twice');
  });
});
