import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderError, RecordPaymentInput } from '@glasspane/host';
import { NetSuiteBillingProvider, type NetSuiteBillingOptions } from './billing.js';
import { NetSuiteClient, NetSuiteError } from './client.js';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';
import netsuitePlugin from './index.js';
import localPlugin from '../local/index.js';
import { createTestHost, seedTwoTenants, type TestHost } from '../../host/test/helpers.js';

const code = (err: unknown) => (err as ProviderError).errors[0]!.code;

/**
 * Globex Holding (300) bills its sites as sub-customers: Amsterdam (301), Frankfurt (302) and,
 * below Frankfurt, its lab (303). Initech (400) and its sub-customer (401) are another tenant.
 */
function seed(fake: NetSuiteFake) {
  fake.addCustomer({ id: '300', name: 'Globex Holding' });
  fake.addCustomer({ id: '301', name: 'Globex Amsterdam', parent: '300' });
  fake.addCustomer({ id: '302', name: 'Globex Frankfurt', parent: '300', subsidiary: '3' });
  fake.addCustomer({ id: '303', name: 'Globex Frankfurt Lab', parent: '302' });
  fake.addCustomer({ id: '400', name: 'Initech' });
  fake.addCustomer({ id: '401', name: 'Initech Austin', parent: '400' });
  fake.addInvoice('300', { id: '3001', total: 10_000, trandate: '2026-03-01' });
  fake.addInvoice('301', { id: '3011', total: 2_500, trandate: '2026-03-02' });
  fake.addInvoice('302', { id: '3021', total: 4_000, trandate: '2026-03-03' });
  fake.addInvoice('303', { id: '3031', total: 1_200, trandate: '2026-03-04' });
  fake.addInvoice('400', { id: '4001', total: 9_900, trandate: '2026-03-01' });
  fake.addInvoice('401', { id: '4011', total: 3_300, trandate: '2026-03-02' });
}

const payment = (allocations: [string, number][], key: string): RecordPaymentInput => ({
  allocations: allocations.map(([invoiceId, amount]) => ({ invoiceId, amount })),
  currency: 'USD',
  amount: allocations.reduce((sum, [, amount]) => sum + amount, 0),
  gatewayReference: `ch_${key}`,
  methodLabel: 'Visa •••• 4242',
  idempotencyKey: key,
});

