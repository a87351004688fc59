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

  before(async () => {
    let base = '';
    // The fake posts webhooks to the host over HTTP, as Stripe would.
    fake = await startStripeFake({ webhook: { get url() { return `${base}/api/v1/hooks/payments/stripe`; }, secret: WEBHOOK_SECRET } as never, delivery: 'manual' });
    host = await createTestHost({
      plugins: [localPlugin, { plugin: stripePlugin, config: { secretKey: fake.secretKey, publishableKey: fake.publishableKey, webhookSecret: WEBHOOK_SECRET, apiBase: fake.url } }],
      reconcileMs: 0,
    });
    server = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
    await admin('PUT', '/api/v1/tenants/acme', { data: { type: 'tenants', attributes: { name: 'Acme Corp', billingAccount: { source: 'local', account: 'acme' } } } });
    // Two invoices: one today, one 40 days ago (a yearly plan).
    for (const [id, daysAgo] of [['a', 0], ['b', 40]] as const) {
      const on = new Date(testNow().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
        data: { type: 'subscriptions', attributes: { description: `Server ${id}`, quantity: 1, unitAmount: 45_000, currency: 'EUR', taxRateBp: 0, intervalMonths: 12, nextInvoiceOn: on } },
      });
    }
    billing = await host.token('acme', ['billing']);
  });
  after(async () => {
    server.close();
    await host.close();
    await fake.close();
  });

  const invoices = async () => ((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data as any[];
  const amountPaid = async (id: string) => (await localDb(host.services.db).selectFrom('local_invoices').select('amount_paid').where('id', '=', id).executeTakeFirstOrThrow()).amount_paid;
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
    return host.request('POST', '/api/v1/payment-methods', { token: billing, body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id, makeDefault: true } } } });
  };
  const pay = (key: string, id: string, paymentMethodId: string) =>
    host.request('POST', '/api/v1/payments', { token: billing, headers: { 'idempotency-key': key }, body: { data: { type: 'payments', attributes: { invoiceIds: [id], paymentMethodId } } } });

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

    const forged = await host.request('POST', '/api/v1/hooks/payments/stripe', { headers: { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, body: '{"id":"evt_forged","type":"payment_intent.succeeded"}' });
    assert.equal(forged.status, 400);

    const charge = fake.chargesMade().at(-1)!;
    fake.settle(String(charge.payment_intent));
    await fake.deliver({ repeat: 2 });
    assert.ok(fake.deliveries.length >= 2 && fake.deliveries.every((d) => d.status === 200), JSON.stringify(fake.deliveries));
    assert.equal(await amountPaid(open.id), open.attributes.total, 'paid once, whatever the repeats');
    const events = await host.services.db.selectFrom('gateway_events').selectAll().execute();
    assert.equal(new Set(events.map((e) => e.event_id)).size, events.length);
  });
});
