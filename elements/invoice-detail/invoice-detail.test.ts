import { expect, html } from '@open-wc/testing';
import './invoice-detail.js';
import type { GpInvoiceDetail } from './invoice-detail.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: GpInvoiceDetail) => el.shadowRoot!;
const text = (el: GpInvoiceDetail, part: string) =>
  root(el).querySelector(`[part="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The totals as `label: amount` lines. */
const totals = (el: GpInvoiceDetail) =>
  [...root(el).querySelectorAll('[part="totals"] > div')].map(
    (d) => `${d.querySelector('dt')!.textContent!.trim()}: ${d.querySelector('dd')!.textContent!.trim()}`,
  );
const auth = async (roles = 'billing') => `Bearer ${(await (await fetch(`/__test/token?tenant=acme&roles=${roles}`)).json()).token}`;
/** The oldest open invoice, as the host lists it. */
const openInvoice = async () => {
  const doc = await (
    await fetch('/api/v1/invoices?sort=dueOn&filter[status]=open,overdue', { headers: { authorization: await auth() } })
  ).json();
  return doc.data[0] as { id: string; attributes: { number: string; total: number } };
};
const invoiceNow = async (id: string) =>
  (await (await fetch(`/api/v1/invoices/${id}`, { headers: { authorization: await auth() } })).json()).data.attributes;

describe('gp-invoice-detail', () => {
  beforeEach(() => fetch('/__test/billing/reset', { method: 'POST' }));

  it('shows the lines with service period, quantity, unit price and tax rate, tax per rate and the amount due', async () => {
    const invoice = await openInvoice();
    const { el } = await mount<GpInvoiceDetail>(html`<gp-invoice-detail invoice-id=${invoice.id}></gp-invoice-detail>`, {
      roles: 'customer',
    });
    await until(() => root(el).querySelector('[part="lines"]'), 'lines');
    expect(text(el, 'header')).to.contain(`Invoice ${invoice.attributes.number}`);
    const line = root(el).querySelector('[part="line"]')!.textContent!.replace(/\s+/g, ' ');
    expect(line)
      .to.contain('Managed server M')
      .and.match(/Service period \w+ \d+, \d{4} – \w+ \d+, \d{4}/)
      .and.contain('€129.00')
      .and.contain('19%');
    expect(totals(el)).to.deep.equal(['Subtotal: €129.00', 'Tax 19% on €129.00: €24.51', 'Total: €153.51', 'Amount due: €153.51']);
    expect(text(el, 'payments')).to.contain('No payments yet.');
    // Customers read; paying needs the billing role, and the element says so.
    expect(root(el).querySelector('[part="pay-form"]')).to.equal(null);
    expect(root(el).textContent).to.contain('needs the billing role');
    await expect(el).to.be.accessible();
  });

  it('pays the invoice with a new card in the gateway fields; the payment and a zero amount due follow', async () => {
    const invoice = await openInvoice();
    const { el } = await mount<GpInvoiceDetail>(html`<gp-invoice-detail invoice-id=${invoice.id}></gp-invoice-detail>`, {
      roles: 'billing',
    });
    await until(() => root(el).querySelector('[part="pay-button"]'), 'pay button');
    // The gateway's fields load only when the customer wants to pay.
    expect(root(el).querySelector('[part="gateway-fields"]')).to.equal(null);
    root(el).querySelector<HTMLButtonElement>('[part="pay-button"]')!.click();
    await until(() => root(el).querySelector('[part="pay-form"]'), 'pay form');
    let paid: { invoiceIds: string[]; amount: number } | undefined;
    el.addEventListener('gp-invoices-paid', (e) => (paid = e.detail));
    const field = () => root(el).querySelector<HTMLInputElement>('[part="gateway-fields"] input[name="number"]');
    await until(field, "the gateway's fields");
    await expect(el).to.be.accessible();
    // A declined card pays nothing and is not saved.
    field()!.value = '4000 0000 0000 0002';
    root(el).querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => root(el).querySelector('.notice.error')?.textContent?.includes('declined'), 'declined in words');
    expect((await invoiceNow(invoice.id)).amountPaid).to.equal(0);
    await until(field, 'fresh fields');
    field()!.value = '4242 4242 4242 4242';
    root(el).querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => root(el).querySelector('.notice.success'), 'receipt');
    expect(root(el).querySelector('.notice.success')!.textContent).to.match(/Paid €153\.51\. Receipt PAY-/);
    expect(paid).to.deep.include({ invoiceIds: [invoice.id], amount: 15_351 });
    expect((await invoiceNow(invoice.id)).amountDue).to.equal(0);
    await until(() => text(el, 'payments').includes('Visa •••• 4242'), 'the payment listed');
    await until(() => totals(el).includes('Amount due: €0.00'), 'nothing due');
    expect(totals(el)).to.include('Paid: -€153.51');
    expect(text(el, 'status')).to.equal('Paid');
    expect(root(el).querySelector('[part="pay-form"]')).to.equal(null);
  });

  it('downloads the PDF in the reader language', async () => {
    const invoice = await openInvoice();
    const { el } = await mount<GpInvoiceDetail>(html`<gp-invoice-detail invoice-id=${invoice.id}></gp-invoice-detail>`, {
      roles: 'customer',
      locale: 'de',
    });
    await until(() => root(el).querySelector('[part="pdf"]'), 'pdf button');
    const requested: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      requested.push(String(input instanceof Request ? input.url : input));
      return original(input, init);
    };
    try {
      root(el).querySelector<HTMLButtonElement>('[part="pdf"]')!.click();
      await until(() => requested.some((u) => u.includes('/pdf')), 'the PDF requested');
    } finally {
      window.fetch = original;
    }
    expect(requested.find((u) => u.includes('/pdf'))).to.contain(`/api/v1/invoices/${invoice.id}/pdf?lang=de`);
    expect(root(el).querySelector('.notice.error')).to.equal(null);
  });

  it('speaks German at 390px', async () => {
    const invoice = await openInvoice();
    const { el } = await mount<GpInvoiceDetail>(
      html`<gp-invoice-detail style="width: 390px" invoice-id=${invoice.id}></gp-invoice-detail>`,
      { roles: 'billing', locale: 'de' },
    );
    await until(() => root(el).querySelector('[part="lines"]'), 'lines');
    expect(text(el, 'header')).to.contain(`Rechnung ${invoice.attributes.number}`);
    expect(totals(el).map((t) => t.replace(/\s/g, ' '))).to.deep.equal([
      'Nettobetrag: 129,00 €',
      'USt. 19 % auf 129,00 €: 24,51 €',
      'Gesamtbetrag: 153,51 €',
      'Offener Betrag: 153,51 €',
    ]);
    expect(root(el).querySelector('[part="line"]')!.textContent).to.contain('Leistungszeitraum');
    expect(root(el).querySelector('[part="pay-button"]')!.textContent).to.match(/153,51\s€ bezahlen/);
    expect(el.scrollWidth).to.be.at.most(390);
    await expect(el).to.be.accessible();
  });

  it('says which invoice is missing, readably', async () => {
    const { el } = await mount<GpInvoiceDetail>(html`<gp-invoice-detail invoice-id="no-such-invoice"></gp-invoice-detail>`, {
      roles: 'customer',
    });
    await until(() => root(el).querySelector('[part~="error"], [part="state"]:not([aria-busy])'), 'an error panel');
    expect(root(el).querySelector('[part="lines"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
