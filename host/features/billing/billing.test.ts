import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, collect, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { pdfText } from '../../test/pdf-text.js';
import { abaRoutingValid, cardBrand, cardExpired, carriesCardData, luhnValid } from './validation.js';
import { requestHash } from './idempotency.js';
import { addMonths } from '../../../plugins/local/billing.js';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import testPaymentsPlugin, { TestHostedGateway } from '../../../plugins/test-payments/index.js';

describe('payment details checks', () => {
  test('Luhn, brands, expiry and ABA routing checksums', () => {
    assert.ok(luhnValid('4242424242424242'));
    assert.ok(!luhnValid('4242424242424241'));
    assert.ok(!luhnValid('4242'));
    assert.equal(cardBrand('4242424242424242'), 'visa');
    assert.equal(cardBrand('5555555555554444'), 'mastercard');
    assert.equal(cardBrand('2223003122003222'), 'mastercard');
    assert.equal(cardBrand('378282246310005'), 'amex');
    const now = new Date('2026-11-24T00:00:00Z');
    assert.ok(!cardExpired(11, 2026, now), 'valid through the end of its month');
    assert.ok(cardExpired(10, 2026, now));
    assert.ok(cardExpired(12, 25, now));
    assert.ok(abaRoutingValid('011000015'));
    assert.ok(abaRoutingValid('110000000'));
    assert.ok(!abaRoutingValid('011000016'));
    assert.ok(!abaRoutingValid('12345678'));
  });
  test('month arithmetic clamps to month ends, leap years included', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
    assert.equal(addMonths('2028-01-31', 1), '2028-02-29');
    assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
    assert.equal(addMonths('2026-03-31', 12), '2027-03-31');
  });
  test('card data is recognised by key and by value, gateway ids are not', () => {
    assert.ok(carriesCardData({ data: { attributes: { cardNumber: 'x' } } }));
    assert.ok(carriesCardData({ data: { attributes: { CVC: '1' } } }));
    assert.ok(carriesCardData({ data: { attributes: { gatewayToken: '4242-4242-4242-4242' } } }));
    assert.ok(carriesCardData({ note: 'my card 4242 4242 4242 4242 thanks' }));
    assert.ok(carriesCardData({ x: '000123456789' }), 'an account number as typed');
    assert.ok(!carriesCardData({ data: { attributes: { gatewayToken: 'seti_test_12345678901234567890', makeDefault: true } } }));
    assert.ok(!carriesCardData({ data: { attributes: { gatewayToken: 'seti_1PpX2b2eZvKYlo2C0123456789' } } }));
  });
  test('request hashes ignore key order', () => {
    assert.equal(requestHash({ a: 1, b: [1, { c: 2, d: 3 }] }), requestHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    assert.notEqual(requestHash({ a: 1 }), requestHash({ a: 2 }));
  });
});

