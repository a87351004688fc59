import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStripeFake, type StripeFake } from './fake.js';
import { StripeHostedGateway } from './gateway.js';
import { STRIPE_API_VERSION, StripeClient } from './client.js';
import { ApiError, ProviderError } from '@glasspane/host';
import type { HostedMethodKind } from '@glasspane/host';

const WEBHOOK_SECRET = 'whsec_fake_endpoint_secret';
const code = (err: unknown) => (err as ApiError).errors[0]!.code;

describe('Stripe plugin against its fake', () => {
  let fake: StripeFake;
  let receiver: Server;
  const received: { body: string; signature: string }[] = [];
  let clock = Date.parse('2026-11-24T10:00:00Z');
  const waits: number[] = [];
  let n = 0;
  const key = () => `test-key-${++n}`;

  const gateway = (extra: Partial<ConstructorParameters<typeof StripeHostedGateway>[0]> = {}) =>
    new StripeHostedGateway({
      apiBase: fake.url,
      secretKey: fake.secretKey,
      publishableKey: fake.publishableKey,
      webhookSecret: WEBHOOK_SECRET,
      jsUrl: 'https://js.stripe.com/v3/',
      now: () => clock,
      sleep: async (ms) => void waits.push(ms),
      ...extra,
    });

  /** Creates a customer and saves a method the way the browser would, returning both. */
  async function saved(gw: StripeHostedGateway, method: string, kind: HostedMethodKind = 'card', tenant = `t${++n}`) {
    const customer = await gw.ensureCustomer(tenant, { name: `Tenant ${tenant}`, email: `${tenant}@example.test` });
    const setup = await gw.createSetup(customer.id, { methodTypes: [kind] });
    const confirmed = (() => {
      try {
        return fake.confirmSetup(setup.id, { client_secret: setup.clientSecret, payment_method: method });
      } catch (err) {
        return err;
      }
    })();
    return { customer, setup, confirmed, outcome: await gw.confirmSetup(customer.id, setup.id) };
  }

  before(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString(), signature: String(req.headers['stripe-signature']) });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    fake = await startStripeFake({
      now: () => clock,
      searchLagMs: 60_000,
      webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: WEBHOOK_SECRET },
    });
  });
  after(async () => {
    await fake.close();
    receiver.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    waits.length = 0;
    received.length = 0;
  });

  test('saves a card typed into Stripe’s fields: brand and last four, attached to the customer, keys and version on the wire', async () => {
    const gw = gateway();
    const { customer, setup, outcome } = await saved(gw, 'pm_card_visa');
    assert.equal(setup.publishableKey, fake.publishableKey);
    assert.equal(setup.scriptUrl, 'https://js.stripe.com/v3/');
    assert.match(setup.clientSecret, /^seti_.+_secret_/);
    assert.equal(outcome.status, 'saved');
    assert.ok(outcome.status === 'saved');
    assert.deepEqual(
      { ...outcome.method, gatewayId: undefined },
      { gatewayId: undefined, kind: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034, country: 'US' },
    );
    assert.equal(fake.world.paymentMethods.get(outcome.method.gatewayId)?.customer, customer.id);
    const created = fake.requests.find((r) => r.path === '/v1/setup_intents')!;
    assert.deepEqual(created.params.payment_method_types, ['card']);
    assert.equal(created.params.usage, 'off_session');
    assert.ok(created.idempotencyKey);
    assert.ok(fake.requests.every((r) => r.stripeVersion === STRIPE_API_VERSION));
    assert.deepEqual(await gw.listMethods(customer.id), [outcome.method]);
  });

  test('a declined card saves nothing: the setup fails with the decline code, the customer has no method', async () => {
    const gw = gateway();
    const { customer, confirmed, outcome } = await saved(gw, 'pm_card_chargeDeclined');
    assert.equal((confirmed as { status: number }).status, 402);
    assert.deepEqual(outcome, {
      status: 'failed',
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
    });
    assert.deepEqual(await gw.listMethods(customer.id), []);
    assert.equal([...fake.world.paymentMethods.values()].filter((m) => m.customer === customer.id).length, 0);
  });

  test('another customer’s setup or method is not found, and cannot be detached', async () => {
    const gw = gateway();
    const a = await saved(gw, 'pm_card_visa');
    const b = await gw.ensureCustomer('other', { name: 'Other' });
    await assert.rejects(gw.confirmSetup(b.id, a.setup.id), (e) => (e as ApiError).status === 404);
    assert.ok(a.outcome.status === 'saved');
    await assert.rejects(gw.detachMethod(b.id, a.outcome.method.gatewayId), (e) => (e as ApiError).status === 404);
    await gw.detachMethod(a.customer.id, a.outcome.method.gatewayId);
    assert.equal(fake.world.paymentMethods.get(a.outcome.method.gatewayId)?.customer, null);
  });

  test('3-D Secure at setup: pending until the customer authenticates; off-session charges then ask for authentication', async () => {
    const gw = gateway();
    const { customer, setup, outcome } = await saved(gw, 'pm_card_authenticationRequired');
    assert.deepEqual(outcome, {
      status: 'pending',
      code: 'requires_action',
      message: 'The customer still has to authenticate with their bank.',
    });
    fake.authenticateSetup(setup.id, true);
    const done = await gw.confirmSetup(customer.id, setup.id);
    assert.ok(done.status === 'saved');
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: done.method.gatewayId,
      amount: 2500,
      currency: 'USD',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.equal(charge.status, 'requires_action');
    assert.equal(charge.code, 'authentication_required');
    assert.match(charge.clientSecret!, /^pi_.+_secret_/);
    assert.equal(fake.chargesMade(customer.id).filter((c) => c.status === 'succeeded').length, 0);
  });

  test('the same idempotency key twice charges once; other parameters under that key are refused', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    const req = {
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 1999,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: { invoice: 'INV-1' },
    };
    const first = await gw.charge(req);
    const second = await gw.charge(req);
    assert.equal(first.status, 'succeeded');
    assert.equal(second.id, first.id);
    assert.equal(fake.chargesMade(customer.id).length, 1);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)?.replayed, true);
    await assert.rejects(
      gw.charge({ ...req, amount: 2999 }),
      (e) => code(e) === 'provider_idempotency_conflict' && /same parameters/.test((e as Error).message),
    );
    assert.equal(fake.chargesMade(customer.id).length, 1);
  });

  test('429s are retried with growing backoff and the charge happens once', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    fake.failNext(429, { count: 2 });
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 5000,
      currency: 'eur',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.equal(charge.status, 'succeeded');
    assert.equal(fake.chargesMade(customer.id).length, 1);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/payment_intents').length, 3);
    assert.equal(waits.length, 2);
    assert.ok(waits[0]! >= 250 && waits[0]! <= 500 && waits[1]! >= 500 && waits[1]! <= 1000, `backoff ${waits}`);
  });

  test('a lost answer after Stripe charged: the retry with the same key replays, one charge', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    fake.dropNextResponse();
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 1200,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.equal(charge.status, 'succeeded');
    assert.equal(fake.chargesMade(customer.id).length, 1);
    assert.equal(fake.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)?.replayed, true);
  });

  test('Stripe-Should-Retry: false is obeyed: no retry, a readable provider error', async () => {
    const gw = gateway();
    fake.failNext(500, { shouldRetry: false });
    await assert.rejects(
      gw.ensureCustomer('x', { name: 'X', knownId: 'cus_missing' }),
      (e) => code(e) === 'provider_error' && /Stripe failed \(500\)/.test((e as Error).message),
    );
    assert.equal(fake.requests.length, 1);
    assert.equal(waits.length, 0);
  });

  test('a 402 decline is a decline result with its decline_code, not a provider failure', async () => {
    const gw = gateway();
    const customer = await gw.ensureCustomer('poor', { name: 'Poor' });
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: 'pm_card_chargeDeclinedInsufficientFunds',
      amount: 1000,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.equal(charge.status, 'declined');
    assert.equal(charge.code, 'card_declined');
    assert.equal(charge.declineCode, 'insufficient_funds');
    assert.match(charge.id, /^pi_/);
    assert.deepEqual(
      fake.chargesMade(customer.id).map((c) => c.status),
      ['failed'],
    );
    const later = await saved(gw, 'pm_card_chargeCustomerFail');
    assert.ok(later.outcome.status === 'saved', 'this card saves but its charges fail');
    const c2 = await gw.charge({
      customerId: later.customer.id,
      methodId: later.outcome.method.gatewayId,
      amount: 1000,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.deepEqual([c2.status, c2.declineCode], ['declined', 'generic_decline']);
  });

  test('ACH stays processing until it settles; the signed webhook arrives and verifies', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'us_bank_account', 'us_bank_account');
    assert.ok(outcome.status === 'saved');
    assert.deepEqual([outcome.method.kind, outcome.method.brand, outcome.method.last4], ['us_bank_account', 'STRIPE TEST BANK', '6789']);
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 120000,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: { invoice: 'INV-9' },
    });
    assert.equal(charge.status, 'processing');
    assert.deepEqual(
      fake.chargesMade(customer.id).map((c) => c.status),
      ['pending'],
    );
    assert.equal((await gw.findCharge({ id: charge.id }))?.status, 'processing');
    fake.settle(charge.id);
    await fake.idle();
    const events = received.map((r) => gw.parseWebhook(r.body, r.signature));
    const succeeded = events.find((e) => e.type === 'payment_intent.succeeded')!;
    assert.deepEqual(
      [succeeded.paymentId, succeeded.status, succeeded.amount, succeeded.metadata],
      [charge.id, 'succeeded', 120000, { invoice: 'INV-9' }],
    );
    assert.ok(events.some((e) => e.type === 'payment_intent.processing' && e.paymentId === charge.id));
    assert.deepEqual(
      fake.chargesMade(customer.id).map((c) => c.status),
      ['succeeded'],
    );
  });

  test('a SEPA debit that bounces ends in payment_failed with the failure code', async () => {
    const gw = gateway();
    const customer = await gw.ensureCustomer('sepa', { name: 'SEPA GmbH' });
    const setup = await gw.createSetup(customer.id, { methodTypes: ['sepa_debit'] });
    assert.throws(
      () => fake.confirmSetup(setup.id, { client_secret: setup.clientSecret, payment_method: 'sepa_debit', mandate: false }),
      /mandate_data/,
    );
    fake.confirmSetup(setup.id, { client_secret: setup.clientSecret, payment_method: 'sepa_debit', account: 'DE62370400440532013001' });
    const outcome = await gw.confirmSetup(customer.id, setup.id);
    assert.ok(outcome.status === 'saved');
    assert.deepEqual([outcome.method.kind, outcome.method.last4, outcome.method.country], ['sepa_debit', '3001', 'DE']);
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 4000,
      currency: 'eur',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    assert.equal(charge.status, 'processing');
    fake.settle(charge.id);
    await fake.idle();
    const failed = received.map((r) => gw.parseWebhook(r.body, r.signature)).find((e) => e.type === 'payment_intent.payment_failed')!;
    assert.deepEqual([failed.paymentId, failed.failureCode], [charge.id, 'insufficient_funds']);
    const now = await gw.findCharge({ id: charge.id });
    assert.deepEqual([now?.status, now?.code], ['declined', 'insufficient_funds']);
  });

  test('tampered and expired webhook deliveries are refused', async () => {
    const gw = gateway();
    await gw.ensureCustomer('hooked', { name: 'Hooked' });
    await fake.idle();
    const delivery = received.at(-1)!;
    assert.doesNotThrow(() => gw.parseWebhook(delivery.body, delivery.signature));
    assert.throws(
      () => gw.parseWebhook(delivery.body.replace('Hooked', 'Hacked'), delivery.signature),
      (e) => code(e) === 'invalid_signature',
    );
    const eventId = (JSON.parse(delivery.body) as { id: string }).id;
    received.length = 0;
    await fake.resend(eventId, Math.floor(clock / 1000) - 301);
    assert.throws(() => gw.parseWebhook(received[0]!.body, received[0]!.signature), /at most 300 s/);
  });

  test('findCharge recovers a charge by metadata once search has caught up, and by id at once', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 3300,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: { glasspane_payment: "pay_o'brien" },
    });
    assert.equal(await gw.findCharge({ metadata: { glasspane_payment: "pay_o'brien" } }), null, 'search lags writes');
    assert.equal((await gw.findCharge({ id: charge.id }))?.id, charge.id);
    assert.equal(await gw.findCharge({ id: 'pi_doesnotexist' }), null);
    clock += 61_000;
    const found = await gw.findCharge({ metadata: { glasspane_payment: "pay_o'brien" } });
    assert.deepEqual([found?.id, found?.status, found?.amount], [charge.id, 'succeeded', 3300]);
  });

  test('refunds partly, then the rest; refunding more is refused', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    const charge = await gw.charge({
      customerId: customer.id,
      methodId: outcome.method.gatewayId,
      amount: 10000,
      currency: 'usd',
      idempotencyKey: key(),
      offSession: true,
      metadata: {},
    });
    const part = await gw.refund({ paymentId: charge.id, amount: 2500, idempotencyKey: key() });
    assert.deepEqual([part.status, part.amount], ['succeeded', 2500]);
    await assert.rejects(
      gw.refund({ paymentId: charge.id, amount: 9000, idempotencyKey: key() }),
      (e) => code(e) === 'provider_rejected' && /greater than unrefunded/.test((e as Error).message),
    );
    const rest = await gw.refund({ paymentId: charge.id, idempotencyKey: key() });
    assert.equal(rest.amount, 7500);
    assert.deepEqual([fake.chargesMade(customer.id)[0]?.amount_refunded, fake.chargesMade(customer.id)[0]?.refunded], [10000, true]);
  });

  test('zero-decimal currencies are whole units, and Stripe’s minimum amounts are enforced', async () => {
    const gw = gateway();
    const { customer, outcome } = await saved(gw, 'pm_card_visa');
    assert.ok(outcome.status === 'saved');
    const base = { customerId: customer.id, methodId: outcome.method.gatewayId, offSession: true, metadata: {} };
    const yen = await gw.charge({ ...base, amount: 500, currency: 'JPY', idempotencyKey: key() });
    assert.deepEqual([yen.status, yen.amount, yen.currency], ['succeeded', 500, 'jpy']);
    await assert.rejects(gw.charge({ ...base, amount: 49, currency: 'jpy', idempotencyKey: key() }), /Amount must be at least 50 jpy/);
    await assert.rejects(gw.charge({ ...base, amount: 49, currency: 'usd', idempotencyKey: key() }), /Amount must be at least 0\.50 usd/);
    assert.equal(fake.chargesMade(customer.id).length, 1);
  });

  test('lists page with starting_after until has_more is false', async () => {
    const client = new StripeClient({ apiBase: fake.url, secretKey: fake.secretKey, sleep: async () => undefined });
    const before = fake.world.customers.size;
    for (let i = 0; i < 23; i++) await client.post('/v1/customers', { name: `Paged ${i}` }, key());
    const ids: string[] = [];
    fake.requests.length = 0;
    for await (const c of client.list<{ id: string }>('/v1/customers', { limit: 10 })) ids.push(c.id);
    assert.equal(ids.length, before + 23);
    assert.equal(new Set(ids).size, ids.length);
    const pages = fake.requests.map((r) => r.params);
    assert.equal(pages.length, Math.ceil(ids.length / 10));
    assert.equal(pages[0]!.starting_after, undefined);
    assert.equal(pages[1]!.starting_after, ids[9]);
  });

  test('ensureCustomer finds the tenant’s customer by id, by search once indexed, and never creates two in a row', async () => {
    const gw = gateway();
    const a = await gw.ensureCustomer('globex', { name: 'Globex', email: 'ap@globex.test' });
    const b = await gw.ensureCustomer('globex', { name: 'Globex', email: 'ap@globex.test' });
    assert.equal(b.id, a.id, 'the idempotency key collapses the second create before search sees the first');
    assert.deepEqual(await gw.ensureCustomer('globex', { name: 'Globex', knownId: a.id }), a);
    clock += 61_000;
    assert.deepEqual(await gw.ensureCustomer('globex', { name: 'Globex Corp' }), a);
    assert.equal(
      [...fake.world.customers.values()].filter((c) => (c.metadata as Record<string, string>).glasspane_tenant === 'globex').length,
      1,
    );
  });

  test('a wrong secret key is a readable provider error that never echoes the key', async () => {
    const gw = gateway({ secretKey: 'sk_test_wrongwrongwrong1234' });
    await assert.rejects(gw.ensureCustomer('acme', { name: 'ACME' }), (e) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(code(e), 'provider_auth_failed');
      assert.match(e.message, /Invalid API Key provided: sk_test_\*+1234.*STRIPE_SECRET_KEY/);
      assert.doesNotMatch(e.message, /wrongwrongwrong/);
      return true;
    });
  });

  test('the fake checks Stripe-Version, and events can arrive repeated and reversed', async () => {
    const bad = await fetch(`${fake.url}/v1/customers`, {
      headers: { authorization: `Bearer ${fake.secretKey}`, 'stripe-version': 'yesterday' },
    });
    assert.equal(bad.status, 400);
    const ok = await fetch(`${fake.url}/v1/customers?limit=1`, {
      headers: { authorization: `Bearer ${fake.secretKey}`, 'stripe-version': '2025-03-31.basil' },
    });
    assert.equal(ok.headers.get('stripe-version'), '2025-03-31.basil');
    const manual = await startStripeFake({
      now: () => clock,
      delivery: 'manual',
      webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: WEBHOOK_SECRET },
    });
    try {
      const gw = new StripeHostedGateway({
        apiBase: manual.url,
        secretKey: manual.secretKey,
        publishableKey: manual.publishableKey,
        webhookSecret: WEBHOOK_SECRET,
        jsUrl: 'https://js.stripe.com/v3/',
        now: () => clock,
      });
      const c = await gw.ensureCustomer('late', { name: 'Late' });
      const setup = await gw.createSetup(c.id, { methodTypes: ['card'] });
      manual.confirmSetup(setup.id, { client_secret: setup.clientSecret, payment_method: 'pm_card_visa' });
      assert.equal(received.length, 0);
      await manual.deliver({ order: 'reverse', repeat: 2 });
      const types = received.map((r) => gw.parseWebhook(r.body, r.signature).type);
      assert.equal(types.length, 2 * manual.world.events.length);
      assert.equal(types[0], 'setup_intent.succeeded');
      assert.equal(new Set(received.map((r) => JSON.parse(r.body).id)).size, manual.world.events.length);
    } finally {
      await manual.close();
    }
  });
});
