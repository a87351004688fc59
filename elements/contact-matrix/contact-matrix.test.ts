import { expect, html } from '@open-wc/testing';
import './contact-matrix.js';
import type { GpContactMatrix } from './contact-matrix.component.js';
import { mount, until } from '../test/helpers.js';
import { en } from '../core/shared-messages.js';
import { de } from '../core/shared-messages.de.js';

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

  it('names the ITIL roles in German', async () => {
    const { el } = await mount<GpContactMatrix>(html`<gp-contact-matrix></gp-contact-matrix>`, { locale: 'de' });
    await until(() => el.shadowRoot!.querySelector('[part="contacts"] tbody tr'), 'contacts');
    const roles = [...el.shadowRoot!.querySelectorAll('[part="contacts"] tbody tr')].map((tr) =>
      tr.querySelector('td[data-label="Rolle"]')!.textContent!.trim(),
    );
    expect(roles).to.deep.equal(['Servicedesk', 'Serviceverantwortliche(r)']);
    await until(() => el.shadowRoot!.querySelector('[part="now"] .first'), 'whom to contact now');
    expect(el.shadowRoot!.querySelector('[part="now"] .first')!.textContent).to.contain('Nimbus Servicedesk (Servicedesk)');
    // Every role has its own German words: none is the English ITIL name.
    const english: string[] = Object.values(en.contactRole);
    expect(Object.values(de.contactRole).filter((r) => english.includes(r))).to.deep.equal([]);
  });
});
