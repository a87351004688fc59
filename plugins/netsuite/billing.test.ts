import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { BillingProviderToken, SharedSlots, loadPlugin, type ProviderError, type RecordPaymentInput } from '@glasspane/host';
import netsuitePlugin from './index.js';
import { NetSuiteBillingProvider, chargeExternalId, paymentExternalId, refundExternalId } from './billing.js';
import { NetSuiteClient } from './client.js';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';
import { invoiceStatus, toDecimal, toMinor } from './mapper.js';
import { createTestHost, waitFor, type TestHost } from '../../host/test/helpers.js';
import { errorText } from '@glasspane/host/testing';

const code = (err: unknown) => (err as ProviderError).errors[0]!.code;

describe('decimal amounts to minor units', () => {
  test('floating-point sums round to the cent they mean', () => {
    assert.equal(toMinor(0.1 + 0.2, 'USD'), 30);
    assert.equal(toMinor(0.7 + 0.1, 'USD'), 80);
    assert.equal(toMinor(1.1 * 3, 'EUR'), 330);
    assert.equal(toMinor(48.95 * 2, 'USD'), 9790);
  });

  test("SuiteQL strings, including Oracle's leading-dot form and negatives", () => {
    assert.equal(toMinor('1234.5', 'EUR'), 123450);
    assert.equal(toMinor('.3', 'USD'), 30);
    assert.equal(toMinor('-.05', 'USD'), -5);
    assert.equal(toMinor('-12.34', 'USD'), -1234);
    assert.equal(toMinor('100', 'USD'), 10000);
    assert.equal(toMinor(undefined, 'USD'), 0);
  });

  test('each currency by its own exponent: JPY has none, KWD three', () => {
    assert.equal(toMinor('500', 'JPY'), 500);
    assert.equal(toMinor(1999.6, 'JPY'), 2000);
    assert.equal(toMinor('1.234', 'KWD'), 1234);
    assert.equal(toMinor('1.005', 'USD'), 101, 'half away from zero on the decimal digits, not the binary float');
  });

  test('not a number is a bad response, not NaN', () => {
    assert.throws(
      () => toMinor('12,50', 'EUR'),
      (err: unknown) => code(err) === 'provider_bad_response',
    );
    assert.throws(
      () => toMinor('abc', 'EUR'),
      (err: unknown) => code(err) === 'provider_bad_response',
    );
  });

  test('minor units back to the decimal a record body takes', () => {
    assert.equal(toDecimal(7525, 'USD'), 75.25);
    assert.equal(toDecimal(5, 'USD'), 0.05);
    assert.equal(toDecimal(-1234, 'EUR'), -12.34);
    assert.equal(toDecimal(500, 'JPY'), 500);
    assert.equal(toDecimal(1234, 'KWD'), 1.234);
  });
});

describe('invoice status', () => {
  const today = '2026-03-15';
  test('NetSuite codes and names: open, paid, pending approval, rejected, voided', () => {
    assert.equal(invoiceStatus({ status: 'A', dueOn: '2026-04-01', amountDue: 100 }, today), 'open');
    assert.equal(invoiceStatus({ status: 'Open', dueOn: '2026-04-01', amountDue: 100 }, today), 'open');
    assert.equal(invoiceStatus({ status: 'B', dueOn: '2026-01-01', amountDue: 0 }, today), 'paid');
    assert.equal(invoiceStatus({ status: 'Paid In Full', dueOn: '2026-01-01', amountDue: 0 }, today), 'paid');
    assert.equal(invoiceStatus({ status: 'CustInvc:B', dueOn: null, amountDue: 0 }, today), 'paid');
    assert.equal(invoiceStatus({ status: 'D', dueOn: null, amountDue: 100 }, today), 'draft');
    assert.equal(invoiceStatus({ status: 'E', dueOn: null, amountDue: 100 }, today), 'void');
    assert.equal(invoiceStatus({ status: 'V', dueOn: null, amountDue: 0 }, today), 'void');
    assert.equal(invoiceStatus({ status: 'A', voided: 'T', dueOn: '2026-01-01', amountDue: 100 }, today), 'void');
  });

  test('open with money due after the due date is overdue; on the due date it is not yet', () => {
    assert.equal(invoiceStatus({ status: 'A', dueOn: '2026-03-14', amountDue: 1 }, today), 'overdue');
    assert.equal(invoiceStatus({ status: 'Invoice : Open', dueOn: '2026-03-14', amountDue: 1 }, today), 'overdue');
    assert.equal(invoiceStatus({ status: 'A', dueOn: '2026-03-15', amountDue: 1 }, today), 'open');
    assert.equal(invoiceStatus({ status: 'B', dueOn: '2026-03-01', amountDue: 0 }, today), 'paid');
  });
});