describe('billing through the API (local provider, test gateway)', () => {
  let host: TestHost;
  let billing: string;
  let customer: string;
  let globexBilling: string;
  let clock = new Date('2026-11-10T10:00:00Z');

  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });

  beforeEach(async () => {
    clock = new Date('2026-11-10T10:00:00Z');
    // No write limit: the races below send fifty requests from one session.
    host = await createTestHost({
      plugins: [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }],
      now: () => clock,
      writeRateLimit: { burst: 100_000, perMinute: 1_000_000 },
    });
    for (const id of ['acme', 'globex']) {
      const res = await admin('PUT', `/api/v1/tenants/${id}`, {
        data: {
          type: 'tenants',
          attributes: { name: id === 'acme' ? 'Acme Corp' : 'Globex', billingAccount: { source: 'local', account: id } },
        },
      });
      assert.equal(res.status, 201);
    }
    // Two months of a managed server and a backup add-on: three invoices, one overdue.
    for (const [id, description, unitAmount, next] of [
      ['srv', 'Managed server M', 12_900, '2026-09-01'],
      ['bak', 'Backup 500 GB', 2_500, '2026-09-01'],
    ] as const) {
      const res = await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
        data: {
          type: 'subscriptions',
          attributes: { description, quantity: 1, unitAmount, currency: 'EUR', intervalMonths: 1, taxRateBp: 1900, nextInvoiceOn: next },
        },
      });
      assert.equal(res.status, 200);
    }
    await admin('PUT', '/api/v1/tenants/globex/subscriptions/g', {
      data: {
        type: 'subscriptions',
        attributes: { description: 'VPN', quantity: 1, unitAmount: 5000, currency: 'USD', nextInvoiceOn: '2026-11-01' },
      },
    });
    billing = await host.token('acme', ['billing']);
    customer = await host.token('acme', ['customer']);
    globexBilling = await host.token('globex', ['billing']);
  });
  afterEach(() => host.close());

  const invoices = async (token = billing, query = '') =>
    (await (await host.request('GET', `/api/v1/invoices${query}`, { token })).json()) as any;
  /** The browser's part: a setup from the host, the number typed into the gateway's fields, the setup's id back to the host. */
  const addCard = async (number: string, token = billing, extra: { makeDefault?: boolean } = {}) => {
    const setup = await host.request('POST', '/api/v1/payment-setups', { token });
    if (setup.status !== 201) return setup;
    const { id, attributes } = ((await setup.json()) as any).data;
    const typed = await host.fetch(
      new Request('http://glasspane.test/payments/test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientSecret: attributes.clientSecret, number }),
      }),
    );
    assert.equal(typed.status, 200);
    return host.request('POST', '/api/v1/payment-methods', {
      token,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: id, ...extra } } },
    });
  };
  const gateway = () => (host.services.billing as any).gateway as TestHostedGateway;
  const localInvoice = (id: string) =>
    localDb(host.services.db).selectFrom('local_invoices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const pay = (key: string, invoiceIds: string[], token = billing, paymentMethodId?: string) =>
    host.request('POST', '/api/v1/payments', {
      token,
      headers: key ? { 'idempotency-key': key } : {},
      body: { data: { type: 'payments', attributes: { invoiceIds, ...(paymentMethodId ? { paymentMethodId } : {}) } } },
    });

  test('invoices are generated from subscriptions with lines, tax and an overdue status', async () => {
    const body = await invoices();
    assert.deepEqual(
      body.data.map((i: any) => [i.attributes.number, i.attributes.issuedOn, i.attributes.status]),
      [
        ['2026-0003', '2026-11-01', 'open'],
        ['2026-0002', '2026-10-01', 'overdue'],
        ['2026-0001', '2026-09-01', 'overdue'],
      ],
    );
    const first = body.data[0].attributes;
    assert.equal(first.subtotal, 15_400);
    assert.equal(first.tax, 2_926);
    assert.equal(first.total, 18_326);
    assert.equal(first.lines.length, 2);
    assert.deepEqual(body.meta.amountDue, [{ currency: 'EUR', amount: 3 * 18_326 }]);
    const overdue = await invoices(billing, '?filter[status]=overdue&sort=dueOn');
    assert.deepEqual(
      overdue.data.map((i: any) => i.attributes.number),
      ['2026-0001', '2026-0002'],
    );
    assert.equal((await invoices()).data.length, 3, 'listing again creates nothing new');
  });

  test('a subscription on the 31st is billed on every month end, not on the 28th after February', async () => {
    clock = new Date('2027-06-15T10:00:00Z');
    const res = await admin('PUT', '/api/v1/tenants/globex/subscriptions/g', {
      data: {
        type: 'subscriptions',
        attributes: { description: 'VPN', quantity: 1, unitAmount: 5000, currency: 'USD', nextInvoiceOn: '2027-01-31' },
      },
    });
    assert.equal(res.status, 200);
    const issued = (await invoices(globexBilling)).data.map((i: any) => i.attributes.issuedOn).sort();
    assert.deepEqual(issued, ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    const row = await localDb(host.services.db)
      .selectFrom('subscriptions')
      .select('next_invoice_on')
      .where('id', '=', 'g')
      .executeTakeFirstOrThrow();
    assert.equal(row.next_invoice_on, '2027-06-30');
  });

  test("another tenant's invoice is 404, and paying it is refused as unknown", async () => {
    const acmeInvoice = (await invoices()).data[0].id;
    assert.equal((await host.request('GET', `/api/v1/invoices/${acmeInvoice}`, { token: globexBilling })).status, 404);
    const card = ((await (await addCard('4242424242424242', globexBilling)).json()) as any).data.id;
    const res = await pay('key-globex-1', [acmeInvoice], globexBilling, card);
    assert.equal(res.status, 422);
    const err = ((await res.json()) as any).errors[0];
    assert.equal(err.code, 'unknown_invoice');
    assert.equal(err.source.pointer, '/data/attributes/invoiceIds/0');
  });

  test('card data never reaches the host: setups go to the gateway, numbers in a body are refused', async () => {
    const setup = await host.request('POST', '/api/v1/payment-setups', { token: billing });
    assert.equal(setup.status, 201);
    const body = (await setup.json()) as any;
    assert.equal(body.data.type, 'payment-setups');
    assert.deepEqual(Object.keys(body.data.attributes).sort(), ['clientSecret', 'gateway', 'publishableKey', 'scriptUrl']);
    assert.equal(body.data.attributes.gateway, 'test');
    assert.equal(
      (await host.request('POST', '/api/v1/payment-setups', { token: customer })).status,
      403,
      'customer role cannot add methods',
    );

    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    try {
      for (const attributes of [
        { kind: 'card', number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'A' },
        { gatewayToken: body.data.id, cvc: '123' },
        { gatewayToken: '4242 4242 4242 4242' },
        { kind: 'ach', routingNumber: '110000000', accountNumber: '000123456789', accountType: 'checking', holderName: 'A' },
        { gatewayToken: body.data.id, iban: 'DE89370400440532013000' },
      ]) {
        const res = await host.request('POST', '/api/v1/payment-methods', {
          token: billing,
          body: { data: { type: 'payment-methods', attributes } },
        });
        assert.equal(res.status, 422, JSON.stringify(Object.keys(attributes)));
        const { errors } = (await res.json()) as { errors: Array<{ code: string; meta?: { requestId?: string } }> };
        assert.equal(errors[0]!.code, 'card_data_refused');
        // The request id is a random UUID (it can hold "4242" by chance): everything else echoes nothing.
        delete errors[0]!.meta?.requestId;
        assert.doesNotMatch(JSON.stringify(errors), /4242|000123456789|DE8937/);
      }
    } finally {
      console.error = original;
    }
    assert.doesNotMatch(logged.join('\n'), /4242424242424242|000123456789/);

    const res = await addCard('4242 4242 4242 4242');
    assert.equal(res.status, 201);
    const text = await res.text();
    assert.match(text, /"label":"Visa •••• 4242"/);
    const stored = JSON.stringify(await host.services.db.selectFrom('payment_methods').selectAll().execute());
    assert.doesNotMatch(stored, /4242424242424242/);
    assert.match(stored, /pm_test_/, "the gateway's id is what the host keeps");
    assert.doesNotMatch(JSON.stringify(await host.services.db.selectFrom('audit_log').selectAll().execute()), /4242424242424242|secret/);
  });

  test('every payment route is in the OpenAPI document', async () => {
    const spec = (await (await host.request('GET', '/api/v1/openapi.json')).json()) as any;
    for (const [path, method] of [
      ['/api/v1/payment-setups', 'post'],
      ['/api/v1/payment-methods', 'post'],
      ['/api/v1/payment-methods/{id}', 'patch'],
      ['/api/v1/payment-methods/{id}', 'delete'],
      ['/api/v1/hooks/payments/{gateway}', 'post'],
      ['/api/v1/payments', 'post'],
    ] as const) {
      assert.ok(spec.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
    }
    assert.deepEqual(
      Object.keys(
        spec.paths['/api/v1/payment-methods'].post.requestBody.content['application/vnd.api+json'].schema.properties.data.properties
          .attributes.properties,
      ).sort(),
      ['gatewayToken', 'makeDefault'],
    );
  });

  test('a declined setup is never saved nor made default; methods can be made default and removed', async () => {
    const visa = ((await (await addCard('4242424242424242')).json()) as any).data;
    assert.equal(visa.attributes.isDefault, true, 'the first method is the default');
    const declined = await addCard('4000000000000002', billing, { makeDefault: true });
    assert.equal(declined.status, 422);
    const err = ((await declined.json()) as any).errors[0];
    assert.equal(err.code, 'setup_declined');
    assert.match(err.detail, /declined/);
    let methods = ((await (await host.request('GET', '/api/v1/payment-methods', { token: billing })).json()) as any).data;
    assert.deepEqual(
      methods.map((m: any) => [m.attributes.last4, m.attributes.isDefault]),
      [['4242', true]],
    );

    // Another tenant's setup is not this tenant's to save.
    const foreign = ((await (await host.request('POST', '/api/v1/payment-setups', { token: globexBilling })).json()) as any).data;
    await host.fetch(
      new Request('http://glasspane.test/payments/test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientSecret: foreign.attributes.clientSecret, number: '4242424242424242' }),
      }),
    );
    const stolen = await host.request('POST', '/api/v1/payment-methods', {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: foreign.id } } },
    });
    assert.equal(stolen.status, 422);
    assert.equal(((await stolen.json()) as any).errors[0].code, 'unknown_setup');

    const master = ((await (await addCard('5555555555554444')).json()) as any).data;
    const patched = await host.request('PATCH', `/api/v1/payment-methods/${master.id}`, {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { isDefault: true } } },
    });
    assert.equal(patched.status, 200);
    methods = ((await (await host.request('GET', '/api/v1/payment-methods', { token: billing })).json()) as any).data;
    assert.deepEqual(
      methods.map((m: any) => [m.attributes.last4, m.attributes.isDefault]),
      [
        ['4242', false],
        ['4444', true],
      ],
    );

    // Autopay's method: removing it asks first.
    await host.request('PUT', '/api/v1/autopay', {
      token: billing,
      body: { data: { type: 'autopay', attributes: { enabled: true, paymentMethodId: master.id } } },
    });
    const refused = await host.request('DELETE', `/api/v1/payment-methods/${master.id}`, { token: billing });
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as any).errors[0].detail, /confirm/);
    assert.equal((await host.request('DELETE', `/api/v1/payment-methods/${master.id}?confirm=true`, { token: billing })).status, 204);
    const autopay = ((await (await host.request('GET', '/api/v1/autopay', { token: billing })).json()) as any).data.attributes;
    assert.equal(autopay.enabled, false, 'autopay is off with its method gone');
    methods = ((await (await host.request('GET', '/api/v1/payment-methods', { token: billing })).json()) as any).data;
    assert.deepEqual(
      methods.map((m: any) => [m.attributes.last4, m.attributes.isDefault]),
      [['4242', true]],
      'the remaining method becomes the default',
    );
    assert.deepEqual(
      (await gateway().listMethods('cus_test_acme')).map((m) => m.last4),
      ['4242'],
      'detached at the gateway too',
    );
  });

  test('two invoices paid at once: 201, both paid, audited and streamed', async () => {
    const stream = collect(host, 'billing');
    await addCard('4242424242424242');
    const [a, b] = (await invoices(billing, '?filter[status]=overdue')).data.map((i: any) => i.id);
    assert.ok(a && b);
    const res = await pay('pay-two-invoices-1', [a, b]);
    assert.equal(res.status, 201);
    const payment = ((await res.json()) as any).data;
    assert.equal(payment.attributes.status, 'succeeded');
    assert.equal(payment.attributes.amount, 2 * 18_326);
    assert.match(payment.attributes.receiptNumber, /^PAY-/);
    const after = await invoices();
    assert.deepEqual(
      after.data.map((i: any) => i.attributes.status),
      ['open', 'paid', 'paid'],
    );
    const audit = await host.services.billing.auditLog('acme');
    assert.deepEqual(audit.map((e) => e.action).sort(), [
      'payment.charged',
      'payment.started',
      'payment.succeeded',
      'payment_method.added',
      'payment_setup.started',
    ]);
    await stream.until((e) =>
      e.some((x) => x.data.data.type === 'invoices' && x.data.data.attributes.status === 'paid' && x.tenant === 'acme'),
    );
    assert.equal((await pay('pay-again-2', [a])).status, 409, 'a paid invoice is not payable');
  });

  test('Idempotency-Key: required; same key and body replays; another body is refused; concurrent retries charge once', async () => {
    await addCard('4242424242424242');
    const [inv] = (await invoices()).data.map((i: any) => i.id);
    const missing = await pay('', [inv]);
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as any).errors[0].source.header, 'idempotency-key');

    // Fifty retries of one request at once (one session, so its write limit is lifted below).
    const results = await Promise.all(Array.from({ length: 50 }, () => pay('same-key-12345', [inv])));
    const bodies = await Promise.all(results.map((r) => r.json()));
    assert.deepEqual([...new Set(results.map((r) => r.status))], [201]);
    assert.equal(new Set(bodies.map((b: any) => b.data.id)).size, 1, 'one payment, the same answer fifty times');
    assert.equal(results.filter((r) => r.headers.get('idempotency-replayed') === 'true').length, 49);
    const rows = await host.services.db.selectFrom('payments').selectAll().execute();
    assert.equal(rows.length, 1);
    const charges = gateway().charges();
    assert.equal(charges.length, 1, 'the card was charged once');
    assert.equal(charges[0]!.metadata.glasspane_payment, rows[0]!.id);
    const paid = await localInvoice(inv);
    assert.equal(paid.amount_paid, paid.total, 'paid once, in full');

    const other = (await invoices(billing, '?filter[status]=overdue')).data[0].id;
    const reused = await pay('same-key-12345', [other]);
    assert.equal(reused.status, 422);
    assert.equal(((await reused.json()) as any).errors[0].code, 'idempotency_key_reused');
  });

  test('fifty sessions with a key each racing for one invoice: one charge, one payment, paid exactly once', async () => {
    await addCard('4242424242424242');
    const [inv] = (await invoices()).data.map((i: any) => i.id);
    const payers = await Promise.all(Array.from({ length: 50 }, () => host.token('acme', ['billing'])));
    const results = await Promise.all(payers.map((token, i) => pay(`race-key-${i}-abcdef`, [inv], token)));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1);
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(','),
    );
    const row = await localDb(host.services.db).selectFrom('local_invoices').selectAll().where('id', '=', inv).executeTakeFirstOrThrow();
    assert.equal(row.amount_paid, row.total);
    const payments = await host.services.db.selectFrom('payments').selectAll().execute();
    assert.deepEqual(
      payments.map((p) => p.status),
      ['succeeded'],
      'one payment row',
    );
    const charges = gateway().charges();
    assert.deepEqual(
      charges.map((c) => [c.amount, c.metadata.glasspane_payment]),
      [[row.total, payments[0]!.id]],
      'the card was charged once',
    );
  });

  test('a declined card says so, is audited, and leaves the invoice open', async () => {
    const declined = ((await (await addCard('4000000000000341')).json()) as any).data.id;
    const [inv] = (await invoices()).data.map((i: any) => i.id);
    const res = await pay('declined-key-1', [inv], billing, declined);
    assert.equal(res.status, 402);
    const err = ((await res.json()) as any).errors[0];
    assert.equal(err.code, 'card_declined');
    assert.match(err.detail, /Visa •••• 0341 was declined/);
    assert.equal((await invoices()).data[0].attributes.status, 'open');
    assert.deepEqual(
      (await host.services.billing.auditLog('acme'))
        .map((e) => e.action)
        .filter((a) => a.startsWith('payment.'))
        .sort(),
      ['payment.failed', 'payment.started'],
    );
    assert.equal((await pay('declined-key-2', [inv])).status, 402, 'a declined payment releases the invoice: paying again is possible');
    // The same decline for a German reader: the host's words in German, the same code.
    const german = await host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': 'declined-key-de', 'accept-language': 'de' },
      body: { data: { type: 'payments', attributes: { invoiceIds: [inv], paymentMethodId: declined } } },
    });
    assert.equal(german.status, 402);
    assert.equal(german.headers.get('content-language'), 'de');
    const inGerman = ((await german.json()) as any).errors[0];
    assert.deepEqual(
      [inGerman.code, inGerman.title, inGerman.detail],
      [
        'card_declined',
        'Zahlung abgelehnt',
        'Ihre Visa •••• 0341 wurde abgelehnt. Versuchen Sie eine andere Zahlungsart oder wenden Sie sich an Ihre Bank.',
      ],
    );
    const payments = ((await (await host.request('GET', '/api/v1/payments', { token: customer })).json()) as any).data;
    assert.equal(payments[0].attributes.status, 'failed');
  });

  test('the customer role sees invoices but cannot pay', async () => {
    assert.equal((await host.request('GET', '/api/v1/invoices', { token: customer })).status, 200);
    const res = await pay('customer-key-1', ['x'], customer);
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as any).errors[0].detail, /"billing" role/);
  });

  test('hostile payment bodies are refused with pointers and nothing is charged', async () => {
    await addCard('4242424242424242');
    for (const attributes of [
      { invoiceIds: 'all' },
      { invoiceIds: [] },
      { invoiceIds: Array.from({ length: 51 }, (_, i) => `i${i}`) },
      { invoiceIds: [42] },
    ]) {
      const res = await host.request('POST', '/api/v1/payments', {
        token: billing,
        headers: { 'idempotency-key': `hostile-${Math.random()}` },
        body: { data: { type: 'payments', attributes } },
      });
      assert.equal(res.status, 422, JSON.stringify(attributes));
      assert.ok(((await res.json()) as any).errors[0].source.pointer.startsWith('/data/attributes/invoiceIds'));
    }
    assert.equal((await host.services.db.selectFrom('payments').selectAll().execute()).length, 0);
  });

  test('PDF in the tenant language, rendered by the host', async () => {
    const [inv] = (await invoices()).data.map((i: any) => i.id);
    const res = await host.request('GET', `/api/v1/invoices/${inv}/pdf?lang=de`, { token: customer });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(bytes);
    assert.match(text, /^Rechnung$/m, 'German title');
    assert.match(text, /^183,26 €$/m, 'amount in German format');
    assert.equal((await host.request('GET', `/api/v1/invoices/${inv}/pdf`, { token: await host.token('globex') })).status, 404);
  });

  test('autopay: turned on with a method, charges due invoices, turned off stops', async () => {
    const put = (attributes: object) =>
      host.request('PUT', '/api/v1/autopay', { token: billing, body: { data: { type: 'autopay', attributes } } });
    const none = await put({ enabled: true });
    assert.equal(none.status, 422, 'no method yet');
    await addCard('4242424242424242');
    const on = (await (await put({ enabled: true })).json()) as any;
    assert.equal(on.data.attributes.enabled, true);
    assert.equal(on.data.attributes.nextChargeOn, '2026-11-10', 'overdue invoices are charged today');
    await host.services.billing.runAutopay();
    assert.deepEqual(
      (await invoices()).data.map((i: any) => i.attributes.status),
      ['open', 'paid', 'paid'],
      'only what is due',
    );
    const next = (await (await host.request('GET', '/api/v1/autopay', { token: customer })).json()) as any;
    assert.equal(next.data.attributes.nextChargeOn, '2026-11-15', 'the open invoice is charged on its due date');
    clock = new Date('2026-11-16T10:00:00Z');
    await host.services.billing.runAutopay();
    await host.services.billing.runAutopay();
    assert.deepEqual(
      (await invoices()).data.map((i: any) => i.attributes.status),
      ['paid', 'paid', 'paid'],
    );
    const payments = await host.services.db.selectFrom('payments').selectAll().execute();
    assert.equal(payments.length, 2);
    assert.ok(payments.every((p) => p.trigger === 'autopay'));
    const off = (await (await put({ enabled: false })).json()) as any;
    assert.equal(off.data.attributes.enabled, false);
    assert.deepEqual(
      (await host.services.billing.auditLog('acme')).map((e) => e.action).filter((a) => a.startsWith('autopay')),
      ['autopay.disabled', 'autopay.enabled'],
    );
  });
});
