/**
 * The host with the Stripe plugin against the plugin's loopback Stripe fake: a card saved
 * through a SetupIntent and paid at once; a SEPA debit that stays processing until Stripe's
 * signed webhook reaches `POST /api/v1/hooks/payments/stripe`, replay-safe.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createTestHost, testNow, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import stripePlugin from '../../../plugins/stripe/index.js';
import { startStripeFake, type StripeFake } from '../../../plugins/stripe/fake.js';

const WEBHOOK_SECRET = 'whsec_test_glasspane_host';

describe('payments through Stripe (fake)', () => {
  let host: TestHost;
  let server: ServerType;
  let fake: StripeFake;
  let billing: string;
  /** Moves the host's clock (an abandoned 3-D Secure challenge expires). */
  let shift = 0;

  before(async () => {
    let base = '';
    // The fake posts webhooks to the host over HTTP, as Stripe would.
    fake = await startStripeFake({
      webhook: {
        get url() {
          return `${base}/api/v1/hooks/payments/stripe`;
        },
        secret: WEBHOOK_SECRET,
      } as never,
      delivery: 'manual',
    });
    host = await createTestHost({
      plugins: [
        localPlugin,
        {
          plugin: stripePlugin,
          config: { secretKey: fake.secretKey, publishableKey: fake.publishableKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url },
        },
      ],
      reconcileMs: 0,
      now: () => new Date(testNow().getTime() + shift),
    });
    server = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await admin('PUT', '/api/v1/tenants/acme', {
      data: { type: 'tenants', attributes: { name: 'Acme Corp', billingAccount: { source: 'local', account: 'acme' } } },
    });
    // Two invoices: one today, one 40 days ago (a yearly plan).
    for (const [id, daysAgo] of [
      ['a', 0],
      ['b', 40],
    ] as const) {
      const on = new Date(testNow().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
        data: {
          type: 'subscriptions',
          attributes: {
            description: `Server ${id}`,
            quantity: 1,
            unitAmount: 45_000,
            currency: 'EUR',
            taxRateBp: 0,
            intervalMonths: 12,
            nextInvoiceOn: on,
          },
        },
      });
    }
    billing = await host.token('acme', ['billing']);
  });
  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
  after(async () => {
    server.close();
    await host.close();
    await fake.close();
  });

  const invoices = async () => ((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data as any[];
  const amountPaid = async (id: string) =>
    (await localDb(host.services.db).selectFrom('local_invoices').select('amount_paid').where('id', '=', id).executeTakeFirstOrThrow())
      .amount_paid;
  /** A new open invoice of €`euros` (its own subscription, invoiced today). */
  const newInvoice = async (id: string, euros: number) => {
    const before_ = new Set((await invoices()).map((i) => i.id));
    const on = testNow().toISOString().slice(0, 10);
    await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
      data: {
        type: 'subscriptions',
        attributes: {
          description: `Server ${id}`,
          quantity: 1,
          unitAmount: euros * 100,
          currency: 'EUR',
          taxRateBp: 0,
          intervalMonths: 12,
          nextInvoiceOn: on,
        },
      },
    });
    return (await invoices()).find((i) => !before_.has(i.id))!;
  };
  const localPayments = async (invoiceId: string) =>
    (await localDb(host.services.db).selectFrom('local_payments').selectAll().execute()).filter((p: any) =>
      JSON.stringify(p).includes(invoiceId),
    );
  /** The card that asks for 3-D Secure on every charge, saved (its setup authenticated too). */
  const save3ds = async () => {
    const setup = ((await (await host.request('POST', '/api/v1/payment-setups', { token: billing })).json()) as any).data;
    fake.confirmSetup(setup.id, { client_secret: setup.attributes.clientSecret, payment_method: 'pm_card_authenticationRequired' });
    fake.authenticateSetup(setup.id, true);
    const res = await host.request('POST', '/api/v1/payment-methods', {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } },
    });
    assert.equal(res.status, 201);
    return ((await res.json()) as any).data.id as string;
  };
  const paymentRow = (id: string) => host.services.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const save = async (paymentMethod: string) => {
    const res = await host.request('POST', '/api/v1/payment-setups', { token: billing });
    assert.equal(res.status, 201);
    const setup = ((await res.json()) as any).data;
    assert.equal(setup.attributes.gateway, 'stripe');
    assert.equal(setup.attributes.scriptUrl, 'https://js.stripe.com/v3/');
    assert.equal(setup.attributes.publishableKey, fake.publishableKey);
    try {
      fake.confirmSetup(setup.id, { client_secret: setup.attributes.clientSecret, payment_method: paymentMethod });
    } catch {
      // Stripe.js shows the decline in its own fields; the element may still send the setup's id.
    }
    return host.request('POST', '/api/v1/payment-methods', {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id, makeDefault: true } } },
    });
  };
  const pay = (key: string, id: string, paymentMethodId: string) =>
    host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': key },
      body: { data: { type: 'payments', attributes: { invoiceIds: [id], paymentMethodId } } },
    });

  it('a card saved through a SetupIntent pays an invoice once; a declined setup saves nothing', async () => {
    const declined = await save('pm_card_chargeDeclinedInsufficientFunds');
    assert.ok([409, 422].includes(declined.status), String(declined.status));
    assert.equal((await host.services.db.selectFrom('payment_methods').selectAll().execute()).length, 0, 'a declined setup is never saved');
    const visa = await save('pm_card_visa');
    assert.equal(visa.status, 201);
    const method = ((await visa.json()) as any).data;
    assert.equal(method.attributes.label, 'Visa •••• 4242');
    const invoices_ = await invoices();
    assert.equal(invoices_.length, 2);
    const [invoice] = invoices_;
    const res = await pay('stripe-card-0001', invoice.id, method.id);
    assert.equal(res.status, 201);
    assert.equal(await amountPaid(invoice.id), invoice.attributes.total);
    assert.equal(fake.chargesMade().length, 1);
    assert.equal((await pay('stripe-card-0001', invoice.id, method.id)).status, 201);
    assert.equal(fake.chargesMade().length, 1, 'a replayed key charges nothing');
  });

  it('a SEPA debit is processing until payment_intent.succeeded arrives; repeats and forgeries change nothing', async () => {
    const sepa = await save('sepa_debit');
    assert.equal(sepa.status, 201);
    const method = ((await sepa.json()) as any).data;
    assert.equal(method.attributes.kind, 'sepa');
    const open = (await invoices()).find((i) => i.attributes.status !== 'paid')!;
    const res = await pay('stripe-sepa-0001', open.id, method.id);
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as any).data.attributes.state, 'charging');
    assert.equal(await amountPaid(open.id), 0);
    const other = await pay('stripe-sepa-0002', open.id, method.id);
    assert.equal(other.status, 409);
    assert.match(((await other.json()) as any).errors[0].detail, /A payment of €450\.00/);

    const forged = await host.request('POST', '/api/v1/hooks/payments/stripe', {
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body: '{"id":"evt_forged","type":"payment_intent.succeeded"}',
    });
    assert.equal(forged.status, 400);

    const charge = fake.chargesMade().at(-1)!;
    fake.settle(String(charge.payment_intent));
    await fake.deliver({ repeat: 2 });
    assert.ok(fake.deliveries.length >= 2 && fake.deliveries.every((d) => d.status === 200), JSON.stringify(fake.deliveries));
    assert.equal(await amountPaid(open.id), open.attributes.total, 'paid once, whatever the repeats');
    const events = await host.services.db.selectFrom('gateway_events').selectAll().execute();
    assert.equal(new Set(events.map((e) => e.event_id)).size, events.length);
  });

  describe('3-D Secure on the pay path', () => {
    let card3ds: string;
    before(async () => {
      card3ds = await save3ds();
      await fake.deliver();
    });

    it('hands the challenge to the browser; once passed, the webhook charges once and records once', async () => {
      const invoice = await newInvoice('3ds-ok', 120);
      const res = await pay('stripe-3ds-0001', invoice.id, card3ds);
      assert.equal(res.status, 202);
      const body = (await res.json()) as any;
      assert.equal(body.data.attributes.state, 'requires_action');
      const next = body.meta.nextAction;
      assert.equal(next.gateway, 'stripe');
      assert.equal(next.publishableKey, fake.publishableKey);
      assert.equal(next.scriptUrl, 'https://js.stripe.com/v3/');
      const row = await paymentRow(body.data.id);
      assert.ok(row.gateway_reference?.startsWith('pi_'));
      assert.ok(next.clientSecret.startsWith(`${row.gateway_reference}_secret_`));
      assert.equal(JSON.stringify(row).includes(next.clientSecret), false, 'the client secret is never stored');
      const pi = fake.world.paymentIntents.get(row.gateway_reference!)!;
      assert.equal(pi.status, 'requires_action');
      assert.equal((pi.next_action as any).type, 'use_stripe_sdk');
      assert.equal(fake.chargesMade().filter((c) => c.payment_intent === pi.id).length, 0, 'nothing is charged before the challenge');

      // The invoice is held meanwhile; the same key answers the same hand-off.
      const other = await pay('stripe-3ds-0002', invoice.id, card3ds);
      assert.equal(other.status, 409);
      const again = await pay('stripe-3ds-0001', invoice.id, card3ds);
      assert.equal(again.status, 202);
      assert.equal(((await again.json()) as any).meta.nextAction.clientSecret, next.clientSecret);

      fake.authenticatePayment(next.clientSecret, true);
      await fake.deliver({ repeat: 2 });
      const got = await host.request('GET', `/api/v1/payments/${body.data.id}`, { token: billing });
      const read = (await got.json()) as any;
      assert.equal(got.status, 200, JSON.stringify(read));
      assert.equal(read.data.attributes.state, 'recorded');
      assert.equal(read.meta.nextAction, null);
      assert.equal(fake.chargesMade().filter((c) => c.payment_intent === pi.id && c.status === 'succeeded').length, 1, 'charged once');
      assert.equal(await amountPaid(invoice.id), invoice.attributes.total, 'paid once');
      assert.equal((await localPayments(invoice.id)).length, 1, 'the billing system has one payment');
    });

    it('a failed challenge charges nothing, cancels the PaymentIntent and leaves the invoice payable', async () => {
      const invoice = await newInvoice('3ds-fail', 130);
      const body = (await (await pay('stripe-3ds-0003', invoice.id, card3ds)).json()) as any;
      fake.authenticatePayment(body.meta.nextAction.clientSecret, false);
      await fake.deliver();
      const row = await paymentRow(body.data.id);
      assert.equal(row.state, 'failed');
      assert.equal(row.failure_code, 'authentication_failed');
      assert.equal(fake.world.paymentIntents.get(row.gateway_reference!)!.status, 'canceled', 'its client secret can no longer pay');
      assert.equal(fake.chargesMade().filter((c) => c.payment_intent === row.gateway_reference && c.status === 'succeeded').length, 0);
      assert.equal(await amountPaid(invoice.id), 0);
      assert.equal((await localPayments(invoice.id)).length, 0);
      const visa = ((await (await save('pm_card_visa')).json()) as any).data.id;
      assert.equal((await pay('stripe-3ds-0004', invoice.id, visa)).status, 201, 'payable again');
      await fake.deliver();
    });

    it('an abandoned challenge is cancelled at Stripe by reconciliation once its window closes; the invoice is free again', async () => {
      const invoice = await newInvoice('3ds-gone', 140);
      const body = (await (await pay('stripe-3ds-0005', invoice.id, card3ds)).json()) as any;
      await fake.deliver();
      await host.services.billing.reconcile();
      assert.equal((await paymentRow(body.data.id)).state, 'requires_action', 'the customer still has time');
      shift += 31 * 60_000;
      try {
        await host.services.billing.reconcile();
      } finally {
        shift -= 31 * 60_000;
      }
      const row = await paymentRow(body.data.id);
      assert.equal(row.state, 'failed');
      assert.equal(row.failure_code, 'authentication_abandoned');
      assert.equal(fake.world.paymentIntents.get(row.gateway_reference!)!.status, 'canceled');
      assert.throws(() => fake.authenticatePayment(body.meta.nextAction.clientSecret, true), /canceled/, 'a late challenge cannot charge');
      assert.equal(fake.chargesMade().filter((c) => c.payment_intent === row.gateway_reference).length, 0);
      assert.equal(await amountPaid(invoice.id), 0);
      const claims = await host.services.db.selectFrom('invoice_claims').selectAll().where('invoice_id', '=', invoice.id).execute();
      assert.equal(claims.length, 0, 'the invoice is payable again');
      await fake.deliver();
    });

    it('autopay (off-session) never hands off: the attempt fails with authentication required', async () => {
      const invoice = await newInvoice('3ds-auto', 150);
      const result = await host.services.billing.pay(
        'acme',
        'autopay',
        'autopay:3ds:1',
        { invoiceIds: [invoice.id], paymentMethodId: card3ds },
        'autopay',
      );
      assert.equal(result.outcome, 'declined');
      assert.equal(result.payment.failureCode, 'authentication_required');
      const row = await paymentRow(result.payment.id);
      assert.equal(row.state, 'failed');
      const audit = await host.services.db.selectFrom('audit_log').selectAll().where('subject', '=', row.id).execute();
      assert.ok(
        audit.some((a) => a.action === 'payment.failed' && a.detail.includes('authentication_required')),
        'staff and the customer are told',
      );
      assert.equal([...fake.world.paymentIntents.values()].filter((p) => p.status === 'requires_action').length, 0);
      assert.equal(await amountPaid(invoice.id), 0);
      await fake.deliver();
    });
  });
});
