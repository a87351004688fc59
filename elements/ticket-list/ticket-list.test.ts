import { expect, html } from '@open-wc/testing';
import './ticket-list.js';
import type { GpTicketList } from './ticket-list.component.js';
import { mount, token, until } from '../test/helpers.js';

/** The API as a customer or staff of acme (the test host's world, which the assertions read). */
async function api(method: string, path: string, roles: string, body?: unknown) {
  const { token: t } = await token('acme', roles);
  const res = await fetch(`/api/v1${path}`, { method, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as any;
}

const text = (el: GpTicketList) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('gp-ticket-list threads', () => {
  let id: string;
  beforeEach(async () => {
    id = (await api('POST', '/tickets', 'customer', { data: { type: 'tickets', attributes: { subject: 'Mail bounces', description: 'Since 08:00', urgency: 'major' } } })).data.id;
    await api('POST', `/tickets/${id}/messages`, 'staff', { data: { type: 'ticket-messages', attributes: { body: 'Which domain?' } } });
  });

  it('shows the thread with authors and times; the customer reads "Waiting for you", closes and reopens', async () => {
    const { el } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id}></gp-ticket-list>`);
    await until(() => el.shadowRoot!.querySelectorAll('[part="message"]').length === 2, 'description and the staff answer');
    const staffMessage = el.shadowRoot!.querySelectorAll('[part="message"]')[1]!;
    expect(staffMessage.textContent).to.contain('test@example.com');
    expect(staffMessage.textContent).to.contain('Support');
    expect(staffMessage.textContent).to.contain('Which domain?');
    expect(staffMessage.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-/);
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Waiting for you');
    await expect(el).to.be.accessible();

    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')].find((b) => b.textContent === 'Close ticket')!.click();
    await until(() => el.shadowRoot!.querySelector('[role="status"]')!.textContent === 'Closed', 'closed');
    expect((await api('GET', `/tickets/${id}`, 'customer')).data.attributes.status).to.equal('closed');
    expect(el.shadowRoot!.querySelector('[part="reply-form"]')).to.equal(null);
    expect(text(el)).to.contain('You can reopen it until');

    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')].find((b) => b.textContent === 'Reopen ticket')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="reply-form"]'), 'open again');
    expect((await api('GET', `/tickets/${id}`, 'customer')).data.attributes.status).to.equal('open');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Waiting for support');
  });

  it('after the reopen period, says to open a new ticket (the clock is the element\'s)', async () => {
    await api('POST', `/tickets/${id}/actions`, 'customer', { data: { type: 'ticket-actions', attributes: { action: 'close' } } });
    const { el } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id} .now=${() => new Date(Date.now() + 15 * 86_400_000)}></gp-ticket-list>`);
    await until(() => el.shadowRoot!.querySelector('[part="actions"]'), 'thread');
    const number = (await api('GET', `/tickets/${id}`, 'customer')).data.attributes.number;
    expect(el.shadowRoot!.querySelector('[part="actions"]')!.textContent).to.contain(`Open a new ticket and mention ${number}`);
    expect(el.shadowRoot!.querySelector('[part="actions"] button')).to.equal(null);
  });

  it("staff read the desk's words, never the customer's", async () => {
    const { el } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id}></gp-ticket-list>`, { roles: 'staff' });
    await until(() => el.shadowRoot!.querySelector('#f-status'), 'staff controls');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Waiting on customer');
    expect(text(el)).not.to.contain('Waiting for you');
    await expect(el).to.be.accessible();
  });

  it('speaks German', async () => {
    const { el } = await mount<GpTicketList>(html`<gp-ticket-list ticket-id=${id}></gp-ticket-list>`, { locale: 'de' });
    await until(() => el.shadowRoot!.querySelector('[part="actions"]'), 'thread');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Wartet auf Sie');
    expect(el.shadowRoot!.querySelector('[part="actions"] button')!.textContent).to.equal('Ticket schließen');
  });
});
