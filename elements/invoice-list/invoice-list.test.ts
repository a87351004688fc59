import { expect, html } from '@open-wc/testing';
import './invoice-list.js';
import type { GpInvoiceList } from './invoice-list.component.js';
import { mount, until } from '../test/helpers.js';

const rows = (el: GpInvoiceList) => [...el.shadowRoot!.querySelectorAll<HTMLTableRowElement>('[part="row"]')];
const statuses = (el: GpInvoiceList) => rows(el).map((r) => r.querySelector('[part="status"]')!.textContent!.trim());
const input = (el: GpInvoiceList, id: string, value: string) => {
  const i = el.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>(id)!;
  i.value = value;
  i.dispatchEvent(new Event(i instanceof HTMLSelectElement ? 'change' : 'input'));
};

describe('gp-invoice-list', () => {
  beforeEach(() => fetch('/__test/billing/reset', { method: 'POST' }));

  it('lists invoices with status, amounts in their currency and the total due; filters', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer' });
    await until(() => rows(el).length === 3, 'three invoices');
    expect(statuses(el)).to.include('Overdue');
    expect(rows(el)[0]!.textContent).to.contain('€153.51');
    expect(el.shadowRoot!.querySelector('.total')!.textContent).to.contain('Total due: €460.53');
    const sort = el.shadowRoot!.querySelector<HTMLSelectElement>('.sort select')!;
    sort.value = 'dueOn';
    sort.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const due = rows(el).map((r) => Date.parse(r.children[3]!.textContent!));
    expect(due).to.deep.equal([...due].sort((a, b) => a - b), 'soonest due first');
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.filters button')].find((b) => b.textContent === 'Overdue')!.click();
    await el.updateComplete;
    expect(statuses(el).every((s) => s === 'Overdue')).to.be.true;
    // Without the billing role there is nothing to tick, and the element says why.
    expect(el.shadowRoot!.querySelector('input[type="checkbox"]')).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain('needs the billing role');
    await expect(el).to.be.accessible();
  });

  it('pays two invoices with a new card and shows the receipt; they turn paid', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 3, 'invoices');
    let paid: string[] = [];
    el.addEventListener('gp-invoices-paid', (e) => (paid = e.detail.invoiceIds));
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].slice(0, 2);
    for (const b of boxes) {
      b.checked = true;
      b.dispatchEvent(new Event('change'));
    }
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="pay-form"] button[type="submit"]')!.textContent).to.contain('Pay 2 invoices (€307.02)');
    await expect(el).to.be.accessible();
    input(el, '#f-method', 'new-card');
    await el.updateComplete;
    input(el, '#f-number', '4242 4242 4242 4242');
    input(el, '#f-expiry', '12/30');
    input(el, '#f-cvc', '123');
    input(el, '#f-holderName', 'Alice Example');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => el.shadowRoot!.querySelector('.notice.success'), 'receipt');
    expect(el.shadowRoot!.querySelector('.notice.success')!.textContent).to.match(/Paid €307\.02\. Receipt PAY-/);
    expect(paid.length).to.equal(2);
    await until(() => statuses(el).filter((s) => s === 'Paid').length === 2, 'two paid');
  });

  it('never adds up invoices in different currencies: says so first, then pays one currency at a time', async () => {
    await fetch('/__test/billing/usd', { method: 'POST' });
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 4, 'four invoices');
    // Two columns, two names: the date an invoice is due and the amount still due.
    const heads = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(heads).to.include('Due date').and.include('Amount due');
    expect(new Set(heads.filter(Boolean)).size).to.equal(heads.filter(Boolean).length, 'no two column names alike');
    expect(el.shadowRoot!.querySelector('.total')!.textContent).to.contain('€').and.contain('$1,047.90');
    const tick = (id: string) => {
      const box = el.shadowRoot!.querySelector<HTMLInputElement>(`[data-id="${id}"] input[type="checkbox"]`)!;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    };
    tick('inv-usd-1');
    tick(rows(el).find((r) => r.textContent!.includes('€') && r.querySelector('input'))!.dataset.id!);
    await el.updateComplete;
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="pay-form"] button[type="submit"]')].map((b) => b.textContent!.trim());
    expect(buttons).to.have.length(2);
    expect(buttons.find((b) => b.includes('$'))).to.equal('Pay 1 invoice ($1,047.90)');
    expect(buttons.find((b) => b.includes('€'))).to.match(/^Pay 1 invoice \(€[\d.,]+\)$/);
    expect(el.shadowRoot!.querySelector('[part="currencies"]')!.textContent).to.contain('paid separately');
    await expect(el).to.be.accessible();
    // Paying the dollars pays that invoice alone; the euro one stays selected.
    let paid: { invoiceIds: string[]; currency: string } | undefined;
    el.addEventListener('gp-invoices-paid', (e) => (paid = e.detail));
    input(el, '#f-method', 'new-card');
    await el.updateComplete;
    input(el, '#f-number', '4242 4242 4242 4242');
    input(el, '#f-expiry', '12/30');
    input(el, '#f-cvc', '123');
    input(el, '#f-holderName', 'Alice Example');
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!;
    form.requestSubmit([...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')].find((b) => b.dataset.currency === 'USD'));
    await until(() => paid, 'paid');
    expect(paid).to.deep.include({ invoiceIds: ['inv-usd-1'], currency: 'USD' });
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('[part="pay-form"] button[type="submit"]')].map((b) => b.textContent!.trim())).to.have.length(1);
  });

  it('says a declined card was declined, and a bad number where it is wrong', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 3, 'invoices');
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await el.updateComplete;
    input(el, '#f-method', 'new-card');
    await el.updateComplete;
    input(el, '#f-number', '4242 4242 4242 4241');
    input(el, '#f-expiry', '12/30');
    input(el, '#f-cvc', '123');
    input(el, '#f-holderName', 'Alice');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => el.shadowRoot!.querySelector('#e-number'), 'number error');
    expect(el.shadowRoot!.querySelector('#e-number')!.textContent).to.contain('not valid');
    input(el, '#f-number', '4000 0000 0000 0002');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => el.shadowRoot!.querySelector('.notice.error')?.textContent?.includes('declined'), 'declined in words');
    expect(el.shadowRoot!.querySelector('.notice.error')!.textContent).to.contain('Visa •••• 0002 was declined');
  });

  it('turns automatic payment on and off, with the next charge date', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => el.shadowRoot!.querySelector('[part="autopay"]'), 'autopay panel');
    const button = () => el.shadowRoot!.querySelector<HTMLButtonElement>('[part="autopay"] button')!;
    button().click();
    await until(() => el.shadowRoot!.querySelector('.notice.error'), 'needs a method first');
    await fetch('/api/v1/payment-methods', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json', authorization: `Bearer ${(await (await fetch('/__test/token?tenant=acme&roles=billing')).json()).token}` },
      body: JSON.stringify({ data: { type: 'payment-methods', attributes: { kind: 'card', number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'A' } } }),
    });
    const fresh = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => fresh.el.shadowRoot!.querySelector('[part="autopay"] button'), 'panel');
    fresh.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="autopay"] button')!.click();
    await until(() => fresh.el.shadowRoot!.querySelector('[part="autopay"]')!.textContent!.includes('Next charge on'), 'on');
    fresh.el.shadowRoot!.querySelector<HTMLButtonElement>('[part="autopay"] button')!.click();
    await until(() => fresh.el.shadowRoot!.querySelector('[part="autopay"]')!.textContent!.includes('Off.'), 'off');
  });

  it('speaks German with German money formats', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer', locale: 'de' });
    await until(() => rows(el).length === 3, 'invoices');
    expect(statuses(el)).to.include('Überfällig');
    expect(rows(el)[0]!.textContent).to.match(/153,51\s€/);
    await expect(el).to.be.accessible();
  });
});
