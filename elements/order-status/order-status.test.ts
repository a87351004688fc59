import { expect, html } from '@open-wc/testing';
import './order-status.js';
import type { GpOrderStatus } from './order-status.component.js';
import { mount, until } from '../test/helpers.js';
import { api, placeOrder, review } from '../test/orders.js';

const root = (el: Element) => el.shadowRoot!;
const button = (el: Element, text: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!;

describe('gp-order-status', () => {
  beforeEach(() => fetch('/__test/orders/reset', { method: 'POST' }));

  it('walks a hardware refresh: label, tracking, wipe confirmation, receipt', async () => {
    const order = await placeOrder({ type: 'refresh', serviceId: 'memcloud:a2', planId: 'ded-g2' });
    await review(order.id, { action: 'approve', message: 'The new server ships tomorrow.' });
    const { el } = await mount<GpOrderStatus>(html`<gp-order-status></gp-order-status>`, { roles: 'customer,billing,technical' });
    await until(() => root(el).querySelector('[part="delivery"]'), 'order listed with its delivery');
    expect(root(el).querySelector('[part="delivery"]')!.textContent).to.contain('being prepared for shipping');
    await review(order.id, { action: 'ship', carrier: 'DHL Freight', trackingNumber: 'JD0146000062' });
    await until(
      () => root(el).querySelector('[part="delivery"]')!.textContent!.includes('DHL Freight, tracking number JD0146000062'),
      'the shipment shows live',
    );
    expect(root(el).querySelector('[aria-current="step"]')!.textContent).to.equal('New device on its way');
    await expect(el).to.be.accessible();
    await review(order.id, { action: 'delivered' });
    await until(() => root(el).querySelector('[aria-current="step"]')?.textContent === 'Waiting for the device to come back', 'delivered');
    const card = root(el).querySelector('[part="order"]')!;
    expect(card.querySelector('[aria-current="step"]')!.textContent).to.equal('Waiting for the device to come back');
    expect(card.querySelectorAll('[part="progress"] li.done').length).to.equal(
      5,
      'submitted, with the account manager, approved, set up, new device delivered',
    );
    expect(card.querySelector('[part="delivery"]')!.textContent).to.contain('was delivered on');
    expect(card.textContent).to.contain('The new server ships tomorrow.').and.contain('tracking number GP');
    await expect(el).to.be.accessible();

    button(el, 'Confirm erasure').click();
    await el.updateComplete;
    expect(root(el).textContent, 'not without the box ticked').to.contain('Tick the box to confirm.');
    root(el).querySelector<HTMLInputElement>('[part="todo"] input[type="checkbox"]')!.click();
    root(el).querySelector<HTMLTextAreaElement>('[part="todo"] textarea')!.value = 'Secure erase from the BIOS';
    button(el, 'Confirm erasure').click();
    await until(() => root(el).textContent!.includes('Erasure confirmed by test@example.com'), 'attested');
    expect(button(el, 'Download the return label (PDF)')).to.exist;

    await review(order.id, { action: 'device-received' });
    await until(() => root(el).querySelector('[aria-current="step"]')?.textContent === 'Device received', 'moved live, without a reload');
    await expect(el).to.be.accessible();
  });

  it('cancels an order in review, and says why a customer without the billing role cannot', async () => {
    await placeOrder({ type: 'upgrade', serviceId: 'memcloud:a1', planId: 'vps-l', note: 'Bigger' });
    const down = await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a2', planId: 'ded-g1' }).catch(() => null);
    void down;
    const order = await placeOrder({ type: 'addon', serviceId: 'memcloud:a1', addonIds: ['backup'] });
    expect(order.attributes.state).to.equal('completed');
    const inReview = await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a1', planId: 'vps-m' });
    expect(inReview.attributes.state).to.equal('in_review');

    const { el: viewer } = await mount<GpOrderStatus>(html`<gp-order-status></gp-order-status>`, { roles: 'customer' });
    await until(() => root(viewer).querySelectorAll('[part="order"]').length === 3, 'three orders');
    expect(button(viewer, 'Cancel order'), 'no cancel without billing').to.equal(undefined);

    const { el } = await mount<GpOrderStatus>(html`<gp-order-status></gp-order-status>`, { roles: 'customer,billing' });
    await until(() => button(el, 'Cancel order'), 'cancel offered');
    button(el, 'Cancel order').click();
    await until(() => root(el).querySelector('[part="confirm-cancel"]'), 'asks first');
    const question = root(el).querySelector('[part="confirm-cancel"]')!;
    expect(question.textContent).to.contain(`Cancel ${inReview.attributes.number} (Downgrade of web-01)?`).and.contain('nothing to refund');
    expect(root(el).textContent, 'nothing cancelled yet').not.to.contain('The order was cancelled.');
    await expect(el).to.be.accessible();
    button(el, 'Keep the order').click();
    await until(() => !root(el).querySelector('[part="confirm-cancel"]'), 'kept');
    button(el, 'Cancel order').click();
    await until(() => root(el).querySelector('[part="confirm-cancel"]'), 'asks again');
    button(el, 'Yes, cancel the order').click();
    await until(() => root(el).textContent!.includes('The order was cancelled.'), 'cancelled');
    const stored = await api('GET', `/orders/${inReview.id}`, 'customer');
    expect(stored.data.attributes.state, 'cancelled at the host').to.equal('cancelled');
    // The list is read again after the answer: the order's state follows a moment later.
    await until(() => root(el).textContent!.includes('Cancelled'), 'the order shows as cancelled');
  });

  it('speaks German and has an empty state', async () => {
    const { el } = await mount<GpOrderStatus>(html`<gp-order-status></gp-order-status>`, { locale: 'de' });
    await until(() => root(el).textContent!.includes('Noch keine Bestellungen'), 'empty state in German');
    await expect(el).to.be.accessible();
  });
});
