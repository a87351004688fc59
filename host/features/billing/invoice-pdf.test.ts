import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { pdfText } from '../../test/pdf-text.js';
import localPlugin from '../../../plugins/local/index.js';
import testPaymentsPlugin from '../../../plugins/test-payments/index.js';
import { taxSummary } from './invoice-pdf.js';

/**
 * The invoice PDF the host renders states what a tax office asks of an invoice: issuer and
 * recipient with addresses and VAT ids, number, dates, each line's service period and tax rate,
 * net and tax per rate, payment terms and how it was or will be paid; every character printed.
 */
describe('invoice PDFs a tax office accepts', () => {
  let host: TestHost;
  let billing: string;
  const clock = new Date('2026-11-10T10:00:00Z');
  const admin = (method: string, path: string, body: unknown) => host.request(method, path, { token: ADMIN_KEY, body });
  const pdf = async (id: string, lang: 'en' | 'de') => {
    const res = await host.request('GET', `/api/v1/invoices/${id}/pdf?lang=${lang}`, { token: billing });
    assert.equal(res.status, 200);
    return pdfText(new Uint8Array(await res.arrayBuffer()));
  };

  before(async () => {
    host = await createTestHost({
      plugins: [localPlugin, { plugin: testPaymentsPlugin, config: { gateway: 'test' } }],
      now: () => clock,
      invoices: {
        issuer: {
          name: 'Nordlicht Hosting GmbH',
          address: ['Hafenstraße 12', '20457 Hamburg', 'Germany'],
          taxId: 'DE123456789',
          contact: 'rechnung@nordlicht.example',
          paymentDetails: ['Hamburger Bank', 'IBAN DE89 3704 0044 0532 0130 00'],
        },
      },
    });
    const tenant = await admin('PUT', '/api/v1/tenants/acme', {
      data: {
        type: 'tenants',
        attributes: {
          name: 'acme',
          billingAccount: { source: 'local', account: 'acme' },
          billingProfile: {
            legalName: 'Łódź Żurek Sp. z o.o.',
            address: ['ul. Długa 5', '00-238 Warszawa', 'Poland'],
            taxId: 'PL5260250274',
          },
        },
      },
    });
    assert.equal(tenant.status, 201, await tenant.clone().text());
    assert.equal(((await tenant.json()) as any).data.attributes.billingProfile.taxId, 'PL5260250274');
    for (const [id, description, unitAmount, taxRateBp] of [
      ['srv', 'Managed server M', 12_900, 1900],
      ['book', 'Hosting handbook (print)', 2_000, 700],
    ] as const) {
      const res = await admin('PUT', `/api/v1/tenants/acme/subscriptions/${id}`, {
        data: {
          type: 'subscriptions',
          attributes: { description, quantity: 1, unitAmount, currency: 'EUR', intervalMonths: 1, taxRateBp, nextInvoiceOn: '2026-10-01' },
        },
      });
      assert.equal(res.status, 200, await res.clone().text());
    }
    billing = await host.token('acme', ['billing']);
  });
  after(() => host.close());

  const invoices = async () => ((await (await host.request('GET', '/api/v1/invoices', { token: billing })).json()) as any).data as any[];

  test('issuer, recipient, VAT ids, service periods, tax per rate and bank details, in German', async () => {
    const [november] = (await invoices()).filter((i) => i.attributes.issuedOn === '2026-11-01');
    const lines = november.attributes.lines;
    assert.deepEqual(
      lines.map((l: any) => [l.periodStart, l.periodEnd, l.taxRate]),
      [
        ['2026-11-01', '2026-11-30', 19],
        ['2026-11-01', '2026-11-30', 7],
      ],
      'the API states them too',
    );
    const text = await pdf(november.id, 'de');
    for (const expected of [
      /^Nordlicht Hosting GmbH$/m,
      /^Hafenstraße 12$/m,
      /^USt-IdNr\.: DE123456789$/m,
      /^Łódź Żurek Sp\. z o\.o\.$/m,
      /^ul\. Długa 5$/m,
      /^USt-IdNr\.: PL5260250274$/m,
      new RegExp(`^${november.attributes.number}$`, 'm'),
      /^01\.11\.2026$/m,
      /^Leistungszeitraum: 01\.11\.2026 – 30\.11\.2026$/m,
      /^USt\. 19 % auf 129,00 €$/m,
      /^24,51 €$/m,
      /^USt\. 7 % auf 20,00 €$/m,
      /^1,40 €$/m,
      /^Zahlungsbedingungen: zahlbar innerhalb von 14 Tagen bis 15\.11\.2026\.$/m,
      /^Überweisung: Hamburger Bank · IBAN DE89 3704 0044 0532 0130 00$/m,
    ]) {
      assert.match(text, expected);
    }
    assert.ok(!text.includes('?') && !text.includes('\uFFFD'), 'every character printed');
  });

  test('a paid invoice says when and by what it was paid, in English', async () => {
    const setup = ((await (await host.request('POST', '/api/v1/payment-setups', { token: billing })).json()) as any).data;
    await host.fetch(
      new Request('http://glasspane.test/payments/test/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242' }),
      }),
    );
    const saved = await host.request('POST', '/api/v1/payment-methods', {
      token: billing,
      body: { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } },
    });
    assert.equal(saved.status, 201, await saved.clone().text());
    const [october] = (await invoices()).filter((i) => i.attributes.issuedOn === '2026-10-01');
    const paid = await host.request('POST', '/api/v1/payments', {
      token: billing,
      headers: { 'idempotency-key': 'pdf-pay-1' },
      body: { data: { type: 'payments', attributes: { invoiceIds: [october.id] } } },
    });
    assert.equal(paid.status, 201, await paid.clone().text());
    const text = await pdf(october.id, 'en');
    assert.match(text, /^VAT ID: PL5260250274$/m);
    assert.match(text, /^Service period: Oct 1, 2026 – Oct 31, 2026$/m);
    assert.match(text, /^Paid €174\.91 on Nov 10, 2026 by Visa •••• 4242\.$/m);
    assert.doesNotMatch(text, /Bank transfer/, 'no transfer details on a paid invoice');
  });

  test("a business in another EU state: untaxed lines carry the reverse-charge note, in the tenant's invoice language whatever the reader's", async () => {
    const profile = (taxId: string, invoiceLanguage?: 'en' | 'de') => ({
      legalName: 'Alpenblick Software GmbH',
      address: ['Mariahilfer Straße 1', '1060 Wien', 'Austria'],
      taxId,
      ...(invoiceLanguage ? { invoiceLanguage } : {}),
    });
    const put = async (billingProfile: object) => {
      const res = await admin('PUT', '/api/v1/tenants/globex', {
        data: { type: 'tenants', attributes: { name: 'globex', billingAccount: { source: 'local', account: 'globex' }, billingProfile } },
      });
      assert.ok([200, 201].includes(res.status), await res.clone().text());
      return ((await res.json()) as any).data.attributes.billingProfile;
    };
    assert.equal((await put(profile('ATU12345678', 'de'))).invoiceLanguage, 'de', 'admin-settable like the rest of the profile');
    const sub_ = await admin('PUT', '/api/v1/tenants/globex/subscriptions/vps', {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'VPS L',
          quantity: 1,
          unitAmount: 5_000,
          currency: 'EUR',
          intervalMonths: 1,
          taxRateBp: 0,
          nextInvoiceOn: '2026-11-01',
        },
      },
    });
    assert.equal(sub_.status, 200, await sub_.clone().text());
    const token = await host.token('globex', ['billing']);
    const [invoice] = ((await (await host.request('GET', '/api/v1/invoices', { token })).json()) as any).data as any[];
    const read = async (lang: 'en' | 'de') => {
      const res = await host.request('GET', `/api/v1/invoices/${invoice.id}/pdf?lang=${lang}`, { token });
      assert.equal(res.status, 200);
      return pdfText(new Uint8Array(await res.arrayBuffer()));
    };
    const german = await read('en');
    assert.match(german, /^Rechnung$/m, "the tenant's invoice language, not the reader's");
    assert.match(german, /^\* Steuerschuldnerschaft des Leistungsempfängers \(Reverse Charge\)$/m);
    assert.match(german, /^0 % \*$/m, 'the untaxed line is marked');
    assert.doesNotMatch(german, /Reverse charge: VAT/);

    await put(profile('ATU12345678', 'en'));
    const english = await read('de');
    assert.match(english, /^Invoice$/m);
    assert.match(
      english,
      /^\* Reverse charge: VAT to be accounted for by the recipient \(Article 196, Council Directive 2006\/112\/EC\)$/m,
    );

    // Same state as the provider, or no EU VAT id: no reverse charge.
    for (const taxId of ['DE987654321', 'CHE-123.456.789']) {
      await put(profile(taxId));
      const text = await read('en');
      assert.doesNotMatch(text, /Reverse charge/, taxId);
      assert.match(text, /^Invoice$/m, "without an invoice language, the reader's");
    }
    assert.equal((await read('de')).includes('Reverse Charge'), false);
  });

  test('the tax breakdown groups lines by rate, deriving a rate the provider did not state', () => {
    const summary = taxSummary([
      { description: 'a', quantity: 1, unitAmount: 10_000, amount: 10_000, taxAmount: 1_900 },
      { description: 'b', quantity: 2, unitAmount: 500, amount: 1_000, taxAmount: 190, taxRate: 19 },
      { description: 'c', quantity: 1, unitAmount: 2_000, amount: 2_000, taxAmount: 0 },
    ]);
    assert.deepEqual(summary, [
      { rate: 19, net: 11_000, tax: 2_090 },
      { rate: 0, net: 2_000, tax: 0 },
    ]);
  });

  test('a billing profile with a tax id that is not one is refused with a pointer', async () => {
    const res = await admin('PUT', '/api/v1/tenants/acme', {
      data: {
        type: 'tenants',
        attributes: { name: 'acme', billingAccount: { source: 'local', account: 'acme' }, billingProfile: { taxId: 'DE<script>' } },
      },
    });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/billingProfile/taxId');
  });
});
