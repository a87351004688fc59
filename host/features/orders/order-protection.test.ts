import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import localPlugin from '../../../plugins/local/index.js';
import { createTintriFake, type FakeVm, type TintriFake } from '../../../plugins/tintri/fake.js';
import { TintriClient, TintriProtectionProvider } from '../../../plugins/tintri/index.js';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import { definePlugin, ProtectionProviderToken } from '../../index.js';

const json = async (res: Response) => (await res.json()) as any;

/**
 * A DR add-on order that changes the world: the tier's snapshot schedule is set on the VM at
 * the Tintri fake, the add-on is on the contract and its proration on the invoice; a VMstore
 * that refuses fails the order with its reason and bills nothing.
 */
describe('DR add-on orders through the protection provider', () => {
  let tintri: TintriFake;
  let host: TestHost;
  let vm: FakeVm;
  let buyer: string;
  let key = 0;
  const place = (attributes: Record<string, unknown>) =>
    host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': `dr-key-${++key}` },
      body: { data: { type: 'orders', attributes } },
    });
  const admin = (method: string, path: string, attributes: Record<string, unknown>, type: string) =>
    host.request(method, path, { token: ADMIN_KEY, body: { data: { type, attributes } } });
  const settled = async (id: string) => {
    await host.services.orders.fulfilment.idle();
    return (await json(await host.request('GET', `/api/v1/orders/${id}`, { token: buyer }))).data.attributes;
  };

  before(async () => {
    tintri = await createTintriFake({ cloneMs: 400 });
    vm = tintri.addVm('web-01-vm');
    const cloud = new MemoryCompute();
    cloud.addServer('proj-acme', { id: 'a1', name: 'web-01' });
    const storage = new TintriProtectionProvider(new TintriClient({ ...tintri.config, timeoutMs: 2_000 }), {
      vmMap: { 'memcloud:a1': vm.uuid },
    });
    const plugin = definePlugin({
      id: 'vmstore',
      provides: ['ProtectionProvider'],
      config: z.object({}),
      register: ({ container }) => void container.register(ProtectionProviderToken, { useValue: storage }),
    });
    host = await createTestHost({ plugins: [localPlugin, cloud.plugin(), plugin], now: () => new Date('2026-11-24T12:00:00Z') });
    await seedTwoTenants(host);
    await host.services.compute.setAccounts('acme', [{ source: 'memcloud', scope: 'proj-acme' }]);
    await host.services.billing.setAccount('acme', { source: 'local', account: 'acme' });
    await admin(
      'PUT',
      '/api/v1/catalog/vps-s',
      { product: 'vps', kind: 'plan', name: 'VPS S', currency: 'EUR', monthlyAmount: 2000 },
      'catalog-items',
    );
    await admin(
      'PUT',
      '/api/v1/catalog/dr-plus',
      { product: '*', kind: 'addon', name: 'DR Plus', currency: 'EUR', monthlyAmount: 3000 },
      'catalog-items',
    );
    await admin(
      'PUT',
      '/api/v1/catalog/dr-pro',
      { product: '*', kind: 'addon', name: 'DR Pro', currency: 'EUR', monthlyAmount: 6000 },
      'catalog-items',
    );
    await admin(
      'PUT',
      '/api/v1/protection/tiers/dr-plus',
      { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7 },
      'protection-tiers',
    );
    await admin(
      'PUT',
      '/api/v1/protection/tiers/dr-pro',
      { rpoMinutes: 60, snapshotEveryMinutes: 60, retentionDays: 3, replication: true },
      'protection-tiers',
    );
    const plan = await admin(
      'PUT',
      '/api/v1/tenants/acme/service-plans/memcloud:a1',
      { serviceName: 'web-01', planId: 'vps-s', anchorDay: 15, startedOn: '2025-11-15', renewsOn: '2027-11-15' },
      'service-plans',
    );
    assert.equal(plan.status, 200, await plan.clone().text());
    buyer = await host.token('acme', ['customer', 'billing', 'technical']);
  });
  after(async () => {
    await host.close();
    await tintri.close();
  });

  it('a DR Plus order sets the daily schedule on the VM, puts the tier on the contract and bills its proration', async () => {
    const quote = (
      await json(
        await host.request('POST', '/api/v1/order-quotes', {
          token: buyer,
          body: { data: { type: 'order-quotes', attributes: { type: 'addon', serviceId: 'memcloud:a1', addonIds: ['dr-plus'] } } },
        }),
      )
    ).data.attributes;
    assert.deepEqual(quote.providerAction, {
      kind: 'protect',
      source: 'tintri',
      serverId: 'memcloud:a1',
      tierId: 'dr-plus',
      everyMinutes: 1440,
      retentionMinutes: 7 * 1440,
    });
    const placed = (await json(await place({ type: 'addon', serviceId: 'memcloud:a1', addonIds: ['dr-plus'] }))).data;
    const order = await settled(placed.id);
    assert.equal(order.state, 'completed', JSON.stringify(order.history));
    assert.deepEqual(
      vm.schedules.map((s) => [s.type, s.cronExpressions[0], s.retentionSourceMinutes]),
      [['DAILY', '0 30 2 * * ?', 7 * 1440]],
      'the schedule is on the VM',
    );
    assert.ok(tintri.requests.some((r) => r.method === 'PUT' && r.path === `/api/v310/vm/${vm.uuid}/snapshotSchedule`));
    const contract = await host.services.orders.catalog.servicePlan('acme', 'memcloud:a1');
    assert.deepEqual(
      contract.addons.map((a) => a.id),
      ['dr-plus'],
    );
    assert.equal(order.dueNow, 2100, '21 of 30 days of €30');
    const invoices = await json(await host.request('GET', '/api/v1/invoices', { token: buyer }));
    const billed = invoices.data.filter((i: any) => i.id === order.chargeInvoiceId);
    assert.equal(billed.length, 1, 'the invoice is at the billing provider');
    assert.equal(billed[0].attributes.lines[0].amount, 2100);
    assert.match(billed[0].attributes.lines[0].description, new RegExp(`DR Plus.*${order.number}`));
    assert.ok(order.history.some((h: any) => h.kind === 'protected'));
  });

  it("a refused schedule fails the DR Pro order with the VMstore's reason: the tier and the bill unchanged", async () => {
    tintri.failNext(2, {
      status: 400,
      body: JSON.stringify({
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.TintriError',
        code: 'ERR-API-1305',
        message: 'The VM is part of a service group; its schedule is set on the group.',
      }),
    });
    const placed = (await json(await place({ type: 'addon', serviceId: 'memcloud:a1', addonIds: ['dr-pro'] }))).data;
    const order = await settled(placed.id);
    assert.equal(order.state, 'failed');
    // The buyer reads the host's words; the provider's staff the VMstore's reason.
    assert.equal(
      order.failureReason,
      `The backup service could not carry out this order, so nothing was charged. Support can look it up by the order number ${order.number}.`,
    );
    const seen = await json(await host.request('GET', `/api/v1/orders/${placed.id}`, { token: await host.token('acme', ['staff']) }));
    assert.match(seen.data.attributes.failureReason, /service group/);
    assert.equal(order.chargeInvoiceId, null, 'nothing billed');
    assert.ok(!order.history.some((h: any) => h.kind === 'charged'));
    const contract = await host.services.orders.catalog.servicePlan('acme', 'memcloud:a1');
    assert.deepEqual(
      contract.addons.map((a) => a.id),
      ['dr-plus'],
      'still the tier it had',
    );
    assert.deepEqual(
      vm.schedules.map((s) => s.type),
      ['DAILY'],
      'the VMstore unchanged',
    );
    const queue = await json(await host.request('GET', '/api/v1/review-queue', { token: await host.token('acme', ['staff']) }));
    assert.ok(
      queue.data.some((d: any) => d.id === placed.id && d.attributes.failureReason),
      'staff see why',
    );
  });
});
