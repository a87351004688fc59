import { expect, html } from '@open-wc/testing';
import './payment-methods.js';
import type { GpPaymentMethods } from './payment-methods.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: GpPaymentMethods) => el.shadowRoot!;
const methods = (el: GpPaymentMethods) => [...root(el).querySelectorAll<HTMLElement>('[part="method"]')];
const labels = (el: GpPaymentMethods) => methods(el).map((m) => m.querySelector('strong')!.textContent!.trim());
const button = (scope: ParentNode, text: string) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text);
const auth = async () => `Bearer ${(await (await fetch('/__test/token?tenant=acme&roles=billing')).json()).token}`;

/** The host's saved methods, as the world has them. */
const saved = async () => {
  const doc = await (await fetch('/api/v1/payment-methods', { headers: { authorization: await auth() } })).json();
  return doc.data.map(
    (m: { attributes: { label: string; isDefault: boolean } }) => `${m.attributes.label}${m.attributes.isDefault ? ' (default)' : ''}`,
  );
};
const autopay = async () => (await (await fetch('/api/v1/autopay', { headers: { authorization: await auth() } })).json()).data.attributes;

/** Saves a method the way a browser does: a setup confirmed in the test gateway's fields, then its id. */
const saveVia = async (number: string, kind = 'card', makeDefault = false) => {
  const headers = { 'content-type': 'application/vnd.api+json', authorization: await auth() };
  const setup = (await (await fetch('/api/v1/payment-setups', { method: 'POST', headers })).json()).data;
  await fetch('/payments/test/confirm', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number, kind }),
  });
  const res = await fetch('/api/v1/payment-methods', {
    method: 'POST',
    headers,
    body: JSON.stringify({ data: { type: 'payment-methods', attributes: { gatewayToken: setup.id, makeDefault } } }),
  });
  return (await res.json()).data.id as string;
};

/** Opens the add form and types `number` into the test gateway's own field. */
const typeNewCard = async (el: GpPaymentMethods, number: string) => {
  if (!root(el).querySelector('[part="add-form"]')) button(root(el), 'Add a card or bank account')!.click();
  const field = () => root(el).querySelector<HTMLInputElement>('[part="gateway-fields"] input[name="number"]');
  await until(field, "the gateway's fields");
  field()!.value = number;
  await until(() => !root(el).querySelector<HTMLButtonElement>('[part="add-form"] button[type="submit"]')!.disabled, 'save enabled');
};

