import { expect, html } from '@open-wc/testing';
import './contact-matrix.js';
import type { GpContactMatrix } from './contact-matrix.component.js';
import { mount, until } from '../test/helpers.js';

describe('gp-contact-matrix', () => {
  it('shows whom to contact now for the urgency, with phone links, and the contacts', async () => {
    const { el } = await mount<GpContactMatrix>(html`<gp-contact-matrix></gp-contact-matrix>`);
    await until(() => el.shadowRoot!.querySelector('[part="now"] .first'), 'answer');
    const now = el.shadowRoot!.querySelector('[part="now"]')!;
    expect(now.textContent).to.contain('Inside service hours');
    expect(now.querySelector('.first')!.textContent).to.contain('Service Desk');
    expect(now.querySelector('a[href="tel:+49305550100"]')).to.exist;
    expect(now.querySelector('ol')!.textContent).to.contain('15 minutes');
    expect(el.shadowRoot!.querySelectorAll('[part="contacts"] tbody tr').length).to.equal(2);
    await expect(el).to.be.accessible();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('#urgency')!;
    select.value = 'minor';
    select.dispatchEvent(new Event('change'));
    await until(() => !el.shadowRoot!.querySelector('[part="now"] ol'), 'minor has a one-step path');
  });
});
