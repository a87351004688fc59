import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './help-now.js';
import type { GpHelpNow } from './help-now.component.js';
import { mount, until } from '../test/helpers.js';

const T0 = new Date('2026-11-24T02:55:00Z');

describe('gp-help-now', () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('one tap shows whom to call for a blocker: tel: link, hours, zone, and the escalation countdown', async () => {
    const { el } = await mount<GpHelpNow>(html`<gp-help-now></gp-help-now>`);
    let now = T0;
    el.now = () => now;
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="toggle"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    toggle.click();
    await until(() => el.shadowRoot!.querySelector('[part="phone"]'), 'the number to call');
    const phone = el.shadowRoot!.querySelector<HTMLAnchorElement>('[part="phone"]')!;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(phone.getAttribute('href')).to.equal('tel:+49305550100');
    expect(phone.textContent).to.equal('+49 30 5550 100');
    const panel = el.shadowRoot!.querySelector('[part="panel"]')!;
    expect(panel.textContent).to.contain('Europe/Berlin');
    expect(panel.textContent).to.contain('Mon–Sun 00:00–23:59');
    // The name says the role already: it is not repeated.
    expect(panel.textContent!.match(/Service Desk/g)!.length).to.equal(1);
    const next = panel.querySelector('.next')!;
    expect(next.textContent).to.contain('(in 15 minutes)');
    expect(next.textContent).to.contain('Sabine Kraus');
    expect(next.textContent).to.contain('Service Delivery Manager');
    expect(next.querySelector('a[href="tel:+49305550142"]')).to.exist;
    await expect(el).to.be.accessible();

    now = new Date(T0.getTime() + 10 * 60_000);
    el.requestUpdate();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.next')!.textContent).to.contain('(in 5 minutes)');
    now = new Date(T0.getTime() + 16 * 60_000);
    el.requestUpdate();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.next')!.textContent).to.contain('No answer yet? Call now:');
  });

  it('at 390 px the number is whole on one line; Escape closes and returns focus', async () => {
    await setViewport({ width: 390, height: 800 });
    const { el } = await mount<GpHelpNow>(html`<gp-help-now open></gp-help-now>`);
    await until(() => el.shadowRoot!.querySelector('[part="phone"]'), 'the number');
    const phone = el.shadowRoot!.querySelector<HTMLAnchorElement>('[part="phone"]')!;
    const r = phone.getBoundingClientRect();
    expect(r.right).to.be.at.most(390);
    expect(r.left).to.be.at.least(0);
    expect(phone.scrollWidth).to.be.at.most(phone.clientWidth + 1);
    expect(phone.getClientRects().length, 'one line').to.equal(1);
    el.shadowRoot!.querySelector('[part="panel"]')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await until(() => !el.open, 'closed');
    await until(() => el.shadowRoot!.activeElement?.getAttribute('part') === 'toggle', 'focus back on the button');
  });

  it('speaks German', async () => {
    const { el } = await mount<GpHelpNow>(html`<gp-help-now open .now=${() => T0}></gp-help-now>`, { locale: 'de' });
    await until(() => el.shadowRoot!.querySelector('.next'), 'answer');
    expect(el.shadowRoot!.querySelector('[part="toggle"]')!.textContent).to.equal('Hilfe jetzt');
    expect(el.shadowRoot!.querySelector('.next')!.textContent).to.contain('Minuten');
    expect(el.shadowRoot!.querySelector('[part="panel"]')!.textContent).to.contain('Mo–So 00:00–23:59');
  });
});
