import { expect, html, oneEvent } from '@open-wc/testing';
import './order-review.js';
import type { GpOrderReview } from './order-review.component.js';
import { mount, until } from '../test/helpers.js';
import { api, placeOrder } from '../test/orders.js';

const root = (el: Element) => el.shadowRoot!;
const button = (scope: ParentNode, text: string) =>
  [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!;

describe('gp-order-review', () => {
  beforeEach(() => fetch('/__test/orders/reset', { method: 'POST' }));

  it('re-codes a mistyped order, the coding follows, then approves it', async () => {
    const order = await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a1', planId: 'vps-m', note: 'Need more CPU' });
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff' });
    await until(() => root(el).querySelector('[part="order"]'), 'queued');
    const card = () => root(el).querySelector('[part="order"]')!;
    expect(card().textContent)
      .to.contain('Ordered as: Downgrade')
      .and.contain('The change does not match the kind of order the customer chose.')
      .and.contain('Need more CPU');
    expect(card().textContent).to.contain('Today: VPS S');
    expect(card().querySelector('[part="mrr"]')!.textContent).to.equal('Monthly revenue: €20.00 → €40.00 (+€20.00)');
    const code = card().querySelector('tbody .badge')!;
    expect([code.textContent, code.getAttribute('title')], 'the revenue code in words, the code for finance in its title').to.deep.equal([
      'Expansion',
      'expansion',
    ]);
    await expect(el).to.be.accessible();

    const select = card().querySelector('select')!;
    select.value = 'upgrade';
    button(card(), 'Correct').click();
    await until(() => card().textContent!.includes('Coded as: Upgrade'), 're-coded');
    expect(card().textContent).not.to.contain('does not match');

    const reviewed = oneEvent(el, 'gp-order-reviewed');
    button(card(), 'Approve').click();
    // The customer asked for a downgrade, which takes effect at the end of the paid period: the
    // re-coded order keeps that effect (and its price), so it waits approved for its date.
    expect((await reviewed).detail).to.deep.equal({ id: order.id, action: 'approve', state: 'approved' });
    const after = await api('GET', `/orders/${order.id}`, 'customer');
    expect([after.data.attributes.requestedType, after.data.attributes.type]).to.deep.equal(['downgrade', 'upgrade']);
    // Waiting for its date it stays in the queue, where staff can still cancel it, after a question.
    await until(() => card().querySelector('.badge')!.textContent === 'Approved', 'scheduled, still queued');
    button(card(), 'Cancel order').click();
    await until(() => card().querySelector('[part="confirm-cancel"]'), 'asks first');
    expect(card().querySelector('[part="confirm-cancel"]')!.textContent)
      .to.contain(`Cancel ${order.attributes.number} (Upgrade of web-01)?`)
      .and.contain('nothing to refund');
    await expect(el).to.be.accessible();
    button(card(), 'Yes, cancel the order').click();
    await until(() => root(el).textContent!.includes('Nothing waits for you'), 'queue empty');
    const cancelled = await api('GET', `/orders/${order.id}`, 'customer');
    expect([cancelled.data.attributes.state, cancelled.data.attributes.scheduledFor]).to.deep.equal(['cancelled', null]);
  });

  it('needs a message to decline, and answers a question from the wizard', async () => {
    await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a2', planId: 'ded-g1' }).catch(() => undefined);
    await placeOrder({ type: 'refresh', serviceId: 'memcloud:a2' });
    await api('POST', '/escalations', 'customer', {
      data: { type: 'escalations', attributes: { step: 'plan', selection: { type: 'upgrade', planId: 'vps-l' }, note: 'Is L enough?' } },
    });
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff' });
    await until(() => root(el).querySelectorAll('[part="order"]').length === 2, 'an order and a question');
    const [order, question] = [...root(el).querySelectorAll('[part="order"]')];
    button(order!, 'Decline').click();
    await el.updateComplete;
    expect(order!.textContent).to.contain('Write the message first.');
    expect(question!.textContent).to.contain('Is L enough?').and.contain('planId: vps-l');
    question!.querySelector('textarea')!.value = 'Yes, L is plenty.';
    button(question!, 'Send answer').click();
    await until(() => root(el).querySelectorAll('[part="order"]').length === 1, 'answered question leaves the queue');
    await expect(el).to.be.accessible();
  });

  it("records the new device's shipment and delivery of a hardware refresh; the contract moves only then", async () => {
    const order = await placeOrder({ type: 'refresh', serviceId: 'memcloud:a2', planId: 'ded-g2' });
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff' });
    await until(() => root(el).querySelector('[part="order"]'), 'queued');
    button(root(el).querySelector('[part="order"]')!, 'Approve').click();
    await until(() => root(el).querySelector('[part="delivery"]'), 'waits for the new device');
    const delivery = () => root(el).querySelector('[part="delivery"]')!;
    expect(button(delivery(), 'Delivered: move the contract').disabled, 'not before the shipment is entered').to.be.true;
    await expect(el).to.be.accessible();
    button(delivery(), 'Save shipment').click();
    await el.updateComplete;
    expect(delivery().textContent).to.contain('Enter both the carrier and the tracking number.');
    const [carrier, tracking] = [...delivery().querySelectorAll('input')];
    carrier!.value = 'DHL Freight';
    tracking!.value = 'JD0146000062';
    button(delivery(), 'Save shipment').click();
    await until(() => !button(delivery(), 'Delivered: move the contract').disabled, 'shipment saved');
    const plan = async () =>
      (await api('GET', '/service-plans', 'customer')).data.find((p: any) => p.id === 'memcloud:a2').attributes.planId;
    expect(await plan(), 'on its way: the old model').to.equal('ded-g1');
    button(delivery(), 'Delivered: move the contract').click();
    await until(() => root(el).textContent!.includes('Waiting for the device: '), 'the return starts');
    expect(await plan(), 'delivered: the new model').to.equal('ded-g2');
    const stored = (await api('GET', `/orders/${order.id}`, 'customer')).data.attributes;
    expect([stored.state, stored.delivery.carrier, stored.delivery.trackingNumber, !!stored.delivery.deliveredAt]).to.deep.equal([
      'awaiting_device_return',
      'DHL Freight',
      'JD0146000062',
      true,
    ]);
  });

  it('schedules the day an order takes effect, and needs the day first', async () => {
    const order = await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a1', planId: 'vps-xs' });
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff' });
    await until(() => root(el).querySelector('[part="order"]'), 'queued');
    const card = () => root(el).querySelector('[part="order"]')!;
    expect(card().querySelector('[part="mrr"]')!.textContent).to.equal('Monthly revenue: €20.00 → €10.00 (−€10.00)');
    button(card(), 'Schedule').click();
    await el.updateComplete;
    expect(card().textContent).to.contain('Choose the day first.');
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    card().querySelector<HTMLInputElement>('input[type="date"]')!.value = day;
    button(card(), 'Schedule').click();
    await until(() => card().querySelector('.badge')?.textContent === 'Approved', 'approved for the day');
    expect(card().textContent).to.contain('Takes effect');
    await expect(el).to.be.accessible();
    const stored = (await api('GET', `/orders/${order.id}`, 'customer')).data.attributes;
    expect([stored.state, stored.scheduledFor]).to.deep.equal(['approved', `${day}T00:00:00.000Z`]);
  });

  it('shows no permission to a customer, and speaks German', async () => {
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'customer' });
    await until(
      () => root(el).textContent!.includes('could not be loaded: Your account does not have permission to see this.'),
      'forbidden',
    );
    const { el: de } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff', locale: 'de' });
    await until(() => root(de).textContent!.includes('Für dieses Konto wartet nichts auf Sie.'), 'German');
  });

  it("names revenue codes and the lines' columns in words, in English and German", async () => {
    // Mistyped, so it waits for review.
    await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a1', planId: 'vps-m', note: 'Mehr CPU' });
    const columns = (el: Element) => [...root(el).querySelectorAll('[part="order"] thead th')].map((th) => th.textContent!.trim());
    const { el } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff', locale: 'de' });
    await until(() => root(el).querySelector('[part="order"] tbody .badge'), 'queued');
    expect(root(el).querySelector('[part="order"] tbody .badge')!.textContent).to.equal('Erweiterung');
    // No finance shorthand ("Δ MRR") as a heading, in either language.
    expect(columns(el)).to.deep.equal(['Position', 'Umsatzart', 'Monatliche Änderung', 'Jetzt fällig']);
    const { el: en } = await mount<GpOrderReview>(html`<gp-order-review></gp-order-review>`, { roles: 'staff' });
    await until(() => root(en).querySelector('[part="order"] thead th'), 'queued in English');
    expect(columns(en)).to.deep.equal(['Line', 'Revenue code', 'Monthly change', 'Due now']);
  });

  it('on a phone the lines become cards, every amount labelled and whole', async () => {
    await placeOrder({ type: 'downgrade', serviceId: 'memcloud:a1', planId: 'vps-m', note: 'Mehr CPU' });
    const { provider } = await mount<GpOrderReview>(html`<div style="inline-size: 320px"><gp-order-review></gp-order-review></div>`, {
      roles: 'staff',
      locale: 'de',
    });
    const el = provider.querySelector('gp-order-review')!;
    await until(() => root(el).querySelector('[part="order"] tbody td.num'), 'queued');
    const box = el.getBoundingClientRect();
    const cells = [...root(el).querySelectorAll<HTMLElement>('[part="order"] tbody td')];
    for (const cell of cells) expect(cell.getBoundingClientRect().right, cell.dataset.label).to.be.at.most(box.right + 1);
    const amount = root(el).querySelector<HTMLElement>('[part="order"] tbody td.num')!;
    expect(getComputedStyle(amount, '::before').content).to.equal('"Monatliche Änderung"');
    // The label above, the amount on one line below it: the sign stays with its digits.
    const lineHeight = parseFloat(getComputedStyle(amount).lineHeight);
    expect(amount.getBoundingClientRect().height, amount.textContent!).to.be.below(2.5 * lineHeight);
    await expect(el).to.be.accessible();
  });
});
