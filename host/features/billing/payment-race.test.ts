/**
 * Two payments of one invoice, interleaved step by step (no timing): a request that read the
 * invoice before another paid it, and a billing system whose reads trail its writes (an
 * external one, NetSuite, may show an invoice open for a while after it recorded its
 * payment). The card must be charged once and the invoice paid once whatever the billing
 * system shows meanwhile; an invoice that legitimately needs paying again (it grew, or was
 * reopened after a refund) can be. Assertions are on the world: the gateway's charges, the
 * billing system's payments, the host's payment rows.
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import testPaymentsPlugin, { type TestHostedGateway } from '../../../plugins/test-payments/index.js';
import type { BillingProvider, Invoice } from '../../ports/billing-provider.js';

/** A promise and its resolve, to hold a request at a chosen step until the test lets it go. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Steers the billing system's answers: `holdNextRead(id?)` lets the next read of an invoice
 * (of any, without an id) reach the billing system, then holds its answer until released (a request that read the invoice and
 * is not done yet); `lag()` makes every read serve an invoice as it was before its latest
 * payment was recorded, until `catchUp()`.
 */
function steer(provider: BillingProvider) {
  const read = provider.getInvoice.bind(provider);
  const record = provider.recordPayment.bind(provider);
  const stale = new Map<string, Invoice>();
  let held: { invoiceId: string | undefined; reached: ReturnType<typeof deferred>; release: ReturnType<typeof deferred> } | undefined;
  let lagging = false;
  provider.getInvoice = async (account, id, signal) => {
    const invoice = stale.get(id) ?? (await read(account, id, signal));
    const hold = held && (held.invoiceId ?? id) === id ? held : undefined;
    if (hold) {
      held = undefined;
      hold.reached.resolve();
      await hold.release.promise;
    }
    return invoice;
  };
  provider.recordPayment = async (account, input, signal) => {
    if (lagging) {
      for (const { invoiceId } of input.allocations) if (!stale.has(invoiceId)) stale.set(invoiceId, (await read(account, invoiceId))!);
    }
    return record(account, input, signal);
  };
  return {
    holdNextRead(invoiceId?: string) {
      const hold = { invoiceId, reached: deferred(), release: deferred() };
      held = hold;
      return { reached: hold.reached.promise, release: hold.release.resolve };
    },
    lag() {
      lagging = true;
    },
    catchUp() {
      lagging = false;
      stale.clear();
    },
  };
}

