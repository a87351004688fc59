import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { BillingProvider, Invoice } from '../ports/billing-provider.js';

/** What a BillingProvider's conformance run needs: the provider, two accounts' invoices, and its world. */
export interface BillingConformanceSubject {
  provider: BillingProvider;
  /** The account under test, with at least one open invoice. */
  account: string;
  /** An invoice of ANOTHER account. */
  foreignInvoiceId: string;
  /** How many payments the provider's own world (the fake's records) holds for `account`. */
  paymentsRecorded(): number | Promise<number>;
  close?(): Promise<void>;
}

/**
 * The behaviour every BillingProvider owes the host, as a `node:test` suite: tenancy (another
 * account's invoice is never listed nor found), amounts that add up, a payment recorded once
 * per idempotency key that leaves the invoice paid, and one-off charges billed once per
 * reference (where `addCharge` is implemented). Run it against the plugin's fake.
 */
export function billingProviderConformance(name: string, setup: () => Promise<BillingConformanceSubject>): void {
  describe(`BillingProvider conformance: ${name}`, () => {
    let s: BillingConformanceSubject;
    before(async () => {
      s = await setup();
    });
    after(async () => {
      await s?.close?.();
    });
    const open = async (): Promise<Invoice> => {
      const invoice = (await s.provider.listInvoices(s.account)).find(
        (i) => (i.status === 'open' || i.status === 'overdue') && i.amountDue > 0,
      );
      assert.ok(invoice, `${name}: the account needs an open invoice`);
      return invoice;
    };

    test("lists and finds only the account's invoices", async () => {
      const listed = await s.provider.listInvoices(s.account);
      assert.ok(listed.length > 0, 'no invoices listed');
      assert.ok(!listed.some((i) => i.id === s.foreignInvoiceId), "another account's invoice is listed");
      assert.equal(await s.provider.getInvoice(s.account, s.foreignInvoiceId), undefined, "another account's invoice is found by id");
      assert.equal(await s.provider.getInvoice(s.account, '999999999'), undefined, 'an unknown id is not undefined');
    });

    test('amounts add up: total = subtotal + tax, due = total − paid, lines = subtotal; ISO currency and dates', async () => {
      const invoice = (await s.provider.getInvoice(s.account, (await open()).id))!;
      assert.equal(invoice.total, invoice.subtotal + invoice.tax);
      assert.equal(invoice.amountDue, invoice.total - invoice.amountPaid);
      if (invoice.lines.length) {
        assert.equal(
          invoice.lines.reduce((sum, l) => sum + l.amount, 0),
          invoice.subtotal,
        );
        assert.equal(
          invoice.lines.reduce((sum, l) => sum + l.taxAmount, 0),
          invoice.tax,
        );
      }
      assert.match(invoice.currency, /^[A-Z]{3}$/);
      assert.match(invoice.issuedOn, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(invoice.dueOn, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok([invoice.amountDue, invoice.total, invoice.tax].every(Number.isInteger), 'amounts are integer minor units');
    });

    test('a payment is recorded once per idempotency key and leaves the invoice paid', async () => {
      const invoice = await open();
      const before = await s.paymentsRecorded();
      const input = {
        allocations: [{ invoiceId: invoice.id, amount: invoice.amountDue }],
        currency: invoice.currency,
        amount: invoice.amountDue,
        gatewayReference: 'ch_conformance_1',
        methodLabel: 'Visa •••• 4242',
        idempotencyKey: `conformance-${invoice.id}`,
      };
      const first = await s.provider.recordPayment(s.account, input);
      const again = await s.provider.recordPayment(s.account, input);
      assert.equal(again.reference, first.reference, 'a retry answers the first payment');
      assert.equal((await s.paymentsRecorded()) - before, 1, 'recorded once at the provider');
      const paid = (await s.provider.getInvoice(s.account, invoice.id))!;
      assert.deepEqual([paid.status, paid.amountDue, paid.amountPaid], ['paid', 0, paid.total]);
    });

    test('a one-off charge, where implemented, is billed once per reference and can be paid', async (t) => {
      if (!s.provider.addCharge) return t.skip('addCharge is not implemented');
      const currency = (await s.provider.listInvoices(s.account))[0]!.currency;
      const charge = {
        description: 'Conformance upgrade',
        amount: 1234,
        currency,
        periodStart: '2026-03-01',
        periodEnd: '2026-03-15',
        reference: `order:conformance-${Math.random().toString(36).slice(2)}`,
      };
      const count = (await s.provider.listInvoices(s.account)).length;
      const first = await s.provider.addCharge(s.account, charge);
      const again = await s.provider.addCharge(s.account, charge);
      assert.equal(again.invoiceId, first.invoiceId);
      const after = await s.provider.listInvoices(s.account);
      assert.ok(after.length - count <= 1, 'billed more than once');
      if (first.invoiceId) {
        const invoice = (await s.provider.getInvoice(s.account, first.invoiceId))!;
        assert.ok(invoice, 'the charge invoice is not found');
        assert.ok(invoice.amountDue >= 1234 && invoice.currency === currency, JSON.stringify(invoice));
      }
    });
  });
}
