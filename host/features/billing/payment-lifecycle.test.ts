/**
 * A payment's life with nothing double and nothing stuck: the billing system failing to
 * record, the gateway's answer lost, a request that died mid-payment, autopay across days,
 * bank debits settled by webhook. Assertions are on the world: the gateway's ledger and the
 * invoices' amountPaid.
 */
import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, waitFor, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import testPaymentsPlugin, { type TestHostedGateway } from '../../../plugins/test-payments/index.js';
import type { BillingProvider } from '../../ports/billing-provider.js';
import { ProviderError } from '../../errors.js';

describe('payment lifecycle (local provider, test gateway)', () => {
  let host: TestHost;
  let billing: string;
  let clock: Date;
  let invoiceId: string;

  beforeEach(async () => {
    clock = new Date('2026-11-10T10:00:00Z');
    host = await createTestHost({
      plugins: [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }],
      now: () => clock,
      reconcileMs: 0,
    });
    const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
    assert.equal(
      (
        await admin('PUT', '/api/v1/tenants/acme', {
          data: { type: 'tenants', attributes: { name: 'Acme Corp', billingAccount: { source: 'local', account: 'acme' } } },
        })
      ).status,
      201,
    );
    await admin('PUT', '/api/v1/tenants/acme/subscriptions/srv', {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'Managed server M',
          quantity: 1,
          unitAmount: 45_000,
          currency: 'EUR',
          intervalMonths: 1,
          taxRateBp: 0,
          nextInvoiceOn: '2026-11-01',
        },
      },
    });
    billing = await host.token('acme', ['billing']);
    const list = (await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any;
    invoiceId = list.data[0].id;
  });
  afterEach(() => host.close());

  const gateway = () => (host.services.billing as any).gateway as TestHostedGateway;
  const provider = () => (host.services.billing as any).providers[0] as BillingProvider;
  const invoice = () =>
    localDb(host.services.db).selectFrom('local_invoices').selectAll().where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const addMethod = async (number: string, kind = 'card') => {
    const setup = ((await (await host.request('POST', '/api/v1/payment-setups', { token: billing })).json()) as any).data;
    await host.fetch(
      new Request('http://glasspane.test/payments/test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number, kind }),
      }),
    );
    const res = await host.request('POST', '/api/v1/payment-methods', {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } },
    });
    assert.equal(res.status, 201);
    return ((await res.json()) as any).data.id as string;
  };
  const pay = (key: string) =>
    host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': key },
      body: { data: { type: 'payments', attributes: { invoiceIds: [invoiceId] } } },
    });
  /** The billing system refuses to record payments until `heal()`. */
  const breakRecording = () => {
    const p = provider();
    const original = p.recordPayment.bind(p);
    let calls = 0;
    p.recordPayment = async () => {
      calls++;
      throw new ProviderError('local', 'NetSuite answered 500', { status: 500 });
    };
    return { calls: () => calls, heal: () => void (p.recordPayment = original) };
  };

  test('the billing system failing at recordPayment: charged once, not payable again, recorded by reconciliation', async () => {
    await addMethod('4242424242424242');
    const broken = breakRecording();
    const first = await pay('first-attempt-0001');
    assert.equal(first.status, 202, 'charged, not recorded yet');
    assert.equal(gateway().charges().length, 1);
    assert.equal((await invoice()).amount_paid, 0);

    const again = await pay('fresh-key-0002');
    assert.equal(again.status, 409, 'a fresh key is refused while the first payment is unsettled');
    const err = ((await again.json()) as any).errors[0];
    assert.equal(err.code, 'invoice_payment_in_progress');
    assert.match(err.detail, /A payment of €450\.00 for invoice .* is being processed/);
    assert.equal((await pay('first-attempt-0001')).status, 202, 'the same key replays');

    await host.services.billing.reconcile();
    assert.ok(broken.calls() >= 2, 'reconciliation retried recording');
    assert.equal(gateway().charges().length, 1, 'retrying the record never charges again');
    assert.equal((await invoice()).amount_paid, 0);

    broken.heal();
    await host.services.billing.reconcile();
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total, 'paid exactly once');
    assert.equal(paid.status, 'paid');
    assert.equal(gateway().charges().length, 1);
    await host.services.billing.reconcile();
    assert.equal((await invoice()).amount_paid, paid.total, 'reconciling again records nothing twice');
    assert.equal((await pay('after-paid-0003')).status, 409, 'a paid invoice is not payable');
    assert.equal((await pay('first-attempt-0001')).status, 201, 'the first key now answers paid');
  });

  test("the gateway's answer lost: reconciliation finds the charge by its metadata and records it", async () => {
    await addMethod('4242424242424242');
    gateway().loseNextAnswer = true;
    const res = await pay('lost-answer-0001');
    assert.equal(res.status, 202);
    assert.equal(gateway().charges().length, 1);
    assert.equal((await pay('lost-answer-0002')).status, 409);
    await host.services.billing.reconcile();
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total);
    assert.equal(gateway().charges().length, 1);
  });

  test('a request that died: charging without a charge is re-sent under its key once its lease ends; created is abandoned', async () => {
    await addMethod('4242424242424242');
    // Simulate a crash right after `charging` was written (before the gateway was asked).
    const gw = gateway();
    const realCharge = gw.charge.bind(gw);
    gw.charge = () => new Promise(() => {});
    void pay('dies-mid-payment-1');
    const row = await waitFor('the payment to be charging', () =>
      host.services.db.selectFrom('payments').selectAll().where('state', '=', 'charging').executeTakeFirst(),
    );
    gw.charge = realCharge;
    await host.services.billing.reconcile();
    assert.equal(gateway().charges().length, 0, 'the lease is still held: nothing is touched');
    clock = new Date(clock.getTime() + 3 * 60_000);
    await host.services.billing.reconcile();
    assert.equal(gateway().charges().length, 1);
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total);

    // A row left in `created` (the gateway never asked) ends failed and frees its invoices.
    const id = crypto.randomUUID();
    await host.services.db
      .insertInto('payments')
      .values({
        ...row,
        id,
        state: 'created',
        request_key: 'x-created',
        gateway_key: `gp_pay_${id}`,
        lease_until: null,
        gateway_reference: null,
      })
      .execute();
    await host.services.db
      .insertInto('invoice_claims')
      .values({ tenant_id: 'acme', source: 'local', invoice_id: 'other', claimed_by: id, created_at: clock.toISOString() })
      .execute();
    await host.services.billing.reconcile();
    const abandoned = await host.services.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(abandoned.state, 'failed');
    // Its key sent again (the customer's retry) hears that nothing was charged, in the reader's language.
    const retried = await host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': 'x-created', 'accept-language': 'de' },
      body: { data: { type: 'payments', attributes: { invoiceIds: [invoiceId] } } },
    });
    assert.equal(retried.status, 402);
    const declined = ((await retried.json()) as any).errors[0];
    assert.equal(declined.code, 'abandoned');
    assert.match(declined.detail, /^Die Zahlung ist nicht durchgegangen \(.+\); es wurde nichts abgebucht\. Versuchen Sie es erneut\.$/);
    const claims = await host.services.db.selectFrom('invoice_claims').selectAll().execute();
    assert.deepEqual(
      claims.map((c) => [c.invoice_id, c.claimed_by, c.settled_at !== null]),
      [[invoiceId, row.id, true]],
      "the abandoned payment's claim is released; the recorded payment's stays, settled",
    );
    assert.equal(gateway().charges().length, 1);
  });

  test('a claim left by an older version without a payment row expires', async () => {
    await host.services.db
      .insertInto('invoice_claims')
      .values({ tenant_id: 'acme', source: 'local', invoice_id: invoiceId, claimed_by: 'old-request-key', created_at: clock.toISOString() })
      .execute();
    await addMethod('4242424242424242');
    assert.equal((await pay('blocked-by-old-1')).status, 409);
    clock = new Date(clock.getTime() + 3 * 60_000);
    await host.services.billing.reconcile();
    assert.equal((await pay('after-expiry-1')).status, 201);
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total);
  });

  test("autopay's first charge (day and amount) is computed by the host's clock, for the confirmation", async () => {
    const open = (((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data as any[])
      .map((i) => i.attributes)
      .filter((a) => ['open', 'overdue'].includes(a.status) && a.amountDue > 0);
    assert.ok(open.length > 0, 'an open invoice to charge');
    const earliest = open.map((a) => a.dueOn).sort()[0] as string;
    const read = async () => ((await (await host.request('GET', '/api/v1/autopay', { token: billing })).json()) as any).data.attributes;
    const saved = clock;
    try {
      // Before the due date: the first charge is on it, for what is due by then.
      clock = new Date(Date.parse(`${earliest}T12:00:00Z`) - 3 * 86_400_000);
      const before_ = await read();
      assert.equal(before_.enabled, false);
      const dueBy = (day: string) => open.filter((a) => a.dueOn <= day).reduce((sum, a) => sum + a.amountDue, 0);
      assert.deepEqual(before_.firstCharge, { on: earliest, amounts: [{ currency: open[0].currency, amount: dueBy(earliest) }] });
      // Overdue: charged on the host's today (its next run), whatever the browser's clock says.
      clock = new Date(Date.parse(`${earliest}T12:00:00Z`) + 5 * 86_400_000);
      const today = clock.toISOString().slice(0, 10);
      assert.deepEqual((await read()).firstCharge, { on: today, amounts: [{ currency: open[0].currency, amount: dueBy(today) }] });
    } finally {
      clock = saved;
    }
  });

  test("autopay's key is stable per invoice and attempt, never per day", async () => {
    const method = await addMethod('4242424242424242');
    await host.request('PUT', '/api/v1/autopay', {
      token: billing,
      body: { data: { type: 'autopay', attributes: { enabled: true, paymentMethodId: method } } },
    });
    clock = new Date('2026-11-16T10:00:00Z');
    const broken = breakRecording();
    await host.services.billing.runAutopay();
    assert.equal(gateway().charges().length, 1);
    for (const day of ['2026-11-17', '2026-11-18']) {
      clock = new Date(`${day}T10:00:00Z`);
      await host.services.billing.runAutopay();
    }
    assert.equal(gateway().charges().length, 1, 'later days do not charge again');
    broken.heal();
    await host.services.billing.reconcile();
    await host.services.billing.runAutopay();
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total);
    assert.equal(gateway().charges().length, 1);
    assert.ok(gateway().charges()[0]!.idempotencyKey.startsWith('gp_pay_'));
    const rows = await host.services.db.selectFrom('payments').select('request_key').execute();
    assert.deepEqual(
      rows.map((r) => r.request_key),
      [`autopay:${invoiceId}:1`],
    );
  });

  test('a bank debit stays processing until the webhook; events are verified and replay-safe', async () => {
    await addMethod('000123456789', 'us_bank_account');
    const res = await pay('ach-payment-0001');
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as any).data.attributes.state, 'charging');
    assert.equal((await invoice()).amount_paid, 0);
    assert.equal((await pay('ach-payment-0002')).status, 409, 'not payable again while the debit is on its way');

    const [charge] = gateway().charges();
    const event = gateway().settle(charge!.id);
    const { body, signature } = gateway().signWebhook(event);
    const hook = (sig: string) =>
      host.fetch(
        new Request('http://glasspane.test/api/v1/hooks/payments/test', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'test-signature': sig },
          body,
        }),
      );
    const forged = await hook('00'.repeat(32));
    assert.equal(forged.status, 400);
    assert.equal(((await forged.json()) as any).errors[0].code, 'invalid_signature');
    assert.equal((await invoice()).amount_paid, 0);
    const ok = await hook(signature);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { received: true, duplicate: false });
    const paid = await invoice();
    assert.equal(paid.amount_paid, paid.total);
    const repeat = await hook(signature);
    assert.deepEqual(await repeat.json(), { received: true, duplicate: true });
    assert.equal((await invoice()).amount_paid, paid.total);
    assert.equal((await host.request('POST', '/api/v1/hooks/payments/stripe', { body: {} })).status, 404, 'no such gateway on this host');
  });

  test('a bounced bank debit fails the payment and frees the invoice', async () => {
    await addMethod('000111111116', 'us_bank_account');
    assert.equal((await pay('ach-bounce-00001')).status, 202);
    const event = gateway().settle(gateway().charges()[0]!.id);
    const { body, signature } = gateway().signWebhook(event);
    assert.equal(
      (
        await host.fetch(
          new Request('http://glasspane.test/api/v1/hooks/payments/test', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'test-signature': signature },
            body,
          }),
        )
      ).status,
      200,
    );
    const payment = await host.services.db.selectFrom('payments').selectAll().executeTakeFirstOrThrow();
    assert.equal(payment.state, 'failed');
    assert.equal(payment.failure_code, 'insufficient_funds');
    assert.equal((await invoice()).amount_paid, 0);
    assert.equal((await host.services.db.selectFrom('invoice_claims').selectAll().execute()).length, 0, 'payable again');
  });
});