describe('gp-payment-methods', () => {
  beforeEach(() => fetch('/__test/billing/reset', { method: 'POST' }));

  it("adds a card in the gateway's fields; a declined one is never saved nor made default", async () => {
    const { el } = await mount<GpPaymentMethods>(html`<gp-payment-methods></gp-payment-methods>`, { roles: 'billing' });
    await until(() => root(el).textContent!.includes('No saved cards'), 'empty');
    await typeNewCard(el, '4000 0000 0000 0002');
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLFormElement>('[part="add-form"]')!.requestSubmit();
    await until(() => root(el).querySelector('.notice.error')?.textContent?.includes('declined'), 'the decline in words');
    expect(await saved()).to.deep.equal([]);
    expect(methods(el)).to.have.length(0);
    // Fresh fields for the next try; the first saved method is the default.
    await typeNewCard(el, '4242 4242 4242 4242');
    root(el).querySelector<HTMLFormElement>('[part="add-form"]')!.requestSubmit();
    await until(() => methods(el).length === 1, 'saved');
    expect(labels(el)).to.deep.equal(['Visa •••• 4242']);
    expect(methods(el)[0]!.querySelector('[part="default-badge"]')!.textContent).to.equal('Default');
    expect(methods(el)[0]!.textContent).to.match(/Expires 12\/2034/);
    expect(await saved()).to.deep.equal(['Visa •••• 4242 (default)']);
  });

  it('makes another method the default; removing the autopay method asks first, then turns autopay off', async () => {
    await saveVia('4242424242424242', 'card', true);
    const master = await saveVia('5555555555554444');
    await fetch('/api/v1/autopay', {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.api+json', authorization: await auth() },
      body: JSON.stringify({ data: { type: 'autopay', attributes: { enabled: true, paymentMethodId: master } } }),
    });
    const { el } = await mount<GpPaymentMethods>(html`<gp-payment-methods></gp-payment-methods>`, { roles: 'billing' });
    await until(() => methods(el).length === 2, 'two methods');
    const row = () => methods(el).find((m) => m.dataset.id === master)!;
    button(row(), 'Make default')!.click();
    await until(() => row().querySelector('[part="default-badge"]'), 'default moved');
    expect(await saved()).to.deep.equal(['Visa •••• 4242', 'Mastercard •••• 4444 (default)']);
    button(row(), 'Remove')!.click();
    await until(() => root(el).querySelector('[part="confirm-remove"]'), 'asks first');
    expect(root(el).querySelector('[part="confirm-remove"]')!.textContent).to.contain('turns automatic payment off');
    expect(await saved()).to.have.length(2, 'nothing removed before the answer');
    await expect(el).to.be.accessible();
    button(root(el).querySelector('[part="confirm-remove"]')!, 'Remove and turn off automatic payment')!.click();
    await until(() => methods(el).length === 1, 'removed');
    expect(await saved()).to.deep.equal(['Visa •••• 4242 (default)']);
    expect((await autopay()).enabled).to.equal(false);
    expect(root(el).querySelector('[part="autopay"]')!.textContent).to.contain('Off.');
  });

  it('autopay with a SEPA account shows which method, when, how much and the mandate, and waits for consent', async () => {
    await saveVia('DE89370400440532013000', 'sepa_debit', true);
    const { el } = await mount<GpPaymentMethods>(html`<gp-payment-methods creditor="Nimbus Hosting GmbH"></gp-payment-methods>`, {
      roles: 'billing',
    });
    await until(() => methods(el).length === 1, 'the account');
    expect(labels(el)[0]).to.match(/SEPA/);
    button(root(el).querySelector('[part="autopay"]')!, 'Turn on…')!.click();
    await until(() => root(el).querySelector('[part="consent"]'), 'consent');
    const consent = root(el).querySelector('[part="consent"]')!.textContent!;
    expect(consent).to.contain(labels(el)[0]!);
    expect(consent).to.match(/The first charge: €[\d.,]+ on /);
    // The day and amount are the host's (its clock), not the browser's.
    const first = (await autopay()).firstCharge;
    expect(consent).to.contain(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${first.on}T00:00:00Z`)),
    );
    expect(consent).to.contain(
      new Intl.NumberFormat('en', { style: 'currency', currency: first.amounts[0].currency }).format(first.amounts[0].amount / 100),
    );
    const mandate = root(el).querySelector('[part="mandate"]')!.textContent!;
    expect(mandate).to.contain('you authorise (A) Nimbus Hosting GmbH').and.contain('(B) your bank to debit').and.contain('within 8 weeks');
    expect((await autopay()).enabled).to.equal(false, 'nothing on before consent');
    await expect(el).to.be.accessible();
    button(root(el).querySelector('[part="consent"]')!, 'I authorise these debits')!.click();
    await until(() => root(el).querySelector('[part="autopay"] .status')!.textContent!.startsWith('On:'), 'on');
    expect(await autopay()).to.deep.include({ enabled: true });
    button(root(el).querySelector('[part="autopay"]')!, 'Turn off')!.click();
    await until(() => root(el).querySelector('[part="autopay"] .status')!.textContent!.startsWith('Off.'), 'off');
    expect((await autopay()).enabled).to.equal(false);
  });

  it('reads only without the billing role, and says why', async () => {
    await saveVia('4242424242424242', 'card', true);
    const { el } = await mount<GpPaymentMethods>(html`<gp-payment-methods></gp-payment-methods>`, { roles: 'customer' });
    await until(() => methods(el).length === 1, 'listed');
    expect(root(el).querySelectorAll('[part="method"] button')).to.have.length(0);
    expect(root(el).textContent).to.contain('needs the billing role');
    await expect(el).to.be.accessible();
  });

  it('speaks German, with the SEPA mandate in German words, at 390px', async () => {
    await saveVia('DE89370400440532013000', 'sepa_debit', true);
    const { el } = await mount<GpPaymentMethods>(
      html`<gp-payment-methods style="width: 390px" creditor="Nimbus Hosting GmbH"></gp-payment-methods>`,
      { roles: 'billing', locale: 'de' },
    );
    await until(() => methods(el).length === 1, 'the account');
    expect(root(el).textContent).to.contain('Zahlungsmethoden').and.contain('Standard');
    expect(labels(el)).to.deep.equal(['SEPA-Bankkonto •••• 3000']);
    button(root(el).querySelector('[part="autopay"]')!, 'Einschalten…')!.click();
    await until(() => root(el).querySelector('[part="mandate"]'), 'mandate');
    expect(root(el).querySelector('[part="mandate"]')!.textContent)
      .to.contain('Ich ermächtige Nimbus Hosting GmbH')
      .and.contain('innerhalb von acht Wochen');
    expect(root(el).querySelector('[part="consent"]')!.textContent).to.match(/Die erste Abbuchung: [\d.,]+\s€ am/);
    expect(el.scrollWidth).to.be.at.most(390);
    await expect(el).to.be.accessible();
  });
});