describe('NetSuite billing against the fake', () => {
  let fake: NetSuiteFake;
  let client: NetSuiteClient;
  const NOW = new Date('2026-03-15T10:00:00Z');
  const billing = (now = NOW) => new NetSuiteBillingProvider(client, { now: () => now });

  before(async () => {
    fake = await startNetSuiteFake();
    client = new NetSuiteClient({ ...fake.config, retryBaseMs: 5 });
    fake.addCustomer({ id: '107', name: 'Acme GmbH', currency: 'EUR' });
    fake.addCustomer({ id: '108', name: 'Globex', currency: 'USD' });
    fake.addCustomer({ id: '109', name: 'Yamada KK', currency: 'JPY' });
    fake.addCustomer({ id: '200', name: 'Big Customer', currency: 'USD' });
    for (let k = 0; k < 1200; k++)
      fake.addInvoice('200', { id: String(10_000 + k), total: 1000 + k, trandate: `2026-01-${String((k % 28) + 1).padStart(2, '0')}` });
    fake.addInvoice('107', { id: '801', tranid: 'ACME-1', total: 10010, trandate: '2026-02-01', duedate: '2026-03-01', currency: 'EUR' });
    fake.addInvoice('107', {
      id: '802',
      tranid: 'ACME-2',
      total: 5000,
      trandate: '2026-01-01',
      duedate: '2026-01-31',
      status: 'B',
      currency: 'EUR',
    });
    fake.addInvoice('107', {
      id: '803',
      tranid: 'ACME-3',
      total: 11900,
      tax: 1900,
      trandate: '2026-03-01',
      duedate: '2026-03-31',
      currency: 'EUR',
      lines: [
        { item: '1', description: 'Managed Kubernetes', quantity: 2, rate: 3000, amount: 6000, tax: 1140 },
        { item: '2', description: 'Backup', quantity: 1, rate: 4000, amount: 4000, tax: 760 },
      ],
      memo: 'March',
    });
    fake.addInvoice('108', { id: '901', tranid: 'GLOBEX-1', total: 7525, trandate: '2026-03-01', duedate: '2026-03-31' });
    fake.addInvoice('108', { id: '902', tranid: 'GLOBEX-2', total: 2000, trandate: '2026-03-02', duedate: '2026-04-01' });
    fake.addInvoice('108', { id: '903', tranid: 'GLOBEX-3', total: 3000, trandate: '2026-03-03', duedate: '2026-04-02' });
    fake.addInvoice('109', { id: '950', tranid: 'YMD-1', total: 120000, trandate: '2026-03-01', duedate: '2026-03-31', currency: 'JPY' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('invoices page through SuiteQL: 1,200 rows in two pages of 1,000', async () => {
    const all = await billing().listInvoices('200');
    assert.equal(all.length, 1200);
    assert.equal(new Set(all.map((i) => i.id)).size, 1200);
    const pages = fake.requests.filter((r) => r.path.endsWith('/suiteql') && r.q?.includes('CustInvc'));
    assert.deepEqual(
      pages.map((r) => r.query),
      [
        { limit: '1000', offset: '0' },
        { limit: '1000', offset: '1000' },
      ],
    );
  });

  test('a list maps amounts, currency and status; overdue by due date', async () => {
    const list = await billing().listInvoices('107');
    assert.deepEqual(
      list.map((i) => [i.number, i.status, i.currency, i.total, i.amountDue, i.amountPaid]),
      [
        ['ACME-3', 'open', 'EUR', 11900, 11900, 0],
        ['ACME-1', 'overdue', 'EUR', 10010, 10010, 0],
        ['ACME-2', 'paid', 'EUR', 5000, 0, 5000],
      ],
    );
    assert.equal(list[1]!.dueOn, '2026-03-01');
    assert.equal(list[1]!.issuedOn, '2026-02-01');
    // The day before it fell due it was only open.
    const earlier = await billing(new Date('2026-02-28T12:00:00Z')).listInvoices('107');
    assert.equal(earlier.find((i) => i.number === 'ACME-1')!.status, 'open');
  });

  test('a zero-decimal currency stays in whole yen', async () => {
    const [yen] = await billing().listInvoices('109');
    assert.deepEqual([yen!.currency, yen!.total, yen!.amountDue], ['JPY', 120000, 120000]);
  });

  test('one invoice has its lines, subtotal and tax from the record (sublist expanded)', async () => {
    const inv = (await billing().getInvoice('107', '803'))!;
    assert.deepEqual(inv.lines, [
      { description: 'Managed Kubernetes', quantity: 2, unitAmount: 3000, amount: 6000, taxAmount: 1140 },
      { description: 'Backup', quantity: 1, unitAmount: 4000, amount: 4000, taxAmount: 760 },
    ]);
    assert.deepEqual([inv.subtotal, inv.tax, inv.total, inv.memo], [10000, 1900, 11900, 'March']);
    const recordCall = fake.requests.find((r) => r.path.endsWith('/record/v1/invoice/803'))!;
    assert.equal(recordCall.query.expandSubResources, 'true');
  });

  test("another customer's invoice is undefined, and its record is never fetched", async () => {
    assert.equal(await billing().getInvoice('107', '901'), undefined);
    assert.ok(!fake.requests.some((r) => r.path.includes('/record/v1/invoice/')));
    assert.equal(await billing().getInvoice('107', '424242'), undefined);
  });

  test('ids that are not digits never reach a query', async () => {
    assert.equal(await billing().getInvoice('107', '801 OR 1=1'), undefined);
    await assert.rejects(billing().listInvoices('107 OR t.entity > 0'), (err: unknown) => code(err) === 'provider_misconfigured');
    assert.equal(fake.requests.length, 0);
  });

  test('NetSuite has no invoice PDF over REST: the host renders one', async () => {
    assert.equal(await billing().invoicePdf(), undefined);
  });

  const payment = (invoiceId: string, amount: number, key: string, currency = 'USD'): RecordPaymentInput => ({
    allocations: [{ invoiceId, amount }],
    currency,
    amount,
    gatewayReference: 'ch_123',
    methodLabel: 'Visa •••• 4242',
    idempotencyKey: key,
  });

  test('a payment is a customerPayment applied to the invoice: 204 + Location gives the reference', async () => {
    const { reference } = await billing().recordPayment('108', payment('901', 7525, 'key-901'));
    const stored = fake.payments.find((p) => p.id === reference)!;
    assert.deepEqual(stored.apply, [{ doc: '901', amount: 7525 }]);
    assert.equal(stored.payment, 7525);
    assert.equal(stored.externalId, 'gp-108-k-key-901');
    assert.equal(stored.memo, 'Visa •••• 4242 · ch_123');
    // A single-company account: no subsidiary; without a deposit account, Undeposited Funds.
    assert.deepEqual([stored.subsidiary, stored.account, stored.tranDate], [null, null, '2026-03-15']);
    const post = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/customerPayment'))!;
    assert.equal(post.status, 204);
    assert.equal((await billing().getInvoice('108', '901'))!.status, 'paid');
  });

  test("OneWorld: the payment carries the customer's subsidiary, the deposit account, the method and the account's day", async () => {
    const oneWorld = await startNetSuiteFake({ oneWorld: true });
    try {
      const owClient = new NetSuiteClient({ ...oneWorld.config, retryBaseMs: 5 });
      oneWorld.addCustomer({ id: '300', name: 'Initech BV', currency: 'EUR', subsidiary: '3' });
      oneWorld.addInvoice('300', {
        id: '3001',
        tranid: 'INI-1',
        total: 4200,
        trandate: '2026-03-01',
        duedate: '2026-03-31',
        currency: 'EUR',
      });
      oneWorld.addInvoice('300', {
        id: '3002',
        tranid: 'INI-2',
        total: 1000,
        trandate: '2026-03-02',
        duedate: '2026-04-01',
        currency: 'EUR',
      });
      // 23:30 UTC on the 15th is already the 16th in Auckland, where the account keeps its books.
      const late = () => new Date('2026-03-15T23:30:00Z');
      const provider = new NetSuiteBillingProvider(owClient, {
        now: late,
        timeZone: 'Pacific/Auckland',
        depositAccountId: '2',
        paymentMethodId: '4',
      });
      const { reference } = await provider.recordPayment('300', payment('3001', 4200, 'ow-1', 'EUR'));
      const stored = oneWorld.payments.find((p) => p.id === reference)!;
      assert.deepEqual([stored.subsidiary, stored.account, stored.paymentMethod, stored.tranDate], ['3', '2', '4', '2026-03-16']);
      assert.equal((await provider.getInvoice('300', '3001'))!.status, 'paid');
      // The customer record is read once per customer, not per payment.
      await provider.recordPayment('300', payment('3002', 1000, 'ow-2', 'EUR'));
      assert.equal(oneWorld.requests.filter((r) => r.path.endsWith('/record/v1/customer/300')).length, 1);
      // A deposit account of another subsidiary is refused by NetSuite, readably, and nothing is recorded.
      oneWorld.addInvoice('300', {
        id: '3003',
        tranid: 'INI-3',
        total: 500,
        trandate: '2026-03-03',
        duedate: '2026-04-02',
        currency: 'EUR',
      });
      const wrong = new NetSuiteBillingProvider(owClient, { now: late, depositAccountId: '1' });
      await assert.rejects(wrong.recordPayment('300', payment('3003', 500, 'ow-3', 'EUR')), /Invalid account reference key 1/);
      assert.equal(oneWorld.payments.length, 2);
    } finally {
      await oneWorld.close();
    }
  });

  test('the same idempotency key twice: NetSuite refuses the duplicate externalId, the first payment is returned', async () => {
    const first = await billing().recordPayment('108', payment('902', 1000, 'retry-me'));
    const again = await billing().recordPayment('108', payment('902', 1000, 'retry-me'));
    assert.equal(again.reference, first.reference);
    assert.equal(fake.payments.filter((p) => p.externalId === 'gp-108-k-retry-me').length, 1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/customerPayment'));
    assert.deepEqual(
      posts.map((r) => r.status),
      [204, 400],
    );
    assert.ok(fake.requests.some((r) => r.path.endsWith('/customerPayment/eid:gp-108-k-retry-me')));
    assert.equal((await billing().getInvoice('108', '902'))!.amountDue, 1000);
  });

  test('a payment whose answer is lost (the connection closed while NetSuite worked) is recorded once: the retry finds it', async () => {
    fake.addInvoice('108', { id: '905', tranid: 'GLOBEX-5', total: 1500, trandate: '2026-03-05', duedate: '2026-04-04' });
    const byKey = () => fake.payments.filter((p) => p.externalId === 'gp-108-k-lost-answer');
    const creates = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/record/v1/customerPayment'));
    // Long enough that the abort below lands while NetSuite works, however busy the machine.
    fake.setLatency(1_000);
    const controller = new AbortController();
    const lost = billing().recordPayment('108', payment('905', 1500, 'lost-answer'), controller.signal);
    await waitFor('the create at NetSuite', () => creates().length === 1);
    controller.abort();
    await assert.rejects(lost, { name: 'AbortError' });
    await waitFor('NetSuite done with it', () => fake.requests.every((r) => r.status !== 0));
    fake.setLatency(0);
    assert.equal(byKey().length, 1, 'NetSuite carried the create out although nobody read its answer');

    const { reference } = await billing().recordPayment('108', payment('905', 1500, 'lost-answer'));
    assert.equal(reference, byKey()[0]!.id);
    assert.equal(byKey().length, 1, 'recorded once');
    assert.equal((await billing().getInvoice('108', '905'))!.amountDue, 0);
  });

  test('keys with characters NetSuite external ids do not allow are hashed, deterministically', () => {
    const a = paymentExternalId('108', 'tenant:globex/2026-03-15 #1');
    assert.match(a, /^gp-108-h-[0-9a-f]{48}$/);
    assert.equal(a, paymentExternalId('108', 'tenant:globex/2026-03-15 #1'));
    assert.notEqual(a, paymentExternalId('107', 'tenant:globex/2026-03-15 #1'));
  });

  test('a payment in the invoice currency names that currency', async () => {
    fake.addInvoice('108', { id: '904', tranid: 'GLOBEX-EUR', total: 4500, currency: 'EUR' });
    const { reference } = await billing().recordPayment('108', payment('904', 4500, 'eur-1', 'EUR'));
    assert.equal(fake.payments.find((p) => p.id === reference)!.currency, 'EUR');
  });

  test('NETSUITE_CUSTOMER_IDS: a mapped tenant reads and pays as its customer; an unmapped name is a configuration error', async () => {
    const mapped = new NetSuiteBillingProvider(client, { now: () => NOW, customerIds: { acme: '107', globex: '108' } });
    assert.deepEqual(await mapped.listInvoices('acme'), await billing().listInvoices('107'));
    assert.equal((await mapped.getInvoice('acme', '801'))!.number, 'ACME-1');
    assert.equal(await mapped.getInvoice('globex', '801'), undefined, "the mapping keeps tenants apart: acme's invoice is not globex's");
    assert.deepEqual(
      (await mapped.listInvoices('109')).map((i) => i.currency),
      ['JPY'],
      'a customer id still works as the account',
    );
    const { reference } = await mapped.recordPayment('globex', payment('903', 2500, 'mapped-1'));
    const stored = fake.payments.find((p) => p.id === reference)!;
    assert.deepEqual([stored.customer, stored.externalId], ['108', 'gp-108-k-mapped-1']);
    const before = fake.requests.length;
    const err = await mapped.listInvoices('initech').catch((e: unknown) => e);
    assert.equal(code(err), 'provider_misconfigured');
    assert.match((err as Error).message, /"initech" is neither a tenant in NETSUITE_CUSTOMER_IDS nor a NetSuite customer internal id/);
    assert.equal(fake.requests.length, before, 'nothing reached NetSuite');
  });

  test('a one-off charge is an invoice of its own at NetSuite, once per reference; a credit is a creditMemo', async () => {
    const billing = new NetSuiteBillingProvider(client, {
      chargeItemId: '15',
      timeZone: 'Pacific/Kiritimati',
      now: () => new Date('2026-12-31T10:30:00Z'),
    });
    const charge = {
      description: 'web-01: m1.medium → m1.large (O-1042)',
      amount: 4517,
      currency: 'USD',
      periodStart: '2026-12-31',
      periodEnd: '2027-01-15',
      reference: 'order:7f1c9e2a-1',
    };
    const first = await billing.addCharge!('108', charge);
    const again = await billing.addCharge!('108', charge);
    assert.equal(again.invoiceId, first.invoiceId, 'the retry finds the first invoice by its externalId');
    const billed = fake.invoices.filter((i) => i.externalId === chargeExternalId('108', charge.reference));
    assert.equal(billed.length, 1, 'billed once');
    const [inv] = billed;
    assert.deepEqual(
      [inv!.id, inv!.entity, inv!.currency, inv!.total, inv!.unpaid, inv!.status],
      [first.invoiceId, '108', 'USD', 4517, 4517, 'A'],
    );
    assert.equal(inv!.trandate, '2027-01-01', "dated today in the account's zone (UTC+14 is already in the new year)");
    assert.deepEqual(
      inv!.lines.map((l) => [l.item, l.amount, l.description]),
      [['15', 4517, 'web-01: m1.medium → m1.large (O-1042), 2026-12-31 – 2027-01-14']],
    );
    // It reads back through the same provider like any invoice.
    assert.equal((await billing.getInvoice('108', first.invoiceId!))!.amountDue, 4517);

    const credit = await billing.addCharge!('107', { ...charge, amount: -1200, currency: 'EUR', reference: 'order:downgrade-9' });
    assert.equal(credit.invoiceId, null, 'a credit memo is not an invoice to pay');
    assert.deepEqual(
      fake.creditMemos.filter((c) => c.entity === '107').map((c) => [c.total, c.currency]),
      [[1200, 'EUR']],
    );
    await billing.addCharge!('107', { ...charge, amount: -1200, currency: 'EUR', reference: 'order:downgrade-9' });
    assert.equal(fake.creditMemos.filter((c) => c.entity === '107').length, 1, 'credited once');

    const refused = await new NetSuiteBillingProvider(client, { chargeItemId: '999' }).addCharge!('108', {
      ...charge,
      reference: 'order:x',
    }).catch((e) => e);
    assert.equal(code(refused), 'invalid', "an item the account does not have is NetSuite's refusal, readable");
    assert.equal(new NetSuiteBillingProvider(client).addCharge, undefined, 'without NETSUITE_CHARGE_ITEM_ID the host bills by hand');
  });

  test('a refund is one creditMemo keyed by the refund id: NetSuite failing once, the retry records it once', async () => {
    const billing = new NetSuiteBillingProvider(client, { chargeItemId: '15', now: () => NOW });
    const refund = {
      paymentReference: '9001',
      invoiceIds: ['801'],
      amount: 10_000,
      currency: 'EUR',
      gatewayReference: 're_123',
      reason: 'requested_by_customer',
      idempotencyKey: 'b7e0c1d2-refund',
    };
    // The currency is looked up (and kept) first, so the failure below hits the record itself.
    await billing.recordRefund!('107', { ...refund, idempotencyKey: 'warm-up-refund' });
    fake.failNext(1, { status: 500 });
    await assert.rejects(billing.recordRefund!('107', refund));
    const first = await billing.recordRefund!('107', refund);
    const again = await billing.recordRefund!('107', refund);
    assert.equal(again.reference, first.reference, 'a retry answers the first record');
    const memos = fake.creditMemos.filter((c) => c.externalId === refundExternalId('107', refund.idempotencyKey));
    assert.equal(memos.length, 1, 'recorded once');
    assert.deepEqual([memos[0]!.id, memos[0]!.entity, memos[0]!.currency, memos[0]!.total], [first.reference, '107', 'EUR', 10_000]);
    assert.match(memos[0]!.memo ?? '', /Refund re_123 of payment 9001/);
    assert.equal(new NetSuiteBillingProvider(client).recordRefund, undefined, 'without NETSUITE_CHARGE_ITEM_ID refunds are booked by hand');
  });

  test("paying another customer's invoice is refused by NetSuite as invalid", async () => {
    await assert.rejects(
      billing().recordPayment('108', payment('801', 10010, 'wrong-customer', 'EUR')),
      (err: unknown) => code(err) === 'invalid',
    );
    assert.ok(!fake.payments.some((p) => p.externalId === 'gp-108-k-wrong-customer'));
  });
});

describe('NetSuite concurrency shared fairly between tenants', () => {
  let fake: NetSuiteFake;
  /** A host's database: where the account's concurrency slots are shared between processes. */
  let host: TestHost;
  before(async () => {
    host = await createTestHost();
    fake = await startNetSuiteFake();
    fake.addCustomer({ id: '107', name: 'Acme GmbH', currency: 'EUR' });
    fake.addCustomer({ id: '108', name: 'Globex', currency: 'USD' });
    fake.addInvoice('107', { id: '801', total: 1000, trandate: '2026-02-01', currency: 'EUR' });
    fake.addInvoice('108', { id: '901', total: 2000, trandate: '2026-02-01', currency: 'USD' });
  });
  after(async () => {
    await fake.close();
    await host.close();
  });

  test("one tenant's burst of reads does not hold another tenant's read behind it, and a full queue fails fast", async () => {
    const container = await loadPlugin(
      netsuitePlugin,
      { ...fake.config, maxConcurrency: 2, maxQueuedPerTenant: 30, customerIds: { acme: '107', globex: '108' } },
      { database: host.services.db },
    );
    const billing = container.resolve(BillingProviderToken);
    fake.setLatency(20);
    const done: string[] = [];
    const burst = Array.from({ length: 40 }, (_, i) =>
      billing.listInvoices('acme').then(
        () => done.push(`acme-${i}`),
        (err: ProviderError) => done.push(`acme-refused-${code(err)}`),
      ),
    );
    // acme's burst holds both connections before globex asks.
    await waitFor("acme's burst at NetSuite", () => fake.inFlight === 2);
    const globex = billing.listInvoices('globex').then((list) => (done.push('globex'), list));
    assert.equal((await globex).length, 1);
    await Promise.all(burst);
    fake.setLatency(0);
    const answered = done.filter((d) => !d.startsWith('acme-refused'));
    const globexAt = answered.indexOf('globex');
    assert.ok(globexAt >= 0 && globexAt < 6, `globex answered after ${globexAt} of acme's 32 answered calls`);
    assert.equal(
      done.filter((d) => d === 'acme-refused-provider_busy').length,
      8,
      'past 2 in flight and 30 waiting, acme is told to retry',
    );
    assert.ok(fake.maxInFlight <= 2);
  });

  test("two host processes share the account's five slots: NetSuite never sees more than five in flight, nor a 429", async () => {
    // Two clients with their own in-process limit of five, as two host processes have, over one database.
    const process = () =>
      new NetSuiteClient({
        ...fake.config,
        maxConcurrency: 5,
        retryBaseMs: 5,
        sharedSlots: new SharedSlots(host.services.db, { max: 5, pluginId: 'netsuite', providerName: 'NetSuite' }),
      });
    const [a, b] = [process(), process()];
    fake.reset();
    fake.setLatency(40);
    try {
      const reads = Array.from({ length: 30 }, (_, i) => new NetSuiteBillingProvider(i % 2 ? a : b).listInvoices('107'));
      assert.ok((await Promise.all(reads)).every((list) => list.length === 1));
      assert.ok(fake.maxInFlight <= 5, `NetSuite saw ${fake.maxInFlight} requests at once`);
      assert.equal(fake.requests.filter((r) => r.status === 429).length, 0, 'no request was over the limit');
      assert.equal(await a.sharedSlotsHeld(), 0, 'every slot given back');

      // The same two processes without shared slots: ten in flight, and NetSuite refuses the excess.
      fake.reset();
      fake.setLatency(40);
      const unshared = () => new NetSuiteClient({ ...fake.config, maxConcurrency: 5, retryBaseMs: 5, maxRetries: 0 });
      const [c, d] = [unshared(), unshared()];
      await Promise.allSettled(Array.from({ length: 30 }, (_, i) => new NetSuiteBillingProvider(i % 2 ? c : d).listInvoices('107')));
      assert.ok(fake.maxInFlight > 5, 'without sharing the two processes exceed the account limit');
    } finally {
      fake.setLatency(0);
    }
  });
});

describe('shared provider slots', () => {
  let host: TestHost;
  before(async () => {
    host = await createTestHost();
  });
  after(() => host.close());

  test('a slot a crashed process held is free again once its lease ends; a full set answers provider_busy after the longest wait', async () => {
    let now = 1_000_000;
    const slots = new SharedSlots(
      host.services.db,
      { max: 1, leaseMs: 60_000, maxWaitMs: 200, pluginId: 'netsuite', providerName: 'NetSuite' },
      () => now,
    );
    // A process takes the only slot and dies before giving it back.
    let release!: () => void;
    const crashed = slots.run('crash-test', () => new Promise<void>((r) => (release = r)));
    await waitFor('the slot held', async () => (await slots.held('crash-test')) === 1);
    await assert.rejects(
      slots.run('crash-test', async () => 'never'),
      (err: ProviderError) => err.errors[0]!.code === 'provider_busy' && err.status === 503,
    );
    // Worded by the host, so each reader gets it in their language.
    const busy = await slots
      .run('crash-test', async () => undefined)
      .then(
        () => undefined,
        (err: ProviderError) => err,
      );
    assert.equal(
      errorText(busy!.errorMessage!, 'de').detail,
      'NetSuite ist mit anderen Anfragen dieses Kontos beschäftigt; versuchen Sie es gleich noch einmal.',
    );
    now += 61_000; // the dead holder's lease has run out
    assert.equal(await slots.run('crash-test', async () => 'taken over'), 'taken over');
    release();
    await crashed;
  });
});
