import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './server-list.js';
import type { GpServerList } from './server-list.component.js';
import type { ServerListController } from './server-list.controller.js';
import { mount, until } from '../test/helpers.js';

const rows = (el: GpServerList) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="row"]')];
const row = (el: GpServerList, name: string) => rows(el).find((r) => r.querySelector('.name')!.textContent === name)!;
const status = (r: HTMLElement) => r.querySelector('[part="status"]')!.textContent!.trim();
const button = (r: HTMLElement, label: string) => [...r.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;

describe('gp-server-list', () => {
  beforeEach(() => fetch('/__test/servers/reset', { method: 'POST' }));

  it("lists the tenant's servers with status, addresses and size", async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list></gp-server-list>`, { roles: 'customer' });
    await until(() => rows(el).length === 2, 'two servers');
    expect(rows(el).map((r) => r.querySelector('.name')!.textContent)).to.deep.equal(['db-01', 'web-01']);
    expect(status(row(el, 'web-01'))).to.equal('Running');
    expect(status(row(el, 'db-01'))).to.equal('Stopped');
    expect(row(el, 'web-01').textContent).to.contain('10.0.0.5');
    expect(row(el, 'web-01').textContent).to.contain('2 vCPU');
    // Without the technical role there are no action buttons, and the element says why.
    expect(el.shadowRoot!.querySelectorAll('[part="actions"] button').length).to.equal(0);
    expect(el.shadowRoot!.textContent).to.contain('needs the technical role');
    await expect(el).to.be.accessible();
  });

  it('stops a server after confirmation, shows the transition, and settles live', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list no-create></gp-server-list>`, { roles: 'technical' });
    await until(() => rows(el).length === 2, 'servers');
    button(row(el, 'web-01'), 'Stop').click();
    await el.updateComplete;
    expect(row(el, 'web-01').querySelector('.confirm')!.textContent).to.contain('Stop web-01?');
    await expect(el).to.be.accessible();
    const events: string[] = [];
    el.addEventListener('gp-server-action-requested', (e) => events.push(e.detail.action));
    const confirm = row(el, 'web-01').querySelector<HTMLButtonElement>('.confirm .button:not(.secondary)')!;
    confirm.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => status(row(el, 'web-01')) === 'Stopping…', 'pending transition shown');
    await until(() => events.length === 1, 'event fired');
    expect(events).to.deep.equal(['stop']);
    await fetch('/__test/servers/settle', { method: 'POST' });
    await until(() => status(row(el, 'web-01')) === 'Stopped', 'settled over the stream');
    expect(button(row(el, 'web-01'), 'Start')).to.exist;
  });

  it('lets the portal stop an action: a cancelled gp-before-server-action sends nothing and the server keeps running', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list no-create></gp-server-list>`, { roles: 'technical' });
    await until(() => rows(el).length === 2, 'servers');
    const asked: unknown[] = [];
    el.addEventListener('gp-before-server-action', (e) => {
      asked.push(e.detail);
      e.preventDefault();
    });
    let requested = 0;
    el.addEventListener('gp-server-action-requested', () => requested++);
    button(row(el, 'web-01'), 'Stop').click();
    await el.updateComplete;
    row(el, 'web-01').querySelector<HTMLButtonElement>('.confirm .button:not(.secondary)')!.click();
    await until(() => asked.length === 1, 'the portal was asked');
    expect(asked[0]).to.deep.equal({ serverId: (asked[0] as { serverId: string }).serverId, name: 'web-01', action: 'stop' });
    await el.updateComplete;
    expect(status(row(el, 'web-01'))).to.equal('Running');
    expect(button(row(el, 'web-01'), 'Stop'), 'the action is offered again').to.exist;
    // At the provider: settling finds nothing to do, the server still runs.
    await fetch('/__test/servers/settle', { method: 'POST' });
    const { token } = await (await fetch('/__test/token?tenant=acme&roles=technical')).json();
    const servers = await (await fetch('/api/v1/servers', { headers: { authorization: `Bearer ${token}` } })).json();
    const web = servers.data.find((s: { attributes: { name: string } }) => s.attributes.name === 'web-01');
    expect(web.attributes.status).to.equal('active');
    expect(requested).to.equal(0);
  });

  it('shows a fault the provider reports in the kit’s words to a customer, in the provider’s to its staff', async () => {
    const fault = 'Cloud Director reports FAILED_CREATION.';
    for (const [roles, shown] of [
      ['technical', 'The platform reports a fault on this server; if it persists, contact support.'],
      ['staff', fault],
    ]) {
      const { el } = await mount<GpServerList>(html`<gp-server-list no-create></gp-server-list>`, { roles });
      await until(() => rows(el).length === 2, 'servers');
      const list = (el as unknown as { list: ServerListController }).list;
      const web = list.servers.find((s) => s.id === 'memcloud:a1')!;
      list.apply({ op: 'upsert', data: { ...web, attributes: { ...web.attributes, status: 'error', fault } } });
      await el.updateComplete;
      expect(row(el, 'web-01').querySelector('[part="fault"]')!.textContent).to.equal(shown);
      await expect(el).to.be.accessible();
    }
  });

  it('shows a refusal in the host’s words', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list no-create></gp-server-list>`, { roles: 'technical' });
    await until(() => rows(el).length === 2, 'servers');
    // db-01 is stopped; ask the host to stop it anyway through the API to see the refusal path.
    const list = (el as unknown as { list: ServerListController }).list;
    const db = list.servers.find((s) => s.id === 'memcloud:a2')!;
    list.apply({ op: 'upsert', data: { ...db, attributes: { ...db.attributes, status: 'active' } } });
    await el.updateComplete;
    button(row(el, 'db-01'), 'Stop').click();
    await el.updateComplete;
    row(el, 'db-01').querySelector<HTMLButtonElement>('.confirm .button:not(.secondary)')!.click();
    await until(() => row(el, 'db-01').querySelector('.notice.error'), 'refusal shown');
    expect(row(el, 'db-01').querySelector('.notice.error')!.textContent).to.contain(
      'Stop db-01 did not go through: db-01 is already stopped.',
    );
  });

  it('validates the create form, then creates a server', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list></gp-server-list>`, { roles: 'technical' });
    await until(() => el.shadowRoot!.querySelector('form select option[value="f1"]'), 'form options loaded');
    const form = el.shadowRoot!.querySelector('form')!;
    const name = form.querySelector<HTMLInputElement>('#f-name')!;
    name.value = '-bad name';
    name.dispatchEvent(new InputEvent('input'));
    form.requestSubmit();
    await el.updateComplete;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.querySelector('#e-name')!.textContent).to.contain('Letters, digits');
    expect(el.shadowRoot!.activeElement).to.equal(name);
    await expect(el).to.be.accessible();

    name.value = 'web-03';
    name.dispatchEvent(new InputEvent('input'));
    const [flavor, image] = form.querySelectorAll('select');
    flavor!.value = 'f1';
    flavor!.dispatchEvent(new Event('change'));
    image!.value = 'img-1';
    image!.dispatchEvent(new Event('change'));
    // The stream may list the new server before the POST answers; the event follows the answer.
    const created = oneEvent(el, 'gp-server-created');
    form.requestSubmit();
    expect((await created).detail.name).to.equal('web-03');
    await until(() => rows(el).some((r) => r.querySelector('.name')!.textContent === 'web-03'), 'created server listed');
    expect(status(row(el, 'web-03'))).to.equal('Creating…');
  });

  it('speaks German', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list no-create></gp-server-list>`, { roles: 'technical', locale: 'de' });
    await until(() => rows(el).length === 2, 'servers');
    expect(status(row(el, 'web-01'))).to.equal('Läuft');
    expect(button(row(el, 'web-01'), 'Stoppen')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('the confirmation of Stop looks destructive', async () => {
    const { el } = await mount<GpServerList>(html`<gp-server-list></gp-server-list>`, { roles: 'technical' });
    const stop = () =>
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="actions"] button')].find((b) => b.textContent!.trim() === 'Stop');
    await until(stop, 'a Stop button');
    stop()!.click();
    await el.updateComplete;
    const confirm = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="confirm"]')!;
    expect(confirm.classList.contains('danger')).to.be.true;
    expect(getComputedStyle(confirm).backgroundColor).to.equal('rgb(185, 28, 28)');
  });
});
