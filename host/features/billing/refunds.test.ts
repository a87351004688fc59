/**
 * Refunds by staff, asserted on the world: the gateway's own ledger (the test gateway's
 * refunds, the Stripe fake's refunds and charge) shows each refund once, whatever is retried,
 * and the payment row becomes `refunded` only when refunds cover it. Customers cannot refund.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { createHmac } from 'node:crypto';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import testPaymentsPlugin, { type TestHostedGateway } from '../../../plugins/test-payments/index.js';
import stripePlugin from '../../../plugins/stripe/index.js';
import { startStripeFake, type StripeFake } from '../../../plugins/stripe/fake.js';

/** A tenant with one €450.00 invoice, paid by card by its billing person; answers the payment's id. */
async function paidInvoice(host: TestHost, saveCard: (setup: any) => Promise<void>): Promise<string> {
  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
  await admin('PUT', '/api/v1/tenants/acme', {
    data: { type: 'tenants', attributes: { name: 'Acme Corp', billingAccount: { source: 'local', account: 'acme' } } },
  });
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
  const billing = await host.token('acme', ['billing']);
  const setup = ((await (await host.request('POST', '/api/v1/payment-setups', { token: billing })).json()) as any).data;
  await saveCard(setup);
  const saved = await host.request('POST', '/api/v1/payment-methods', {
    token: billing,
    body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } },
  });
  assert.equal(saved.status, 201);
  const invoice = ((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data[0];
  const paid = await host.request('POST', '/api/v1/payments', {
    token: billing,
    headers: { 'idempotency-key': 'pay-0000001' },
    body: { data: { type: 'payments', attributes: { invoiceIds: [invoice.id] } } },
  });
  assert.equal(paid.status, 201);
  return ((await paid.json()) as any).data.id;
}

const refund = (host: TestHost, token: string, paymentId: string, key: string, attributes: Record<string, unknown>) =>
  host.request('POST', `/api/v1/payments/${paymentId}/refunds`, {
    token,
    headers: { 'idempotency-key': key },
    body: { data: { type: 'refunds', attributes } },
  });

describe('refunds (test gateway)', () => {
  let host: TestHost;
  let staff: string;
  let paymentId: string;
  const clock = new Date('2026-11-10T10:00:00Z');
  const gateway = () => host.services.billing.hostedGateway as TestHostedGateway;
  const payment = () => host.services.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();

  before(async () => {
    host = await createTestHost({
      plugins: [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }],
      now: () => clock,
      reconcileMs: 0,
    });
    paymentId = await paidInvoice(host, async (setup) => {
      await host.fetch(
        new Request('http://glasspane.test/payments/test/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242', kind: 'card' }),
        }),
      );
    });
    staff = await host.token('acme', ['staff']);
  });
  after(() => host.close());

  it('customers and billing people cannot refund; nothing reaches the gateway', async () => {
    for (const roles of [['customer'], ['billing']]) {
      const res = await refund(host, await host.token('acme', roles), paymentId, `refund-${roles[0]}-01`, {
        reason: 'requested_by_customer',
      });
      assert.equal(res.status, 403, roles[0]);
    }
    assert.deepEqual(gateway().refunds(), []);
    assert.equal((await host.services.db.selectFrom('refunds').selectAll().execute()).length, 0);
    // Reading a payment's refunds is for whoever reads billing.
    assert.equal(
      (await host.request('GET', `/api/v1/payments/${paymentId}/refunds`, { token: await host.token('acme', ['customer']) })).status,
      200,
    );
  });

  it('a partial refund, sent twice with its key, refunds once; the payment stays recorded', async () => {
    // A double click: both requests at once, one refund.
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        refund(host, staff, paymentId, 'refund-part-01', { amount: 10_000, reason: 'requested_by_customer', note: 'Outage on 3 Nov' }),
      ),
    );
    assert.deepEqual([first!.status, second!.status], [201, 201]);
    const body = ((await first!.json()) as any).data;
    assert.equal(body.attributes.status, 'succeeded');
    assert.equal(((await second!.json()) as any).data.id, body.id);
    const again = await refund(host, staff, paymentId, 'refund-part-01', {
      amount: 10_000,
      reason: 'requested_by_customer',
      note: 'Outage on 3 Nov',
    });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    assert.equal(((await again.json()) as any).data.id, body.id);
    assert.deepEqual(
      gateway()
        .refunds()
        .map((r) => r.amount),
      [10_000],
    );
    assert.equal(gateway().charges()[0]!.refunded, 10_000);
    assert.equal((await payment()).state, 'recorded');

    const reused = await refund(host, staff, paymentId, 'refund-part-01', { amount: 5_000, reason: 'requested_by_customer' });
    assert.equal(reused.status, 422);
    const tooMuch = await refund(host, staff, paymentId, 'refund-part-02', { amount: 40_000, reason: 'duplicate' });
    assert.equal(tooMuch.status, 422);
    assert.equal(((await tooMuch.json()) as any).errors[0].source.pointer, '/data/attributes/amount');
    assert.equal(gateway().refunds().length, 1);
  });

  it('the rest, whose answer the gateway lost: the retry with the same key refunds once and the payment becomes refunded', async () => {
    gateway().loseNextAnswer = true;
    const lost = await refund(host, staff, paymentId, 'refund-rest-01', { reason: 'requested_by_customer' });
    assert.equal(lost.status, 503);
    const row = await host.services.db
      .selectFrom('refunds')
      .selectAll()
      .where('request_key', '=', 'refund-rest-01')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'requested');
    assert.equal(row.amount, 35_000);
    const retried = await refund(host, staff, paymentId, 'refund-rest-01', { reason: 'requested_by_customer' });
    assert.equal(retried.status, 201);
    assert.equal(((await retried.json()) as any).data.attributes.amount, 35_000);
    assert.deepEqual(
      gateway()
        .refunds()
        .map((r) => r.amount),
      [10_000, 35_000],
      'the gateway refunded the rest once',
    );
    assert.equal(gateway().charges()[0]!.refunded, 45_000);
    const p = await payment();
    assert.deepEqual([p.state, p.status], ['refunded', 'refunded']);
    const more = await refund(host, staff, paymentId, 'refund-more-01', { amount: 1, reason: 'duplicate' });
    assert.equal(more.status, 409);
    const actions = (await host.services.billing.auditLog('acme')).map((e: any) => e.action);
    assert.equal(actions.filter((a: string) => a === 'refund.created').length, 2);
    assert.equal(actions.filter((a: string) => a === 'payment.refunded').length, 1);
    const listed = ((await (await host.request('GET', `/api/v1/payments/${paymentId}/refunds`, { token: staff })).json()) as any).data;
    assert.deepEqual(
      listed.map((r: any) => [r.attributes.amount, r.attributes.status]),
      [
        [10_000, 'succeeded'],
        [35_000, 'succeeded'],
      ],
    );
  });

  it('each refund reaches the billing system once; one it refused is recorded by the reconciliation job', async () => {
    const rows = await host.services.db
      .selectFrom('refunds')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .execute();
    const local = () => localDb(host.services.db).selectFrom('local_refunds').selectAll().execute();
    assert.deepEqual(
      rows.map((r) => r.record_state),
      ['recorded', 'recorded'],
    );
    assert.deepEqual(
      (await local()).map((r) => [Number(r.amount), r.idempotency_key]).sort(),
      rows.map((r) => [Number(r.amount), r.id]).sort(),
    );
    assert.deepEqual(rows.map((r) => r.provider_reference).sort(), (await local()).map((r) => r.id).sort());

    // A second payment, refunded while the billing system refuses once.
    await host.request('PUT', '/api/v1/tenants/acme/subscriptions/srv2', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'subscriptions',
          attributes: {
            description: 'Backup',
            quantity: 1,
            unitAmount: 2_000,
            currency: 'EUR',
            intervalMonths: 1,
            taxRateBp: 0,
            nextInvoiceOn: '2026-11-01',
          },
        },
      },
    });
    const billing = await host.token('acme', ['billing']);
    const open = ((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data.find(
      (i: any) => i.attributes.status !== 'paid',
    );
    const paid = await host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': 'pay-0000002' },
      body: { data: { type: 'payments', attributes: { invoiceIds: [open.id] } } },
    });
    assert.equal(paid.status, 201);
    const second = ((await paid.json()) as any).data.id;
    const { provider } = await host.services.billing.account('acme');
    const real = provider.recordRefund!.bind(provider);
    let refusals = 0;
    provider.recordRefund = async (...args) => {
      if (refusals++ === 0) throw new Error('the billing system is down');
      return real(...args);
    };
    try {
      const res = await refund(host, staff, second, 'refund-second-1', { reason: 'duplicate' });
      assert.equal(res.status, 201, 'the gateway refunded; the billing system catches up');
      const row = await host.services.db
        .selectFrom('refunds')
        .selectAll()
        .where('request_key', '=', 'refund-second-1')
        .executeTakeFirstOrThrow();
      assert.equal(row.record_state, 'pending');
      assert.match(row.record_error ?? '', /the billing system is down/);
      assert.equal((await local()).filter((r) => r.idempotency_key === row.id).length, 0);
      await host.services.billing.reconcile();
      await host.services.billing.reconcile();
      const after = await host.services.db.selectFrom('refunds').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.record_state, 'recorded');
      assert.equal((await local()).filter((r) => r.idempotency_key === row.id).length, 1, 'one refund record');
    } finally {
      provider.recordRefund = real;
    }
  });

  it('another tenant cannot see or refund the payment', async () => {
    await host.request('PUT', '/api/v1/tenants/other', {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: 'Other' } } },
    });
    const res = await refund(host, await host.token('other', ['staff']), paymentId, 'refund-other-1', { reason: 'fraudulent' });
    assert.equal(res.status, 404);
  });
});

