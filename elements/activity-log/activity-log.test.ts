import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './activity-log.js';
import type { GpActivityLog } from './activity-log.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const rows = (el: Element) => [...root(el).querySelectorAll('tbody tr')] as HTMLTableRowElement[];
const seed = (entries: object[]) => fetch('/__test/activity/seed', { method: 'POST', body: JSON.stringify(entries) });

describe('gp-activity-log', () => {
  before(() =>
    seed([
      { tenant: 'acme', actor: 'alice@acme.example', action: 'server.stop', subject: 'memcloud:a1', address: '198.51.100.7' },
      { tenant: 'acme', actor: "=cmd|' /C calc'!A0", action: 'payment_method.default', subject: 'pm-1', address: '198.51.100.8' },
      { tenant: 'globex', actor: 'eve@globex.example', action: 'server.stop', subject: 'memcloud:g1', address: '203.0.113.66' },
      // The portal itself moving an order on, from an address the host could not tell.
      { tenant: 'acme', actor: 'glasspane', action: 'order.review', subject: 'ORD-1001', address: 'unknown' },
    ]),
  );
  after(() => setViewport({ width: 800, height: 600 }));

  it('lists who did what, when and from where; filters by kind; is accessible', async () => {
    const { el } = await mount<GpActivityLog>(html`<gp-activity-log></gp-activity-log>`);
    await until(() => rows(el).some((r) => r.dataset.action === 'server.stop'), 'entries');
    const stop = rows(el).find((r) => r.dataset.action === 'server.stop')!;
    expect(stop.textContent)
      .to.contain('alice@acme.example')
      .and.contain('Server stopped')
      .and.contain('memcloud:a1')
      .and.contain('198.51.100.7');
    expect(root(el).textContent).not.to.contain('eve@globex.example');
    await expect(el).to.be.accessible();

    const kind = root(el).querySelector<HTMLSelectElement>('#kind')!;
    kind.value = 'payment_method';
    kind.dispatchEvent(new Event('change'));
    await until(
      () => rows(el).length > 0 && rows(el).every((r) => r.dataset.action!.startsWith('payment_method.')),
      'filtered to payment methods',
    );
    expect(el.kind).to.equal('payment_method');
    expect(rows(el)[0]!.textContent).to.contain('Default payment method changed');
  });

  it('exports the filtered log as formula-safe CSV', async () => {
    const { el } = await mount<GpActivityLog>(html`<gp-activity-log kind="payment_method"></gp-activity-log>`);
    await until(() => root(el).querySelector('[part="export"]') && rows(el).length > 0, 'loaded');
    // Catch the download instead of letting the browser leave the test page for it.
    const original = URL.createObjectURL;
    const click = HTMLAnchorElement.prototype.click;
    let blob: Blob | undefined;
    let saved = '';
    URL.createObjectURL = (b: Blob | MediaSource) => {
      blob = b as Blob;
      return 'blob:caught';
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved = this.download;
    };
    try {
      root(el).querySelector<HTMLButtonElement>('[part="export"]')!.click();
      await until(() => blob, 'the CSV');
    } finally {
      URL.createObjectURL = original;
      HTMLAnchorElement.prototype.click = click;
    }
    expect(saved).to.equal('activity.csv');
    const lines = (await blob!.text()).trimEnd().split('\r\n');
    expect(lines[0]).to.equal('time,user,action,target,source address,details');
    expect(lines.slice(1).every((l) => l.includes(',payment_method.'))).to.equal(true);
    expect(lines.join('\n')).to.contain(`"'=cmd|' /C calc'!A0"`);
  });

  it('shows a technical user no payments, and says so when nothing matches', async () => {
    const { el } = await mount<GpActivityLog>(html`<gp-activity-log></gp-activity-log>`, { roles: 'technical' });
    await until(() => rows(el).length > 0, 'entries');
    const kinds = [...root(el).querySelectorAll<HTMLOptionElement>('#kind option')].map((o) => o.value);
    expect(kinds).to.include('server').and.not.include('payment_method');
    expect(rows(el).some((r) => r.dataset.action!.startsWith('payment'))).to.equal(false);
    el.from = '2001-01-01';
    el.to = '2001-01-02';
    await until(() => root(el).querySelector('[part="state"]')?.textContent?.includes('No activity matches'), 'empty state');
  });

  it('speaks German and fits 390 px', async () => {
    await setViewport({ width: 406, height: 800 });
    const { el, provider } = await mount<GpActivityLog>(html`<div style="inline-size:390px"><gp-activity-log></gp-activity-log></div>`, {
      locale: 'de',
    });
    void el;
    const log = provider.querySelector('gp-activity-log')!;
    await until(() => rows(log).length > 0, 'entries');
    expect(root(log).textContent).to.contain('Aktivitäten').and.contain('Server gestoppt').and.contain('Als CSV exportieren');
    const review = rows(log).find((r) => r.dataset.action === 'order.review')!;
    expect(review.textContent, 'no raw action, actor or address')
      .to.contain('Bestellung zur Prüfung')
      .and.contain('Automatisch')
      .and.contain('unbekannt');
    expect(review.textContent).not.to.match(/order\.review|glasspane|unknown/);
    expect(root(log).querySelector('#user')!.textContent, 'the filter names the portal the same way')
      .to.contain('Automatisch')
      .and.not.contain('glasspane');
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    const box = provider.firstElementChild!.getBoundingClientRect();
    for (const node of root(log).querySelectorAll('button, select, input, td')) {
      const r = node.getBoundingClientRect();
      if (r.width > 1) expect(r.right, node.outerHTML.slice(0, 80)).to.be.at.most(box.right + 1);
    }
    // Stacked as cards, the address cell's label is in the element's type, not the address's monospace.
    const source = root(log).querySelector('td.source')!;
    expect(getComputedStyle(source).fontFamily).to.match(/mono/);
    expect(getComputedStyle(source, '::before').fontFamily).not.to.match(/mono/);
  });
});
