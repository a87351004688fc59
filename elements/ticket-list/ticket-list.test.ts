import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './ticket-list.js';
import type { GpTicketList } from './ticket-list.component.js';
import { mount, token, until } from '../test/helpers.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;

/** Opens a ticket for acme through the API, as the composer would; returns its id. */
async function openTicket(subject: string, description: string): Promise<string> {
  const customer = await token('acme', 'customer');
  const res = await fetch('/api/v1/tickets', {
    method: 'POST',
    headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/vnd.api+json' },
    body: JSON.stringify({ data: { type: 'tickets', attributes: { subject, description, urgency: 'minor' } } }),
  });
  if (res.status !== 201) throw new Error(`opening a ticket failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

describe('gp-ticket-list', () => {
  it('shows a hostile ticket as text and a staff reply arrives live', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"> **not markdown**';
    const id = await openTicket('Script test', hostile);

    const { el: list } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id}></gp-ticket-list>`);
    await until(() => list.shadowRoot!.querySelector('[part="message"] .text'), 'conversation');
    expect($(list, '[part="message"] .text').textContent).to.equal(hostile);
    expect(list.shadowRoot!.querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(list).to.be.accessible();

    await new Promise((r) => setTimeout(r, 400));
    const staff = await token('acme', 'staff');
    await fetch(`/api/v1/tickets/${id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'ticket-messages', attributes: { body: 'We are on it.' } } }),
    });
    await until(() => list.shadowRoot!.textContent!.includes('We are on it.'), 'staff reply live');
    expect(list.shadowRoot!.textContent).to.contain('Waiting for you');
  });

  it('opens a ticket from the keyboard with Enter', async () => {
    await openTicket('Keyboard test', 'Opened from the keyboard');
    const { el: list } = await mount<GpTicketList>(html`<gp-ticket-list></gp-ticket-list>`);
    await until(() => list.shadowRoot!.querySelector('[part="ticket"]'), 'tickets listed');
    list.shadowRoot!.querySelector<HTMLButtonElement>('[part="ticket"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => list.shadowRoot!.querySelector('[part="conversation"]'), 'conversation opened');
  });
});
