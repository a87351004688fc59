import { expect, fixture, html } from '@open-wc/testing';
import './ticket-composer.js';
import type { GpTicketComposer } from './ticket-composer.component.js';
import { defineElements } from '../core/define.js';
import '../index.js';
import { mount, token, until } from '../test/helpers.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const type = (el: Element, sel: string, value: string) => {
  const input = $<HTMLInputElement>(el, sel);
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
};
const choose = (el: Element, urgency: string) => {
  const r = $<HTMLInputElement>(el, `input[name="urgency"][value="${urgency}"]`);
  r.checked = true;
  r.dispatchEvent(new Event('change'));
};
async function api(method: string, path: string, body?: unknown) {
  const { token: t } = await token('acme', 'customer');
  return (await (
    await fetch(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/vnd.api+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  ).json()) as any;
}

describe('gp-ticket-composer: suggestions, duplicates, servers, and the call path', () => {
  beforeEach(() => localStorage.removeItem('gp-ticket-draft'));

  it('a suggestion reads as text, opens in place, and returns to the draft as it was', async () => {
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    type(el, '#f-subject', 'Rescue mode root password');
    type(el, '#f-description', 'How do I use rescue mode?');
    await until(() => el.shadowRoot!.querySelector('[part="suggestions"] .snippet'), 'suggested');
    expect($(el, '[part="suggestions"]').textContent).not.to.contain('**');
    $<HTMLButtonElement>(el, '[part="suggestions"] button').click();
    await until(() => el.shadowRoot!.querySelector('[part="article"] strong'), 'article rendered in place');
    expect($(el, '[part="article"] strong').textContent).to.equal('rescue mode');
    expect(el.shadowRoot!.querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[part="article"] .link').click();
    await until(() => el.shadowRoot!.querySelector('form'), 'back to the draft');
    expect($<HTMLInputElement>(el, '#f-subject').value).to.equal('Rescue mode root password');
    expect($<HTMLTextAreaElement>(el, '#f-description').value).to.equal('How do I use rescue mode?');
  });

  it('flags a near-duplicate of an open ticket before sending; "Send anyway" sends', async () => {
    const first = (
      await api('POST', '/tickets', {
        data: { type: 'tickets', attributes: { subject: 'Printer on fire', description: 'Smoke', urgency: 'minor' } },
      })
    ).data;
    const before = (await api('GET', '/tickets?page[size]=100')).data.length;
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    type(el, '#f-subject', '  printer ON fire! ');
    type(el, '#f-description', 'Still smoking');
    choose(el, 'minor');
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await until(() => el.shadowRoot!.querySelector('[part="duplicate"]'), 'flagged');
    expect($(el, '[part="duplicate"]').textContent).to.contain(first.attributes.number);
    expect((await api('GET', '/tickets?page[size]=100')).data.length).to.equal(before, 'nothing sent');
    await expect(el).to.be.accessible();
    let created = '';
    el.addEventListener('gp-ticket-created', (e) => (created = e.detail.id));
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="duplicate"] button')][0]!.click();
    await until(() => created, 'sent anyway');
    expect((await api('GET', `/tickets/${created}`)).data.attributes.subject).to.equal('printer ON fire!');
  });

  it("lists the tenant's servers as the servers route has them, and a ticket can name one", async () => {
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer></gp-ticket-composer>`);
    await until(() => el.shadowRoot!.querySelector('#f-service optgroup option'), 'servers');
    const servers = [...el.shadowRoot!.querySelectorAll('#f-service optgroup')[0]!.querySelectorAll('option')].map((o) => o.textContent);
    expect(servers).to.include.members(['web-01', 'db-01']);
    const select = $<HTMLSelectElement>(el, '#f-service');
    select.value = 'memcloud:a2';
    select.dispatchEvent(new Event('change'));
    type(el, '#f-subject', 'db-01 will not start');
    type(el, '#f-description', 'Stuck at boot');
    choose(el, 'major');
    let created = '';
    el.addEventListener('gp-ticket-created', (e) => (created = e.detail.id));
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await until(() => created, 'sent');
    expect((await api('GET', `/tickets/${created}`)).data.attributes.serviceId).to.equal('memcloud:a2');
  });

  it('after a blocker: whom to call now, and the answer time counting down on the injected clock', async () => {
    let now = new Date();
    const { el } = await mount<GpTicketComposer>(html`<gp-ticket-composer .now=${() => now}></gp-ticket-composer>`);
    type(el, '#f-subject', 'Shop is down');
    type(el, '#f-description', 'Every page answers 502');
    choose(el, 'blocker');
    let created = '';
    el.addEventListener('gp-ticket-created', (e) => (created = e.detail.id));
    $<HTMLFormElement>(el, 'form').requestSubmit();
    await until(() => created && el.shadowRoot!.querySelector('[part="after"]'), 'the call path');
    const createdAt = Date.parse((await api('GET', `/tickets/${created}`)).data.attributes.createdAt);
    now = new Date(createdAt + 5 * 60_000);
    el.requestUpdate();
    await el.updateComplete;
    expect($(el, '[part="after"] .promise').textContent).to.contain('10 minutes left');
    const help = $(el, '[part="after"] gp-help-now');
    await until(() => help.shadowRoot!.querySelector('[part="phone"]'), 'number to call');
    expect(help.shadowRoot!.querySelector('[part="phone"]')!.getAttribute('href')).to.equal('tel:+49305550100');
    now = new Date(createdAt + 16 * 60_000);
    el.requestUpdate();
    await el.updateComplete;
    expect($(el, '[part="after"] .promise').textContent).to.contain('If you have none, call now.');
    await expect(el).to.be.accessible();
  });

  it("under a partner's prefix the call path is the partner's element too", async () => {
    defineElements({ prefix: 'acme' });
    const tokenProvider = () => token('acme', 'customer');
    const provider = await fixture(
      html`<acme-provider api-base="/api/v1" .tokenProvider=${tokenProvider}><acme-ticket-composer></acme-ticket-composer></acme-provider>`,
    );
    const el = provider.querySelector('acme-ticket-composer') as GpTicketComposer;
    await el.updateComplete;
    (el as unknown as { promise: unknown }).promise = { number: 'T-9001', urgency: 'blocker', dueAt: new Date(Date.now() + 15 * 60_000) };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="after"] gp-help-now')).to.equal(null, 'no gp- element inside a partner composer');
    const help = $(el, '[part="after"] acme-help-now');
    await until(() => help.shadowRoot?.querySelector('[part="phone"]'), 'number to call');
    expect(help.shadowRoot!.querySelector('[part="phone"]')!.getAttribute('href')).to.equal('tel:+49305550100');
  });
});
