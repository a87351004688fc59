import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './upgrade-wizard.js';
import type { GpUpgradeWizard } from './upgrade-wizard.component.js';
import { mount, token, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const button = (el: Element, text: string) =>
  [...root(el).querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!;
const pick = async (el: GpUpgradeWizard, selector: string) => {
  const input = root(el).querySelector<HTMLInputElement>(selector)!;
  input.click();
  await el.updateComplete;
};
const BUYER = 'customer,billing,technical';

describe('gp-upgrade-wizard', () => {
  beforeEach(() => fetch('/__test/orders/reset', { method: 'POST' }));

  it('goes from a tile to a placed upgrade: service, plan against usage, prorated price', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard></gp-upgrade-wizard>`, { roles: BUYER });
    expect(root(el).querySelectorAll('[part="tile"]').length).to.equal(5);
    expect(root(el).textContent).to.contain('Your service runs at its limits');
    await expect(el).to.be.accessible();

    button(el, 'Next').click();
    await el.updateComplete;
    expect(root(el).textContent, 'nothing chosen yet').to.contain('Choose one to continue.');

    await pick(el, 'input[value="upgrade"]');
    button(el, 'Next').click();
    await until(() => root(el).querySelector('input[name="service"]'), 'services listed');
    expect(root(el).textContent).to.contain('web-01');
    await pick(el, 'input[value="memcloud:a1"]');
    button(el, 'Next').click();

    await until(() => root(el).querySelector('[part="comparison"]'), 'plans compared');
    const rows = [...root(el).querySelectorAll('[part="comparison"] tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' '));
    expect(rows[0]).to.contain('Your plan today: VPS S');
    expect(rows[1]).to.contain('VPS M').and.contain('Recommended').and.contain('Fits your usage');
    expect(root(el).querySelector<HTMLInputElement>('input[value="vps-m"]')!.checked, 'the plan that fits is preselected').to.be.true;
    await expect(el).to.be.accessible();

    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="summary"]'), 'quote shown');
    const summary = root(el).querySelector('[part="summary"]')!.textContent!;
    expect(summary).to.contain('VPS S → VPS M').and.contain('Due now, prorated to');
    await expect(el).to.be.accessible();

    const placed = oneEvent(el, 'gp-order-placed');
    button(el, 'Place order').click();
    const { detail } = await placed;
    expect(detail.number).to.match(/^ORD-\d+$/);
    expect(detail.state).to.equal('completed');
    await until(() => root(el).textContent!.includes(`Order ${detail.number} was placed.`), 'confirmation');
  });

  it('a plan change that resizes the server asks for consent to the restart and when, and sends both', async () => {
    await fetch('/__test/orders/resize-plans', { method: 'POST' });
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1"></gp-upgrade-wizard>`, {
      roles: BUYER,
    });
    await until(() => root(el).querySelector('input[value="vps-m"]'), 'plans listed');
    await pick(el, 'input[value="vps-m"]');
    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="reboot"]'), 'restart consent shown');
    expect(button(el, 'Place order').disabled, 'not without consent').to.be.true;
    expect(root(el).textContent).to.contain('Agree to the restart to place the order.');
    await expect(el).to.be.accessible();
    await pick(el, '[part="reboot"] input[type="checkbox"]');
    await pick(el, 'input[name="window"][value="tonight"]');
    expect(button(el, 'Place order').disabled).to.be.false;
    const placed = oneEvent(el, 'gp-order-placed');
    button(el, 'Place order').click();
    const { detail } = await placed;
    const { token: t } = await token('acme', BUYER);
    const order = ((await (await fetch(`/api/v1/orders/${detail.id}`, { headers: { authorization: `Bearer ${t}` } })).json()) as any).data
      .attributes;
    expect([order.acceptReboot, order.window, order.providerAction?.kind]).to.deep.equal([true, 'tonight', 'resize']);
    expect(order.state, 'waits for tonight').to.equal('approved');

    // Until tonight it can be withdrawn, after a question that says what happens to the money.
    await until(() => button(el, 'Cancel this order'), 'cancel offered');
    button(el, 'Cancel this order').click();
    await until(() => root(el).querySelector('[part="confirm-cancel"]'), 'asks first');
    expect(root(el).querySelector('[part="confirm-cancel"]')!.textContent)
      .to.contain('(Upgrade of web-01)?')
      .and.contain('is not charged')
      .and.contain('nothing to refund');
    await expect(el).to.be.accessible();
    button(el, 'Yes, cancel the order').click();
    await until(() => root(el).textContent!.includes(`Order ${detail.number} was cancelled.`), 'cancelled');
    const after = ((await (await fetch(`/api/v1/orders/${detail.id}`, { headers: { authorization: `Bearer ${t}` } })).json()) as any).data
      .attributes;
    expect([after.state, after.scheduledFor]).to.deep.equal(['cancelled', null]);
    expect(button(el, 'Cancel this order'), 'nothing left to cancel').to.equal(undefined);
  });

  it('a downgrade offers now (credited) or the end of the paid period, and the host stores the one chosen', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="downgrade" service="memcloud:a1"></gp-upgrade-wizard>`, {
      roles: BUYER,
    });
    await until(() => root(el).querySelector('input[value="vps-xs"]'), 'smaller plan listed');
    await pick(el, 'input[value="vps-xs"]');
    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="effective"]'), 'timing offered');
    const choice = root(el).querySelector('[part="effective"]')!.textContent!.replace(/\s+/g, ' ');
    expect(choice)
      .to.contain('At the end of the paid period')
      .and.contain('nothing is credited')
      .and.match(/Now: €\d+\.\d\d for the unused part is credited/);
    expect(
      root(el).querySelector<HTMLInputElement>('input[name="effective"][value="period_end"]')!.checked,
      'the period end is the default',
    ).to.be.true;
    await expect(el).to.be.accessible();
    await pick(el, 'input[name="effective"][value="now"]');
    await until(() => root(el).querySelector('[part="summary"]')!.textContent!.includes('Credit until'), 'the summary follows the choice');
    const placed = oneEvent(el, 'gp-order-placed');
    button(el, 'Place order').click();
    const { detail } = await placed;
    const { token: t } = await token('acme', BUYER);
    const order = ((await (await fetch(`/api/v1/orders/${detail.id}`, { headers: { authorization: `Bearer ${t}` } })).json()) as any).data
      .attributes;
    expect(order.effective).to.equal('now');
    expect(order.dueNow, 'the unused part credited').to.be.below(0);
    expect(order.lines[0].itemId).to.equal('vps-xs');
  });

  it('add-ons of one group behave like a radio: ticking one unticks the other, and says so', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="addon" service="memcloud:a1"></gp-upgrade-wizard>`, {
      roles: BUYER,
    });
    await until(() => root(el).querySelector('input[value="dr-plus"]'), 'add-ons listed');
    await pick(el, 'input[value="ipv4"]');
    await pick(el, 'input[value="dr-plus"]');
    await pick(el, 'input[value="dr-pro"]');
    const ticked = [...root(el).querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].filter((i) => i.checked).map((i) => i.value);
    expect(ticked.sort()).to.deep.equal(['dr-pro', 'ipv4']);
    expect(root(el).querySelector('[role="status"]')!.textContent).to.contain('DR Pro chosen; DR Plus unticked');
    await expect(el).to.be.accessible();
    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="summary"]'), 'quote shown');
    expect(root(el).querySelector('[part="summary"]')!.textContent).to.contain('DR Pro').and.not.contain('DR Plus');
  });

  it('lists only the services an order type applies to: no certificate or domain for an upgrade', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="upgrade"></gp-upgrade-wizard>`, { roles: BUYER });
    await until(() => root(el).querySelector('input[name="service"]'), 'services listed');
    const names = [...root(el).querySelectorAll('input[name="service"]')].map((i) => (i as HTMLInputElement).value);
    expect(names).to.include('memcloud:a1').and.not.include('shop-cert');
  });

  it('a renewal lists the plan once and reviews the term price from the day after the term ends', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="renewal" service="memcloud:a1"></gp-upgrade-wizard>`, {
      roles: BUYER,
    });
    await until(() => root(el).querySelector('input[value="vps-s"]'), 'plan listed');
    expect(root(el).querySelectorAll('[part="comparison"] tbody tr').length, 'the plan once').to.equal(1);
    expect(root(el).querySelector<HTMLInputElement>('input[value="vps-s"]')!.checked).to.be.true;
    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="term"]'), 'term shown');
    const summary = root(el).querySelector('[part="summary"]')!.textContent!.replace(/\s+/g, ' ');
    expect(summary).to.contain('€20.00 / month').and.contain('12 months').and.contain('€240.00').and.not.contain('Due now');
    expect(summary).to.contain('Takes effect on').and.contain('2027');
    await expect(el).to.be.accessible();
  });

  it('a hardware refresh never offers the model the device has today, and says why', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="refresh" service="memcloud:a2"></gp-upgrade-wizard>`, {
      roles: BUYER,
    });
    await until(() => root(el).querySelector('input[value="ded-g2"]'), 'newer model listed');
    expect(root(el).querySelector('input[value="ded-g1"]'), 'not the same model').to.equal(null);
    expect(root(el).querySelector<HTMLInputElement>('input[value="ded-g2"]')!.checked, 'the newest preselected').to.be.true;
    expect(root(el).querySelector('[part="same-model"]')!.textContent).to.contain('your current Dedicated Gen 1 is not offered again');
    await expect(el).to.be.accessible();
  });

  it('opens from the usage gauge at the plan step with a plan that fits the metric', async () => {
    const { el } = await mount<GpUpgradeWizard>(
      html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1" metric="cpu"></gp-upgrade-wizard>`,
      { roles: BUYER },
    );
    await until(() => root(el).querySelector('input[value="vps-m"]'), 'plans');
    expect(root(el).querySelector('[aria-current="step"]')!.textContent).to.contain('Plan');
    expect(root(el).querySelector<HTMLInputElement>('input[value="vps-m"]')!.checked).to.be.true;
  });

  it('lets the portal stop an order: a cancelled gp-before-place-order places nothing and keeps the draft', async () => {
    const { el } = await mount<GpUpgradeWizard>(
      html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1" metric="cpu"></gp-upgrade-wizard>`,
      { roles: BUYER },
    );
    await until(() => root(el).querySelector('input[value="vps-m"]'), 'plans');
    button(el, 'Next').click();
    await until(() => root(el).querySelector('[part="summary"]'), 'quote shown');
    const asked: unknown[] = [];
    el.addEventListener('gp-before-place-order', (e) => {
      asked.push(e.detail);
      e.preventDefault();
    });
    let placed = 0;
    el.addEventListener('gp-order-placed', () => placed++);
    button(el, 'Place order').click();
    await until(() => asked.length === 1, 'the portal was asked');
    expect(asked[0]).to.deep.include({ type: 'upgrade', serviceId: 'memcloud:a1', planId: 'vps-m' });
    await el.updateComplete;
    expect(root(el).querySelector('[part="summary"]'), 'still at the summary, the draft kept').to.exist;
    expect(button(el, 'Place order').disabled).to.be.false;
    const { token: t } = await token('acme', BUYER);
    const orders = (await (await fetch('/api/v1/orders', { headers: { authorization: `Bearer ${t}` } })).json()) as { data: unknown[] };
    expect(orders.data, 'no order at the host').to.deep.equal([]);
    expect(placed).to.equal(0);
  });

  it('asks the account manager from any step with what was chosen, and explains a missing role', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard type="upgrade" service="memcloud:a1"></gp-upgrade-wizard>`, {
      roles: 'customer',
    });
    await until(() => root(el).querySelector('input[value="vps-m"]'), 'plans');
    button(el, 'Next').click();
    await until(() => root(el).textContent!.includes('needs the billing role'), 'role explained before a refused click');
    expect(button(el, 'Place order')).to.equal(undefined);

    button(el, 'Ask my account manager').click();
    await el.updateComplete;
    expect(root(el).querySelector('[part="ask"]')!.textContent).to.contain('Upgrade · web-01 · vps-m');
    const note = root(el).querySelector<HTMLTextAreaElement>('#ask-note')!;
    note.value = 'Can I get VPS M from next month instead?';
    note.dispatchEvent(new InputEvent('input'));
    await expect(el).to.be.accessible();
    const sent = oneEvent(el, 'gp-escalation-sent');
    button(el, 'Send question').click();
    expect((await sent).detail.step).to.equal('review');
    await until(() => root(el).textContent!.includes('has your question'), 'confirmed');
    const list = await (
      await fetch('/api/v1/escalations', { headers: { authorization: `Bearer ${(await token('acme', 'customer')).token}` } })
    ).json();
    expect(list.data[0].attributes.selection).to.deep.equal({ type: 'upgrade', serviceId: 'memcloud:a1', planId: 'vps-m' });
  });

  it('moves between tiles with the arrow keys, and speaks German', async () => {
    const { el } = await mount<GpUpgradeWizard>(html`<gp-upgrade-wizard></gp-upgrade-wizard>`, { roles: BUYER, locale: 'de' });
    expect(root(el).textContent).to.contain('Was möchten Sie tun?').and.contain('Hardware-Tausch');
    await pick(el, 'input[value="upgrade"]');
    root(el).querySelector<HTMLInputElement>('input[value="upgrade"]')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(root(el).querySelector<HTMLInputElement>('input[value="downgrade"]')!.checked).to.be.true;
    await expect(el).to.be.accessible();
  });
});