describe('one invoice, two payments interleaved (local billing, test gateway)', () => {
  let host: TestHost;
  let billing: string;
  let clock: Date;
  let invoiceId: string;
  let billingSystem: ReturnType<typeof steer>;

  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
  const subscribe = (id: string, description: string, unitAmount: number) =>
    admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
      data: {
        type: 'subscriptions',
        attributes: { description, quantity: 1, unitAmount, currency: 'EUR', intervalMonths: 1, taxRateBp: 0, nextInvoiceOn: '2026-11-01' },
      },
    });
  const invoiceIds = async () => {
    const list = (await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any;
    return (list.data as any[]).map((i) => i.id as string);
  };

  beforeEach(async () => {
    clock = new Date('2026-11-10T10:00:00Z');
    const plugins = [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }];
    host = await createTestHost({ plugins, now: () => clock, reconcileMs: 0 });
    const tenant = { name: 'Acme Corp', billingAccount: { source: 'local', account: 'acme' } };
    assert.equal((await admin('PUT', '/api/v1/tenants/acme', { data: { type: 'tenants', attributes: tenant } })).status, 201);
    await subscribe('srv', 'Managed server M', 45_000);
    billing = await host.token('acme', ['billing']);
    [invoiceId] = (await invoiceIds()) as [string];
    const setup = ((await (await host.request('POST', '/api/v1/payment-setups', { token: billing })).json()) as any).data;
    const card = JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242', kind: 'card' });
    const headers = { 'content-type': 'application/json' };
    await host.fetch(new Request('http://glasspane.test/payments/test/confirm', { method: 'POST', headers, body: card }));
    const method = { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } };
    assert.equal((await host.request('POST', '/api/v1/payment-methods', { token: billing, body: method })).status, 201);
    billingSystem = steer((host.services.billing as any).providers[0] as BillingProvider);
  });
  afterEach(() => host.close());

  const gateway = () => (host.services.billing as any).gateway as TestHostedGateway;
  const pay = (key: string, ids = [invoiceId]) => {
    const body = { data: { type: 'payments', attributes: { invoiceIds: ids } } };
    return host.request('POST', '/api/v1/payments', { token: billing, headers: { 'idempotency-key': key }, body });
  };
  const refused = async (res: Response) => {
    assert.equal(res.status, 409);
    return ((await res.json()) as any).errors[0] as { code: string; detail: string };
  };
  const local = () => localDb(host.services.db);
  const invoiceRow = (id = invoiceId) => local().selectFrom('local_invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The billing clerk changes the invoice by hand: reopens it (the payment unapplied, as after a refund), or adds to it. */
  const changeInvoice = (changes: { amount_paid?: number; total?: number; subtotal?: number }) =>
    local()
      .updateTable('local_invoices')
      .set({ ...changes, status: 'open' })
      .where('id', '=', invoiceId)
      .execute();
  const invoiceAsShown = () => host.services.billing.getInvoice('acme', invoiceId);
  /** The world: the gateway's charges, the billing system's payments of the invoice, the host's payment rows. */
  const world = async () => {
    const recorded = await local().selectFrom('local_payments').select('allocations').execute();
    const payments = await host.services.db.selectFrom('payments').select(['request_key', 'status']).orderBy('created_at').execute();
    return {
      charges: gateway()
        .charges()
        .map((c) => c.amount),
      recorded: recorded.filter((p) => p.allocations.includes(invoiceId)).length,
      payments: payments.map((p) => `${p.request_key}:${p.status}`),
    };
  };

  test('A reads the invoice, B pays it completely, A goes on: the card is charged once and the invoice paid once', async () => {
    const a = billingSystem.holdNextRead();
    const first = pay('request-a-0001');
    await a.reached;
    assert.equal((await pay('request-b-0001')).status, 201, 'B pays while A holds its read of the open invoice');
    a.release();
    const err = await refused(await first);
    assert.equal(err.code, 'invoice_not_payable');
    assert.match(err.detail, /already paid/);
    const paid = await invoiceRow();
    assert.equal(paid.amount_paid, paid.total);
    const once = { charges: [45_000], recorded: 1, payments: ['request-b-0001:succeeded'] };
    assert.deepEqual(await world(), once, 'one charge, one record, one row');
  });

  test("the same while the billing system's reads lag behind its writes: A and later ones are refused by the payment's claim", async () => {
    billingSystem.lag();
    const a = billingSystem.holdNextRead();
    const first = pay('request-a-0002');
    await a.reached;
    assert.equal((await pay('request-b-0002')).status, 201);
    assert.equal((await invoiceAsShown()).status, 'open', 'the billing system still shows the invoice open');
    a.release();
    const err = await refused(await first);
    assert.equal(err.code, 'invoice_not_payable');
    assert.match(err.detail, /already paid \(€450\.00 on 2026-11-10\); the billing system does not show it yet/);
    assert.equal((await refused(await pay('request-c-0002'))).code, 'invoice_not_payable', 'a new request, reading the lagging invoice');

    // Reconciliation keeps a recorded payment's claim (it is not an orphan).
    clock = new Date(clock.getTime() + 3 * 60_000);
    await host.services.billing.reconcile();
    assert.equal((await refused(await pay('request-d-0002'))).code, 'invoice_not_payable');
    const { db } = host.services;
    const [claim] = await db.selectFrom('invoice_claims').selectAll().where('invoice_id', '=', invoiceId).execute();
    const b = await db.selectFrom('payments').select('id').where('request_key', '=', 'request-b-0002').executeTakeFirstOrThrow();
    assert.deepEqual([claim?.claimed_by, claim?.settled_at], [b.id, '2026-11-10T10:00:00.000Z'], 'settled, naming the payment and when');

    billingSystem.catchUp();
    assert.match((await refused(await pay('request-e-0002'))).detail, /is already paid\./);
    const paid = await invoiceRow();
    assert.equal(paid.amount_paid, paid.total);
    assert.deepEqual(await world(), { charges: [45_000], recorded: 1, payments: ['request-b-0002:succeeded'] });
  });

  test('an invoice that grows after it was paid, the payment shown by the billing system, is payable for the difference', async () => {
    assert.equal((await pay('request-a-0003')).status, 201);
    await changeInvoice({ total: 55_000, subtotal: 55_000 });
    assert.equal((await invoiceAsShown()).amountDue, 10_000);
    assert.equal((await pay('request-b-0003')).status, 201);
    const paid = await invoiceRow();
    assert.deepEqual([paid.amount_paid, paid.status], [55_000, 'paid']);
    const twice = { charges: [45_000, 10_000], recorded: 2, payments: ['request-a-0003:succeeded', 'request-b-0003:succeeded'] };
    assert.deepEqual(await world(), twice);
  });

  test('two requests taking over one settled claim at once (the invoice grew after it was paid): one charges, one is refused', async () => {
    await subscribe('backup', 'Backup 1 TB', 9_000);
    const other = (await invoiceIds()).find((id) => id !== invoiceId)!;
    assert.equal((await pay('request-a-0005')).status, 201);
    await changeInvoice({ total: 55_000, subtotal: 55_000 });
    // B has read the grown invoice and its settled claim, and reads the second invoice; C pays the first meanwhile.
    const b = billingSystem.holdNextRead(other);
    const both = pay('request-b-0005', [invoiceId, other]);
    await b.reached;
    assert.equal((await pay('request-c-0005')).status, 201);
    b.release();
    assert.match((await refused(await both)).detail, /already paid \(€100\.00 on 2026-11-10\)/);
    const twice = { charges: [45_000, 10_000], recorded: 2, payments: ['request-a-0005:succeeded', 'request-c-0005:succeeded'] };
    assert.deepEqual(await world(), twice);
    assert.deepEqual([(await invoiceRow()).amount_paid, (await invoiceRow(other)).amount_paid], [55_000, 0]);
    const claims = await host.services.db.selectFrom('invoice_claims').selectAll().where('invoice_id', '=', other).execute();
    assert.equal(claims.length, 0, 'the second invoice was not claimed');
  });

  test('an invoice reopened after its payment was refunded is payable again; reopened without a refund, once the hold passed', async () => {
    assert.equal((await pay('request-a-0004')).status, 201);
    const paymentId = (await host.services.db.selectFrom('payments').select('id').executeTakeFirstOrThrow()).id;
    await changeInvoice({ amount_paid: 0 });
    const err = await refused(await pay('request-b-0004'));
    assert.match(err.detail, /already paid/, 'reopened, but the billing system does not show why: the claim holds');
    const refund = await host.request('POST', `/api/v1/payments/${paymentId}/refunds`, {
      token: await host.token('acme', ['staff']),
      headers: { 'idempotency-key': 'refund-0004' },
      body: { data: { type: 'refunds', attributes: { reason: 'requested_by_customer' } } },
    });
    assert.equal(refund.status, 201);
    assert.equal((await pay('request-c-0004')).status, 201, 'the refunded payment no longer holds the invoice');
    const again = { charges: [45_000, 45_000], recorded: 2, payments: ['request-a-0004:refunded', 'request-c-0004:succeeded'] };
    assert.deepEqual(await world(), again);
    assert.deepEqual(
      gateway()
        .refunds()
        .map((r) => r.amount),
      [45_000],
    );

    // Reopened by hand with no refund: the claim holds for the hold window, then lets the invoice be paid.
    await changeInvoice({ amount_paid: 0 });
    assert.match((await refused(await pay('request-d-0004'))).detail, /already paid/);
    clock = new Date(clock.getTime() + 24 * 3600_000 + 1);
    assert.equal((await pay('request-e-0004')).status, 201);
    const paid = await invoiceRow();
    assert.equal(paid.amount_paid, paid.total);
    assert.equal(gateway().charges().length, 3);
  });
});
