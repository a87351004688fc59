import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './ticket-composer.js';
import type { GpTicketComposer } from './ticket-composer.component.js';
import { mount, until } from '../test/helpers.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const type = (el: Element, sel: string, value: string) => {
  const input = $<HTMLInputElement>(el, sel);
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
};

describe('gp-ticket-composer', () => {
  beforeEach(() => localStorage.removeItem('gp-ticket-draft'));

  it('suggests an article while typing, proposes an urgency with its reason, and opens the ticket', async () => {
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    type(el, '#f-subject', 'Forgot root password');
    type(el, '#f-description', 'I cannot log in to my server with the password anymore');
    await until(() => el.shadowRoot!.querySelector('[part="suggestions"]'), 'article suggested');
    expect($(el, '[part="suggestions"]').textContent).to.contain('Reset the root password of a server');
    expect(el.shadowRoot!.querySelector('[part="suggestions"] mark')).to.exist;

    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Help me choose')!.click();
    await el.updateComplete;
    const radio = (name: string, index: number) => {
      const r = el.shadowRoot!.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)[index]!;
      r.checked = true;
      r.dispatchEvent(new Event('change'));
    };
    radio('q-immediate', 0);
    radio('q-manyAffected', 1);
    radio('q-deadline', 0);
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Propose an urgency')!.click();
    await until(() => el.shadowRoot!.querySelector('#proposal'), 'proposal');
    expect($(el, '#proposal').textContent).to.contain('Proposed: Critical. We answer within 1 hour.');
    expect($(el, '#proposal').textContent).to.contain('It must be fixed now, though few people are affected.');
    await expect(el).to.be.accessible();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('#proposal button')][0]!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[name="urgency"][value="critical"]')!.checked).to.be.true;

    let created = '';
    el.addEventListener('gp-ticket-created', (e) => (created = e.detail.number));
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await until(() => created, 'ticket created');
    expect($(el, '.notice.success').textContent).to.contain(`Ticket ${created} was opened`);
    expect(localStorage.getItem('gp-ticket-draft')).to.equal(null);
  });

  it('lets the portal stop sending: a cancelled gp-before-send-ticket opens no ticket and keeps the draft', async () => {
    const { token } = await (await fetch('/__test/token?tenant=acme&roles=customer')).json();
    const count = async () =>
      (await (await fetch('/api/v1/tickets', { headers: { authorization: `Bearer ${token}` } })).json()).data.length as number;
    const tickets = await count();
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    type(el, '#f-subject', 'Mail bounces');
    type(el, '#f-description', 'Every mail to example.org bounces since this morning');
    const low = el.shadowRoot!.querySelector<HTMLInputElement>('input[name="urgency"][value="minor"]')!;
    low.checked = true;
    low.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    const asked: unknown[] = [];
    el.addEventListener('gp-before-send-ticket', (e) => {
      asked.push(e.detail);
      e.preventDefault();
    });
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await until(() => asked.length === 1, 'the portal was asked');
    expect(asked[0]).to.deep.equal({ subject: 'Mail bounces', urgency: 'minor', serviceId: null });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.notice.success')).to.equal(null);
    expect($<HTMLInputElement>(el, '#f-subject').value, 'the draft stays').to.equal('Mail bounces');
    expect(await count(), 'no ticket at the host').to.equal(tickets);
  });

  it('keeps the draft across a reload and refuses an empty ticket with the fields marked', async () => {
    const first = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    type(first.el, '#f-subject', 'Half-written');
    const again = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    expect($<HTMLInputElement>(again.el, '#f-subject').value).to.equal('Half-written');
    $<HTMLFormElement>(again.el, 'form').requestSubmit();
    await again.el.updateComplete;
    expect($(again.el, '#f-description').getAttribute('aria-invalid')).to.equal('true');
    expect(again.el.shadowRoot!.activeElement).to.equal($(again.el, '#f-description'));
  });

  it('works from the keyboard: the helper opens with Enter', async () => {
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    const help = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Help me choose')!;
    help.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(help.getAttribute('aria-expanded')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[part="helper"]')).to.exist;
  });

  it('speaks German', async () => {
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`, { locale: 'de' });
    expect(el.shadowRoot!.textContent).to.contain('Dringlichkeit');
    expect(el.shadowRoot!.textContent).to.contain('Hilfe bei der Wahl');
    await expect(el).to.be.accessible();
  });
});