describe('NetSuite sub-customers', () => {
  let fake: NetSuiteFake;
  const client = () => new NetSuiteClient({ ...fake.config, retryBaseMs: 5 });
  const billing = (options: NetSuiteBillingOptions = {}) => new NetSuiteBillingProvider(client(), options);

  before(async () => {
    fake = await startNetSuiteFake();
    seed(fake);
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test("a parent customer's tenant lists its sub-customers' invoices at any depth, each naming the sub-customer", async () => {
    const list = await billing().listInvoices('300');
    assert.deepEqual(
      list.map((i) => [i.id, i.billedTo]),
      [
        ['3031', 'Globex Frankfurt Lab'],
        ['3021', 'Globex Frankfurt'],
        ['3011', 'Globex Amsterdam'],
        ['3001', undefined],
      ],
    );
    const one = await billing().getInvoice('300', '3031');
    assert.deepEqual([one?.billedTo, one?.total, one?.lines.length], ['Globex Frankfurt Lab', 1_200, 1]);
  });

  test("another customer's invoices stay out, and a sub-customer's tenant sees neither its parent's nor its siblings'", async () => {
    const ids = (await billing().listInvoices('300')).map((i) => i.id);
    assert.ok(!ids.includes('4001') && !ids.includes('4011'));
    assert.equal(await billing().getInvoice('300', '4011'), undefined, "another hierarchy's sub-customer invoice");
    assert.equal(await billing().getInvoice('300', '4001'), undefined);
    assert.deepEqual(
      (await billing().listInvoices('302')).map((i) => i.id),
      ['3031', '3021'],
    );
    assert.equal(await billing().getInvoice('302', '3001'), undefined, "the parent's invoice");
    assert.equal(await billing().getInvoice('302', '3011'), undefined, "a sibling's invoice");
  });

  test('NETSUITE_INCLUDE_SUBCUSTOMERS=false: the mapped customer only, as before', async () => {
    const own = billing({ includeSubcustomers: false });
    assert.deepEqual(
      (await own.listInvoices('300')).map((i) => i.id),
      ['3001'],
    );
    assert.equal(await own.getInvoice('300', '3011'), undefined);
    assert.ok(!fake.requests.some((r) => r.q?.includes('FROM customer')), 'no sub-customer lookup');
  });

  test("paying a sub-customer's invoice records the payment on that sub-customer, once per key, and the invoice reads paid", async () => {
    const input = payment([['3011', 2_500]], 'sub-1');
    const first = await billing().recordPayment('300', input);
    const again = await billing().recordPayment('300', input);
    assert.equal(again.reference, first.reference);
    const recorded = fake.payments.filter((p) => p.apply.some((a) => a.doc === '3011'));
    assert.equal(recorded.length, 1, 'recorded once');
    const [p] = recorded;
    assert.deepEqual([p!.id, p!.customer, p!.payment, p!.apply], [first.reference, '301', 2_500, [{ doc: '3011', amount: 2_500 }]]);
    const paid = await billing().getInvoice('300', '3011');
    assert.deepEqual([paid?.status, paid?.amountDue], ['paid', 0]);
  });

  test('sub-customers paid at once: one payment per customer for its invoices; a retry after a failure records the rest', async () => {
    // The second payment's create is lost once, after the first was recorded.
    let creates = 0;
    const flaky = new (class extends NetSuiteClient {
      override async createRecord(type: string, body: unknown, signal?: AbortSignal) {
        const lost = type === 'customerPayment' && ++creates === 2;
        if (lost) throw new NetSuiteError('NetSuite did not answer.', { status: 503, code: 'provider_unavailable' });
        return super.createRecord(type, body, signal);
      }
    })({ ...fake.config, retryBaseMs: 5, maxRetries: 0 });
    const provider = new NetSuiteBillingProvider(flaky);
    const input = payment(
      [
        ['3001', 10_000],
        ['3021', 4_000],
        ['3031', 1_200],
      ],
      'multi-1',
    );
    await assert.rejects(provider.recordPayment('300', input));
    const byKey = () => fake.payments.filter((p) => p.externalId?.endsWith('-k-multi-1'));
    assert.equal(byKey().length, 1, 'the first payment landed before the failure');
    const { reference } = await provider.recordPayment('300', input);
    const again = await provider.recordPayment('300', input);
    assert.equal(again.reference, reference);
    assert.deepEqual(
      byKey().map((p) => [p.customer, p.payment, p.apply.map((a) => a.doc), p.subsidiary]),
      [
        ['300', 10_000, ['3001'], null],
        ['302', 4_000, ['3021'], null],
        ['303', 1_200, ['3031'], null],
      ],
    );
    assert.deepEqual(
      reference.split(','),
      byKey().map((p) => p.id),
    );
    for (const id of ['3001', '3021', '3031']) assert.equal((await billing().getInvoice('300', id))?.status, 'paid', id);
  });

  test('an invoice outside the hierarchy in a payment is refused before anything is recorded', async () => {
    const before = fake.payments.length;
    const mixed = payment(
      [
        ['3011', 100],
        ['4011', 3_300],
      ],
      'foreign-1',
    );
    await assert.rejects(billing().recordPayment('300', mixed), (err: unknown) => code(err) === 'invalid');
    assert.equal(fake.payments.length, before);
    assert.equal(fake.invoices.find((i) => i.id === '4011')!.unpaid, 3_300);
  });
});

describe('NetSuite Consolidated Payments', () => {
  let fake: NetSuiteFake;
  const client = () => new NetSuiteClient({ ...fake.config, retryBaseMs: 5 });
  const direct = (customer: string, invoice: string, amount: number) =>
    client().createRecord('customerPayment', {
      customer: { id: customer },
      undepFunds: true,
      payment: amount,
      apply: { items: [{ doc: { id: invoice }, apply: true, amount }] },
    });

  test("without the feature NetSuite refuses a parent's payment applied to a sub-customer's invoice", async () => {
    fake = await startNetSuiteFake();
    try {
      seed(fake);
      const notOnApplyList = (err: unknown) => err instanceof NetSuiteError && /not an open USD invoice of this customer/.test(err.message);
      await assert.rejects(direct('300', '3011', 25), notOnApplyList);
      assert.equal(fake.invoices.find((i) => i.id === '3011')!.unpaid, 2_500);
      assert.equal(fake.payments.length, 0);
    } finally {
      await fake.close();
    }
  });

  test("with it, one payment of the parent pays its sub-customers' invoices; never another customer's", async () => {
    fake = await startNetSuiteFake({ consolidatedPayments: true });
    try {
      seed(fake);
      await assert.rejects(direct('300', '4011', 33), (err: unknown) => err instanceof NetSuiteError && err.netsuiteCode === 'USER_ERROR');
      const refused = (err: unknown) => err instanceof NetSuiteError;
      await assert.rejects(direct('301', '3001', 100), refused, "a sub-customer's payment does not reach its parent's invoice");
      const provider = new NetSuiteBillingProvider(client(), { consolidatedPayments: true });
      const { reference } = await provider.recordPayment(
        '300',
        payment(
          [
            ['3011', 2_500],
            ['3031', 1_200],
          ],
          'consolidated-1',
        ),
      );
      assert.deepEqual(
        fake.payments.map((p) => [p.id, p.customer, p.payment, p.apply.map((a) => a.doc)]),
        [[reference, '300', 3_700, ['3011', '3031']]],
      );
      for (const id of ['3011', '3031']) assert.equal((await provider.getInvoice('300', id))?.status, 'paid');
    } finally {
      await fake.close();
    }
  });
});

describe('NetSuite sub-customers in a OneWorld account', () => {
  test("each sub-customer's payment belongs to that sub-customer's subsidiary", async () => {
    const fake = await startNetSuiteFake({ oneWorld: true });
    try {
      seed(fake);
      const provider = new NetSuiteBillingProvider(new NetSuiteClient({ ...fake.config, retryBaseMs: 5 }));
      await provider.recordPayment(
        '300',
        payment(
          [
            ['3001', 10_000],
            ['3021', 4_000],
          ],
          'ow-1',
        ),
      );
      assert.deepEqual(
        fake.payments.map((p) => [p.customer, p.subsidiary]),
        [
          ['300', '1'],
          ['302', '3'],
        ],
      );
    } finally {
      await fake.close();
    }
  });
});

describe('NetSuite sub-customers through the host', () => {
  let fake: NetSuiteFake;
  let host: TestHost;
  before(async () => {
    fake = await startNetSuiteFake();
    seed(fake);
    const config = { ...fake.config, customerIds: { acme: '300', globex: '400' } };
    host = await createTestHost({ plugins: [localPlugin, { plugin: netsuitePlugin, config }] });
    await seedTwoTenants(host);
    await host.services.billing.setAccount('acme', { source: 'netsuite', account: 'acme' });
    await host.services.billing.setAccount('globex', { source: 'netsuite', account: 'globex' });
  });
  after(async () => {
    await host.close();
    await fake.close();
  });

  test("the parent's portal lists its sites' invoices with the site they are billed to; another tenant's invoice is 404", async () => {
    const token = await host.token('acme', ['customer', 'billing']);
    const list = await host.request('GET', '/api/v1/invoices', { token });
    assert.equal(list.status, 200, await list.clone().text());
    const body = (await list.json()) as { data: { id: string; attributes: { billedTo?: string } }[] };
    assert.deepEqual(
      body.data.map((i) => [i.id, i.attributes.billedTo ?? null]),
      [
        ['3031', 'Globex Frankfurt Lab'],
        ['3021', 'Globex Frankfurt'],
        ['3011', 'Globex Amsterdam'],
        ['3001', null],
      ],
    );
    const theirs = await host.request('GET', '/api/v1/invoices/4011', { token });
    assert.equal(theirs.status, 404);
    const detail = await host.request('GET', '/api/v1/invoices/3011', { token });
    assert.equal(((await detail.json()) as { data: { attributes: { billedTo?: string } } }).data.attributes.billedTo, 'Globex Amsterdam');
  });
});
