import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './dr-protection.js';
import type { GpDrProtection } from './dr-protection.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const row = (el: Element, name: string) =>
  [...root(el).querySelectorAll<HTMLElement>('[part="server"]')].find((r) => r.querySelector('th')!.textContent!.includes(name))!;
const tooling = (outcome = 'succeeded') => fetch(`/__test/protection/tooling?restore=${outcome}`, { method: 'POST' });

describe('gp-dr-protection', () => {
  beforeEach(async () => {
    await fetch('/__test/orders/reset', { method: 'POST' });
    await fetch('/__test/protection/reset', { method: 'POST' });
  });

  it('shows the server outside its recovery point and why, takes a snapshot, and comes back within', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer,technical' });
    await until(() => row(el, 'web-01'), 'servers');
    const web = row(el, 'web-01');
    expect(web.querySelector('[part="status"]')!.textContent).to.equal('Outside your recovery point');
    expect(web.textContent)
      .to.contain('DR Basic promises at most 24 hours of lost data')
      .and.contain('older than the tier promises')
      .and.contain('30 hours ago');
    // DR Basic keeps no copy at a second site: the row says so, as the tier table does.
    expect(web.querySelector(`td[data-label="Copy at the second site"]`)!.textContent!.trim()).to.equal('Not part of DR Basic');
    const db = row(el, 'db-01');
    expect(db.querySelector('[part="status"]')!.textContent).to.equal('Not protected');
    expect(db.textContent).to.contain('Choose a tier below to protect it.');
    expect(db.querySelector<HTMLButtonElement>('[part="snapshot"]')!.disabled, 'no tier, no snapshots').to.equal(true);
    await expect(el).to.be.accessible();

    web.querySelector<HTMLButtonElement>('[part="snapshot"]')!.click();
    await until(() => root(el).textContent!.includes('it counts once the storage confirms it'), 'the request is acknowledged honestly');
    await tooling();
    // The confirmation arrives over the stream; the row turns green without a reload.
    await until(() => row(el, 'web-01').querySelector('[part="status"]')!.textContent === 'Within your recovery point', 'within again');
  });

  it('runs a test restore with progress until the provider reports the outcome', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer,technical' });
    await until(() => row(el, 'web-01'), 'servers');
    // By keyboard: Tab from Snapshot now to Test restore, Enter starts it.
    row(el, 'web-01').querySelector<HTMLButtonElement>('[part="snapshot"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(root(el).activeElement?.getAttribute('part'), 'Tab reaches Test restore').to.equal('restore');
    await sendKeys({ press: 'Enter' });
    await until(() => root(el).textContent!.includes('is being created beside production'), 'started');
    await until(() => row(el, 'web-01').textContent!.includes('running'), 'running');
    expect(row(el, 'web-01').querySelector<HTMLButtonElement>('[part="restore"]')!.disabled, 'one at a time').to.equal(true);
    await tooling('progress');
    await until(() => row(el, 'web-01').textContent!.includes('running (40%)'), 'progress shown');
    await tooling('succeeded');
    await until(
      () => /Test restore of web-01, .*2026.* succeeded/.test(row(el, 'web-01').textContent!),
      'succeeded, named by server and time',
    );
    // The clone's technical name is there for support, but not as the customer's words.
    const target = row(el, 'web-01').querySelector('[part="restore-target"]')!;
    expect(target.textContent).to.match(/^New server: web-01-restore-test-\d{4}-\d\d-\d\d-\d{4}-[0-9a-f]{4}$/);
    expect(row(el, 'web-01').querySelector('[role="status"]')!.textContent, 'the status line').not.to.contain('restore-test');
  });

  it('a failed test restore says why, and names no new server', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer,technical' });
    await until(() => row(el, 'web-01'), 'servers');
    row(el, 'web-01').querySelector<HTMLButtonElement>('[part="restore"]')!.click();
    await until(() => row(el, 'web-01').querySelector('[part="restore-target"]'), 'running, with the clone it makes');
    await tooling('failed');
    await until(() => /Test restore of web-01, .*2026.* failed/.test(row(el, 'web-01').textContent!), 'failed');
    expect(row(el, 'web-01').querySelector('[role="status"]')!.textContent).to.contain('the clone did not boot');
    expect(
      row(el, 'web-01').querySelector('[part="restore-target"]')?.textContent,
      'no "New server" for a restore that made none',
    ).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('names a test restore in German and keeps its long clone name inside a 320 px phone', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection lang="de" style="display:block;width:320px"></gp-dr-protection>`, {
      roles: 'customer,technical',
    });
    await until(() => row(el, 'web-01'), 'servers');
    row(el, 'web-01').querySelector<HTMLButtonElement>('[part="restore"]')!.click();
    await until(() => root(el).textContent!.includes('Neben der Produktion entsteht eine Kopie'), 'started, in German');
    expect(root(el).textContent).to.match(/Testwiederherstellung von web-01, \d+\. .* 2026/);
    await until(() => row(el, 'web-01').querySelector('[part="restore-target"]'), 'technical name');
    const section = root(el).querySelector('section')!;
    expect(section.scrollWidth, 'nothing wider than the phone').to.be.at.most(320);
    const box = section.getBoundingClientRect();
    for (const node of root(el).querySelectorAll('[part="status"], [part="restore-target"], [role="status"]')) {
      expect(node.getBoundingClientRect().right, node.textContent!).to.be.at.most(box.right + 1);
    }
  });

  it('compares tiers side by side and asks for a better one as an add-on order', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer,billing' });
    await until(() => root(el).querySelector('[part="tiers"]'), 'tiers');
    const table = root(el).querySelector('[part="tiers"]')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim())).to.deep.equal(['DR BasicCurrent tier', 'DR Plus']);
    expect(table.textContent).to.contain('€9.00 a month').and.contain('€25.00 a month').and.contain('60 min');
    expect(root(el).textContent, 'no technical role').to.contain('Snapshots and test restores need the technical role.');
    const choose = [...table.querySelectorAll<HTMLButtonElement>('[part="choose"]')];
    expect(choose[0]!.disabled, 'the current tier').to.equal(true);
    expect(choose[0]!.textContent!.trim(), 'says why itself, also where the table head is hidden (phones)').to.equal('Current tier');
    const asked = oneEvent(el, 'gp-protection-tier-requested');
    choose[1]!.click();
    expect((await asked).detail).to.deep.equal({ type: 'addon', serviceId: 'memcloud:a1', serverName: 'web-01', tierId: 'dr-hourly' });
    await expect(el).to.be.accessible();
  });

  it("a storage that cannot answer for one server is said in the reader's words, never the vendor's", async () => {
    const original = window.fetch;
    // The host answers, but the storage failed for web-01: its error is the plugin's English, naming the vendor.
    window.fetch = async (input, init) => {
      const res = await original(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.pathname !== '/api/v1/protection/servers' || !res.ok) return res;
      const doc = await res.json();
      for (const s of doc.data) if (s.attributes.serverName === 'web-01') s.attributes.error = 'Tintri VMstore could not be reached.';
      return new Response(JSON.stringify(doc), { status: 200, headers: res.headers });
    };
    try {
      const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, {
        roles: 'customer,technical',
        locale: 'de',
      });
      await until(() => row(el, 'web-01')?.querySelector('.notice.error'), 'the row says it cannot be asked');
      const web = row(el, 'web-01');
      expect(web.querySelector('.notice.error')!.textContent!.trim()).to.equal(
        'Der Schutzstatus von web-01 ist gerade nicht abrufbar. Versuchen Sie es in ein paar Minuten erneut.',
      );
      expect(web.querySelector<HTMLButtonElement>('[part="snapshot"]')!.title).not.to.match(/Tintri|VMstore|reached/);
      expect(root(el).textContent).not.to.match(/Tintri|VMstore|could not be reached/);
    } finally {
      window.fetch = original;
    }
  });

  it('says why a customer without the billing role cannot order, and speaks German', async () => {
    const { el } = await mount<GpDrProtection>(html`<gp-dr-protection></gp-dr-protection>`, { roles: 'customer', locale: 'de' });
    await until(() => root(el).querySelector('[part="tiers"]'), 'tiers');
    expect(root(el).textContent)
      .to.contain('Außerhalb Ihres Wiederherstellungspunkts')
      .and.contain('Eine Stufe zu bestellen erfordert die Abrechnungsrolle.');
    // The provider's tier names come from the host in the reader's language.
    const heads = [...root(el).querySelectorAll('[part="tiers"] thead th')].map((th) => th.textContent!.trim());
    expect(heads[0]).to.contain('DR Basis');
    expect(heads[1]).to.contain('DR Plus stündlich');
    expect([...root(el).querySelectorAll<HTMLButtonElement>('[part="choose"]')].every((b) => b.disabled)).to.equal(true);
    expect(row(el, 'web-01').querySelector<HTMLButtonElement>('[part="snapshot"]')!.disabled).to.equal(true);
  });
});
