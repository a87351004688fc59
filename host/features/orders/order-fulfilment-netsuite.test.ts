import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from '../../test/helpers.js';
import localPlugin from '../../../plugins/local/index.js';
import openstackPlugin from '../../../plugins/openstack/index.js';
import netsuitePlugin from '../../../plugins/netsuite/index.js';
import { startOpenStackFake, type OpenStackFake } from '../../../plugins/openstack/fake.js';
import { startNetSuiteFake, type NetSuiteFake } from '../../../plugins/netsuite/fake.js';

const json = async (res: Response) => (await res.json()) as any;

/**
 * The same upgrade as order-fulfilment.test.ts with NetSuite as the billing system: the server
 * is resized at the OpenStack fake and the proration is an invoice at the NetSuite fake, once,
 * whatever retries happen.
 */
describe('order fulfilment billed in NetSuite', () => {
  let openstack: OpenStackFake;
  let netsuite: NetSuiteFake;
  let host: TestHost;
  let buyer: string;
  const clock = new Date('2026-11-24T12:00:00Z');

  before(async () => {
    openstack = await startOpenStackFake({ transitionMs: 20 });
    netsuite = await startNetSuiteFake();
    netsuite.addCustomer({ id: '108', name: 'Globex', currency: 'EUR' });
    host = await createTestHost({
      now: () => clock,
      plugins: [
        localPlugin,
        {
          plugin: openstackPlugin,
          config: {
            authUrl: openstack.authUrl,
            username: openstack.username,
            password: openstack.password,
            projectId: openstack.projectId,
            resizePollMs: 10,
          },
        },
        { plugin: netsuitePlugin, config: { ...netsuite.config, customerIds: { acme: '108' }, chargeItemId: '15' } },
      ],
    });
    await seedTwoTenants(host);
    await host.services.compute.setAccounts('acme', [{ source: 'openstack', scope: openstack.projectId }]);
    await host.services.billing.setAccount('acme', { source: 'netsuite', account: 'acme' });
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
  });
  after(async () => {
    await host.services.orders.fulfilment.idle();
    await host.close();
    await openstack.close();
    await netsuite.close();
  });

  it('an upgrade resizes the server and its proration becomes one NetSuite invoice the customer sees', async () => {
    const web = openstack.addServer(openstack.projectId, { name: 'web-01', flavorId: 'f-m' });
    const planned = await host.request('PUT', `/api/v1/tenants/acme/service-plans/openstack:${web.id}`, {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'service-plans',
          attributes: { serviceName: web.name, planId: 'cloud-m', anchorDay: 15, startedOn: '2025-11-15', renewsOn: '2027-11-15' },
        },
      },
    });
    assert.equal(planned.status, 200, await planned.clone().text());
    const attributes = { type: 'upgrade', serviceId: `openstack:${web.id}`, planId: 'cloud-l', acceptReboot: true, window: 'now' };
    const placed = await host.request('POST', '/api/v1/orders', {
      token: buyer,
      headers: { 'idempotency-key': 'ns-upgrade-1' },
      body: { data: { type: 'orders', attributes } },
    });
    assert.equal(placed.status, 201, await placed.clone().text());
    await host.services.orders.fulfilment.idle();

    const id = (await json(placed)).data.id;
    const order = (await json(await host.request('GET', `/api/v1/orders/${id}`, { token: buyer }))).data.attributes;
    assert.equal(order.state, 'completed');
    assert.equal(web.flavorId, 'f-l', 'resized at OpenStack');

    const history = (await json(await host.request('GET', `/api/v1/orders/${id}`, { token: buyer }))).data;
    assert.ok(order.chargeInvoiceId, JSON.stringify(history));
    const atNetSuite = netsuite.invoices.filter((i) => i.entity === '108' && i.lines.some((l) => l.description.includes(order.number)));
    assert.equal(atNetSuite.length, 1, 'one invoice at NetSuite');
    assert.equal(atNetSuite[0]!.id, order.chargeInvoiceId);
    assert.deepEqual([atNetSuite[0]!.total, atNetSuite[0]!.currency, atNetSuite[0]!.lines[0]!.item], [2100, 'EUR', '15']);

    const listed = (await json(await host.request('GET', '/api/v1/invoices', { token: buyer }))).data as any[];
    assert.equal(
      listed.find((i) => i.id === order.chargeInvoiceId)?.attributes.amountDue,
      2100,
      'the customer sees it among their invoices',
    );

    await host.services.orders.runDue();
    await host.services.orders.fulfilment.idle();
    assert.equal(netsuite.invoices.filter((i) => i.lines.some((l) => l.description.includes(order.number))).length, 1, 'billed once');
  });
});
