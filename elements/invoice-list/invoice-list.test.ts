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

/** Chooses a new method and types `number` into the test gateway's own field (drawn by its script inside the element's pay form). */
const typeInGatewayFields = async (el: GpInvoiceList, number: string) => {
  input(el, '#f-method', 'new');
  const field = () => el.shadowRoot!.querySelector<HTMLInputElement>('[part="gateway-fields"] input[name="number"]');
  await until(field, "the gateway's fields");
  field()!.value = number;
};
const tickFirst = async (el: GpInvoiceList) => {
  const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
  box.checked = true;
  box.dispatchEvent(new Event('change'));
  await el.updateComplete;
};
/** The methods to pay with, as the pay form lists them (shown while an invoice is ticked). */
const methodLabels = (el: GpInvoiceList) => [...el.shadowRoot!.querySelectorAll('#f-method option')].map((o) => o.textContent!.trim());
/**
 * Pays the first invoice with a new card that asks for 3-D Secure and answers the bank's challenge (the test gateway's dialog over the
 * page, as Stripe.js shows one).
 */
const payWith3ds = async (answer: 'Complete authentication' | 'Fail authentication') => {
  const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
  await until(() => rows(el).length === 3, 'invoices');
  await tickFirst(el);
  await typeInGatewayFields(el, '4000 0027 6000 3184');
  el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
  const challenge = () => document.querySelector<HTMLDialogElement>('dialog[data-test-gateway="challenge"]');
  await until(challenge, "the bank's challenge");
  [...challenge()!.querySelectorAll('button')].find((b) => b.textContent === answer)!.click();
  return el;
};
const token = async (roles: string) => `Bearer ${(await (await fetch(`/__test/token?tenant=acme&roles=${roles}`)).json()).token}`;

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
    expect(due).to.deep.equal(
      [...due].sort((a, b) => a - b),
      'soonest due first',
    );
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
    // Card data is typed in the gateway's fields only: the element has no inputs of its own for it.
    input(el, '#f-method', 'new');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('#f-number, [autocomplete^="cc-"]')).to.equal(null);
    await typeInGatewayFields(el, '4242 4242 4242 4242');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => el.shadowRoot!.querySelector('.notice.success'), 'receipt');
    expect(el.shadowRoot!.querySelector('.notice.success')!.textContent).to.match(/Paid €307\.02\. Receipt PAY-/);
    expect(paid.length).to.equal(2);
    await until(() => statuses(el).filter((s) => s === 'Paid').length === 2, 'two paid');
    // The card was saved: the methods list shows its brand and last four.
    await tickFirst(el);
    expect(methodLabels(el)).to.include('Visa •••• 4242');
    const saved = await (await fetch('/api/v1/payment-methods', { headers: { authorization: await token('billing') } })).json();
    expect(saved.data.map((m: { attributes: { label: string } }) => m.attributes.label)).to.deep.equal(['Visa •••• 4242']);
  });

  it("hands a card that asks for 3-D Secure to the gateway's challenge; once passed the invoice is paid once", async () => {
    const el = await payWith3ds('Complete authentication');
    await until(() => el.shadowRoot!.querySelector('.notice.success'), 'receipt');
    expect(el.shadowRoot!.querySelector('.notice.success')!.textContent).to.match(/Receipt PAY-/);
    await until(() => statuses(el).filter((s) => s === 'Paid').length === 1, 'one paid');
    const payments = (await (await fetch('/api/v1/payments', { headers: { authorization: await token('billing') } })).json()).data;
    expect(payments.filter((p: { attributes: { state: string } }) => p.attributes.state === 'recorded')).to.have.length(1);
  });

  it('a failed 3-D Secure challenge says nothing was charged and leaves the invoice payable', async () => {
    const el = await payWith3ds('Fail authentication');
    await until(() => el.shadowRoot!.querySelector('.notice.error'), 'the failure');
    expect(el.shadowRoot!.querySelector('.notice.error')!.textContent).to.contain('nothing was charged');
    expect(statuses(el)).not.to.include('Paid');
    await expect(el).to.be.accessible();
  });

  it('lets the portal stop a payment: a cancelled gp-before-pay charges nothing and keeps the selection', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 3, 'invoices');
    const before = statuses(el);
    const asked: { invoiceIds: string[]; amount: number; currency: string; paymentMethodId: string }[] = [];
    el.addEventListener('gp-before-pay', (e) => {
      asked.push(e.detail);
      e.preventDefault();
    });
    let paid = 0;
    el.addEventListener('gp-invoices-paid', () => paid++);
    await tickFirst(el);
    await typeInGatewayFields(el, '4242 4242 4242 4242');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => asked.length === 1, 'the portal was asked');
    expect(asked[0]!.invoiceIds.length).to.equal(1);
    expect(asked[0]!.paymentMethodId).to.equal('new');
    expect(asked[0]!.amount).to.be.greaterThan(0);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('input[type="checkbox"]:checked'), 'the selection stays').to.exist;
    expect(el.shadowRoot!.querySelector('.notice.success')).to.equal(null);
    // At the host: no payment, no saved card, the invoices as they were.
    const headers = { authorization: await token('billing') };
    const invoices = await (await fetch('/api/v1/invoices', { headers })).json();
    expect(invoices.data.filter((i: { attributes: { status: string } }) => i.attributes.status === 'paid').length).to.equal(
      before.filter((s) => s === 'Paid').length,
    );
    const saved = await (await fetch('/api/v1/payment-methods', { headers })).json();
    expect(saved.data).to.deep.equal([]);
    expect(paid).to.equal(0);
  });

  it('never adds up invoices in different currencies: says so first, then pays one currency at a time', async () => {
    await fetch('/__test/billing/usd', { method: 'POST' });
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 4, 'four invoices');
    // Two columns, two names: the date an invoice is due and the amount still due.
    const heads = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(heads).to.include('Due date').and.include('Amount due');
    expect(new Set(heads.filter(Boolean)).size).to.equal(heads.filter(Boolean).length, 'no two column names alike');
    const total = el.shadowRoot!.querySelector('.total')!.textContent!;
    // One label, then one amount per currency.
    expect(total.match(/Total due/g)).to.have.length(1);
    const amounts = total.replace(/^Total due: /, '').split(' · ');
    expect(amounts).to.include('$1,047.90');
    expect(
      amounts.some((a) => /^€[\d,]+\.\d\d$/.test(a)),
      total,
    ).to.equal(true);
    const tick = (id: string) => {
      const box = el.shadowRoot!.querySelector<HTMLInputElement>(`[data-id="${id}"] input[type="checkbox"]`)!;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    };
    tick('inv-usd-1');
    tick(rows(el).find((r) => r.textContent!.includes('€') && r.querySelector('input'))!.dataset.id!);
    await el.updateComplete;
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="pay-form"] button[type="submit"]')].map((b) =>
      b.textContent!.trim(),
    );
    expect(buttons).to.have.length(2);
    expect(buttons.find((b) => b.includes('$'))).to.equal('Pay 1 invoice ($1,047.90)');
    expect(buttons.find((b) => b.includes('€'))).to.match(/^Pay 1 invoice \(€[\d.,]+\)$/);
    expect(el.shadowRoot!.querySelector('[part="currencies"]')!.textContent).to.contain('paid separately');
    await expect(el).to.be.accessible();
    // Paying the dollars pays that invoice alone; the euro one stays selected.
    let paid: { invoiceIds: string[]; currency: string } | undefined;
    el.addEventListener('gp-invoices-paid', (e) => (paid = e.detail));
    await typeInGatewayFields(el, '4242 4242 4242 4242');
    const form = el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!;
    form.requestSubmit([...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')].find((b) => b.dataset.currency === 'USD'));
    await until(() => paid, 'paid');
    expect(paid).to.deep.include({ invoiceIds: ['inv-usd-1'], currency: 'USD' });
    await el.updateComplete;
    expect(
      [...el.shadowRoot!.querySelectorAll('[part="pay-form"] button[type="submit"]')].map((b) => b.textContent!.trim()),
    ).to.have.length(1);
  });

  it("says a card declined in the gateway's fields was declined, and saves nothing", async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    await until(() => rows(el).length === 3, 'invoices');
    let paid = false;
    el.addEventListener('gp-invoices-paid', () => (paid = true));
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    await el.updateComplete;
    await typeInGatewayFields(el, '4000 0000 0000 0002');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => el.shadowRoot!.querySelector('.notice.error')?.textContent?.includes('declined'), 'declined in words');
    expect(el.shadowRoot!.querySelector('.notice.error')!.textContent).to.contain('Nothing was saved');
    expect(paid).to.be.false;
    expect(methodLabels(el)).to.deep.equal(['New card or bank account']);
    const saved = await (await fetch('/api/v1/payment-methods', { headers: { authorization: await token('billing') } })).json();
    expect(saved.data).to.deep.equal([]);
    expect(statuses(el)).not.to.include('Paid');
    // Fresh fields for the next try; a good card then pays.
    await typeInGatewayFields(el, '4242 4242 4242 4242');
    el.shadowRoot!.querySelector<HTMLFormElement>('[part="pay-form"]')!.requestSubmit();
    await until(() => paid, 'paid with the next card');
    await tickFirst(el);
    expect(methodLabels(el)).to.deep.equal(['Visa •••• 4242', 'New card or bank account']);
  });

  it("turns automatic payment on only after consent, in gp-payment-methods' panel, with the next charge date", async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    const panel = () => el.shadowRoot!.querySelector('[part="autopay"] gp-payment-methods')?.shadowRoot?.querySelector('[part="autopay"]');
    await until(() => panel(), 'autopay panel');
    await until(() => panel()!.textContent!.includes('Save a card or bank account first'), 'needs a method first');
    // A card saved the way a browser saves one: a setup, confirmed in the test gateway's fields, then its id.
    const headers = { 'content-type': 'application/vnd.api+json', authorization: await token('billing') };
    const setup = (await (await fetch('/api/v1/payment-setups', { method: 'POST', headers })).json()).data;
    const confirmed = await fetch('/payments/test/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242', expMonth: 12, expYear: 2030 }),
    });
    expect((await confirmed.json()).status).to.equal('succeeded');
    const saved = await fetch('/api/v1/payment-methods', {
      method: 'POST',
      headers,
      body: JSON.stringify({ data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } }),
    });
    expect(saved.status).to.equal(201);
    const fresh = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'billing' });
    const freshPanel = () =>
      fresh.el.shadowRoot!.querySelector('[part="autopay"] gp-payment-methods')?.shadowRoot?.querySelector('[part="autopay"]');
    const click = (text: string) =>
      [...freshPanel()!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!.click();
    await until(() => freshPanel()?.querySelector('button'), 'panel');
    click('Turn on…');
    await until(() => freshPanel()!.querySelector('[part="consent"]'), 'asks for consent');
    expect(freshPanel()!.querySelector('[part="consent"]')!.textContent)
      .to.contain('Visa •••• 4242')
      .and.match(/The first charge: €[\d.,]+ on /);
    const before = await (await fetch('/api/v1/autopay', { headers })).json();
    expect(before.data.attributes.enabled).to.equal(false);
    click('Confirm automatic payment');
    await until(() => freshPanel()!.textContent!.includes('Next charge:'), 'on');
    click('Turn off');
    await until(() => freshPanel()!.textContent!.includes('Off.'), 'off');
  });

  it('leaves automatic payment to a gp-payment-methods on the same page with hide-autopay: the customer sees it once', async () => {
    const page = html`<div><gp-invoice-list hide-autopay></gp-invoice-list><gp-payment-methods></gp-payment-methods></div>`;
    const { provider } = await mount<HTMLElement>(page, { roles: 'billing' });
    const list = provider.querySelector<GpInvoiceList>('gp-invoice-list')!;
    const methods = provider.querySelector('gp-payment-methods')!;
    await until(() => rows(list).length === 3, 'invoices');
    await until(() => methods.shadowRoot?.querySelector('[part="autopay"]'), "gp-payment-methods' autopay panel");
    await list.updateComplete;
    // Where each automatic payment panel is: only in the page's gp-payment-methods.
    const panels = [list, methods].flatMap((el) => [...el.shadowRoot!.querySelectorAll('[part="autopay"]')].map(() => el.localName));
    expect(panels).to.deep.equal(['gp-payment-methods']);
  });

  it('opens an invoice: its number dispatches gp-invoice-open', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer' });
    await until(() => rows(el).length === 3, 'invoices');
    let opened: { invoiceId: string; number: string } | undefined;
    el.addEventListener('gp-invoice-open', (e) => (opened = e.detail));
    rows(el)[0]!.querySelector<HTMLButtonElement>('button.link')!.click();
    expect(opened?.invoiceId).to.equal(rows(el)[0]!.dataset.id);
    expect(opened?.number).to.equal(rows(el)[0]!.querySelector('button.link')!.textContent!.trim());
  });

  it('speaks German with German money formats', async () => {
    const { el } = await mount<GpInvoiceList>(html`<gp-invoice-list></gp-invoice-list>`, { roles: 'customer', locale: 'de' });
    await until(() => rows(el).length === 3, 'invoices');
    expect(statuses(el)).to.include('Überfällig');
    expect(rows(el)[0]!.textContent).to.match(/153,51\s€/);
    await expect(el).to.be.accessible();
  });
});