describe('refunds (Stripe fake)', () => {
  let host: TestHost;
  let fake: StripeFake;

  before(async () => {
    fake = await startStripeFake({ delivery: 'manual' });
    host = await createTestHost({
      plugins: [
        localPlugin,
        {
          plugin: stripePlugin,
          config: {
            secretKey: fake.secretKey,
            publishableKey: fake.publishableKey,
            webhookSecret: 'whsec_test_refunds',
            apiBase: fake.url,
          },
        },
      ],
      reconcileMs: 0,
    });
  });
  after(async () => {
    await host.close();
    await fake.close();
  });

  it('a full refund whose answer is lost is made once at Stripe; the payment becomes refunded', async () => {
    const paymentId = await paidInvoice(
      host,
      async (setup) => void fake.confirmSetup(setup.id, { client_secret: setup.attributes.clientSecret, payment_method: 'pm_card_visa' }),
    );
    const staff = await host.token('acme', ['staff']);
    fake.dropNextResponse();
    const first = await refund(host, staff, paymentId, 'stripe-refund-1', { reason: 'requested_by_customer' });
    if (first.status !== 201) {
      // The plugin's own retry did not cover the dropped answer: the customer's retry does, under the same key.
      assert.equal(first.status, 503);
      assert.equal((await refund(host, staff, paymentId, 'stripe-refund-1', { reason: 'requested_by_customer' })).status, 201);
    }
    assert.equal((await refund(host, staff, paymentId, 'stripe-refund-1', { reason: 'requested_by_customer' })).status, 201);
    const pi = String(fake.chargesMade()[0]!.payment_intent);
    assert.deepEqual(
      fake.refundsMade(pi).map((r) => r.amount),
      [45_000],
    );
    assert.equal(fake.chargesMade()[0]!.amount_refunded, 45_000);
    const p = await host.services.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
    assert.equal(p.state, 'refunded');

    // Days later the bank returns the refund: Stripe's signed refund.failed / charge.refund.updated.
    const re = fake.refundsMade(pi)[0]!;
    fake.failRefund(String(re.id), 'expired_or_canceled_card');
    for (const event of fake.world.events.filter(
      (e) => (e.type === 'refund.failed' || e.type === 'charge.refund.updated') && (e.data as any).object.id === re.id,
    )) {
      const body = JSON.stringify(event);
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac('sha256', 'whsec_test_refunds').update(`${t}.${body}`).digest('hex');
      const res = await host.request('POST', '/api/v1/hooks/payments/stripe', {
        headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
        body,
      });
      assert.equal(res.status, 200);
    }
    const row = await host.services.db.selectFrom('refunds').selectAll().where('payment_id', '=', paymentId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'failed');
    const restored = await host.services.db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow();
    assert.deepEqual([restored.state, restored.status], ['recorded', 'succeeded'], "the payment's state is restored");
    const told = (await host.services.billing.auditLog('acme')).filter((e: any) => e.action === 'refund.failed');
    assert.equal(told.length, 1, 'staff are told once');
    assert.match(JSON.stringify(told[0]), /Reverse record REF-/);
  });
});
