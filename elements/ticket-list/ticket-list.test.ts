import { expect, html } from '@open-wc/testing';
import './ticket-list.js';
import type { GpTicketList } from './ticket-list.component.js';
import { mount, streamReady, token, until } from '../test/helpers.js';
import { sendKeys } from '@web/test-runner-commands';

/** The API as a customer or staff of acme (the test host's world, which the assertions read). */
async function api(method: string, path: string, roles: string, body?: unknown) {
  const { token: t } = await token('acme', roles);
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as any;
}

const text = (el: GpTicketList) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

describe('gp-ticket-list threads', () => {
  let id: string;
  beforeEach(async () => {
    id = (
      await api('POST', '/tickets', 'customer', {
        data: { type: 'tickets', attributes: { subject: 'Mail bounces', description: 'Since 08:00', urgency: 'major' } },
      })
    ).data.id;
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
    await until(() => el.shadowRoot!.querySelector('[role="status"]')?.textContent === 'Waiting for you', 'waiting for you');
    await expect(el).to.be.accessible();

    // The actions come with the thread's session (roles), which may arrive after the messages.
    const action = (label: string) =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')].find((b) => b.textContent === label);
    await until(() => action('Close ticket'), 'the close action');
    action('Close ticket')!.click();
    await until(() => el.shadowRoot!.querySelector('[role="status"]')?.textContent === 'Closed', 'closed');
    expect((await api('GET', `/tickets/${id}`, 'customer')).data.attributes.status).to.equal('closed');
    expect(el.shadowRoot!.querySelector('[part="reply-form"]')).to.equal(null);
    await until(() => text(el).includes('You can reopen it until'), 'the reopen period');

    await until(() => action('Reopen ticket'), 'the reopen action');
    action('Reopen ticket')!.click();
    await until(() => el.shadowRoot!.querySelector('[part="reply-form"]'), 'open again');
    expect((await api('GET', `/tickets/${id}`, 'customer')).data.attributes.status).to.equal('open');
    await until(() => el.shadowRoot!.querySelector('[role="status"]')?.textContent === 'Waiting for support', 'waiting for support');
  });

  it("after the reopen period, says to open a new ticket (the clock is the element's)", async () => {
    await api('POST', `/tickets/${id}/actions`, 'customer', { data: { type: 'ticket-actions', attributes: { action: 'close' } } });
    const { el } = await mount<GpTicketList>(
      html`<gp-ticket-list ticket-id=${id} .now=${() => new Date(Date.now() + 15 * 86_400_000)}></gp-ticket-list>`,
    );
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

    await streamReady(list);
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

  it('in a phone-wide column the status wraps under the subject as wide as its words', async () => {
    await openTicket('Narrow test', 'Shown in a 320 px column');
    const { el: list } = await mount<GpTicketList>(html`<gp-ticket-list style="display: block; inline-size: 320px"></gp-ticket-list>`);
    await until(() => list.shadowRoot!.querySelector('[part="ticket"]'), 'tickets listed');
    const ticket = list.shadowRoot!.querySelector<HTMLElement>('[part="ticket"]')!;
    const status = ticket.querySelectorAll<HTMLElement>('.badge')[1]!;
    const [row, badge] = [ticket.getBoundingClientRect(), status.getBoundingClientRect()];
    expect(badge.top, 'on its own line, below the subject').to.be.at.least(
      ticket.querySelector('span')!.getBoundingClientRect().bottom - 1,
    );
    expect(badge.width, 'not stretched across the card').to.be.lessThan(row.width / 2);
  });
});
