import { expect, html, oneEvent } from '@open-wc/testing';
import './service-inventory.js';
import type { GpServiceInventory } from './service-inventory.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;

describe('gp-service-inventory', () => {
  before(() => fetch('/__test/orders/reset', { method: 'POST' }));

  it('lists the contract by kind, warns of a certificate that expires soon, and asks for its renewal', async () => {
    const { el } = await mount<GpServiceInventory>(html`<gp-service-inventory></gp-service-inventory>`);
    await until(() => root(el).querySelector('[part="group"]'), 'inventory');
    const headings = [...root(el).querySelectorAll('h3')].map((h) => h.textContent);
    expect(headings).to.deep.equal(['Servers', 'SSL certificates']);
    const cert = [...root(el).querySelectorAll('tr')].find((r) => r.textContent!.includes('shop.acme.example'))!;
    expect(cert.textContent).to.contain('Expires soon').and.contain('in 10 days');
    const web = [...root(el).querySelectorAll('tr')].find((r) => r.textContent!.includes('web-01'))!;
    expect(web.textContent).to.contain('VPS S').and.contain('Region fra1');
    await expect(el).to.be.accessible();
    const asked = oneEvent(el, 'gp-renewal-requested');
    cert.querySelector<HTMLButtonElement>('[part="renew"]')!.click();
    expect((await asked).detail).to.deep.equal({ serviceId: 'shop-cert', kind: 'certificate', name: 'shop.acme.example' });
  });

  it('says whose server details are missing, by the names the host gives them, and still shows the contract', async () => {
    const original = window.fetch;
    // The host's answer as it comes when a compute source is down (a customer reads its configured name).
    window.fetch = async (input, init) => {
      const res = await original(input, init);
      if (!new URL(input instanceof Request ? input.url : String(input), location.href).pathname.endsWith('/inventory')) return res;
      const doc = await res.json();
      return new Response(JSON.stringify({ ...doc, meta: { unavailable: ['Nimbus Cloud'] } }), { status: 200, headers: res.headers });
    };
    try {
      for (const [locale, sentence] of [
        ['en', 'Server details cannot be loaded right now (Nimbus Cloud); the contract is shown without them.'],
        ['de', 'Serverdetails lassen sich gerade nicht laden (Nimbus Cloud); der Vertrag wird ohne sie angezeigt.'],
      ]) {
        const { el } = await mount<GpServiceInventory>(html`<gp-service-inventory></gp-service-inventory>`, { locale });
        await until(() => root(el).querySelector('[part="group"]'), 'inventory');
        expect(root(el).querySelector('.notice[role="status"]')!.textContent).to.equal(sentence);
        expect(root(el).textContent).to.contain('shop.acme.example');
        await expect(el).to.be.accessible();
      }
    } finally {
      window.fetch = original;
    }
  });

  it('speaks German', async () => {
    const { el } = await mount<GpServiceInventory>(html`<gp-service-inventory></gp-service-inventory>`, { locale: 'de' });
    await until(() => root(el).textContent!.includes('Läuft bald ab'), 'German');
    expect(root(el).textContent).to.contain('Was Ihr Vertrag umfasst').and.contain('in 10 Tagen');
  });
});
