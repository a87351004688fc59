import { expect, html, oneEvent } from '@open-wc/testing';
import './account-book.js';
import type { GpAccountBook } from './account-book.component.js';
import { mount, until } from '../test/helpers.js';

const root = (el: Element) => el.shadowRoot!;
const accounts = (el: Element) => [...root(el).querySelectorAll<HTMLElement>('[part="account"]')];

describe('gp-account-book', () => {
  before(() => fetch('/__test/orders/reset', { method: 'POST' }));

  it("ranks the accounts by urgency, words each hint, and opens an account's calendar or a hint's evidence", async () => {
    const { el } = await mount<GpAccountBook>(html`<gp-account-book></gp-account-book>`, { roles: 'staff,operator' });
    await until(() => accounts(el).length >= 2, 'accounts');
    // acme: db-01's weekly backups stopped two weeks ago (critical) and a certificate that expires in ten days.
    expect(accounts(el).map((a) => a.dataset.tenant)).to.deep.equal(['acme', 'globex']);
    const acme = accounts(el)[0]!;
    expect(acme.classList.contains('critical')).to.equal(true);
    const rules = [...acme.querySelectorAll<HTMLElement>('[part="hint"]')].map((h) => h.dataset.rule);
    expect(rules).to.include('backups_stopped').and.include('certificate_expiring');
    expect(acme.textContent).to.contain('Backups of db-01 stopped').and.contain('shop.acme.example');
    expect(accounts(el)[1]!.textContent).to.contain('Nothing unusual');
    await expect(el).to.be.accessible();

    let opened = oneEvent(el, 'gp-account-open');
    acme.querySelector<HTMLButtonElement>('[part="open"]')!.click();
    expect((await opened).detail).to.deep.equal({ tenant: 'acme', name: 'acme', evidence: null });
    opened = oneEvent(el, 'gp-account-open');
    acme.querySelector<HTMLButtonElement>('[data-rule="certificate_expiring"] button')!.click();
    expect((await opened).detail).to.deep.equal({ tenant: 'acme', name: 'acme', evidence: { kind: 'service', id: 'shop-cert' } });
  });

  it('links to the calendar the portal names, and lets the portal route instead', async () => {
    const { el } = await mount<GpAccountBook>(html`<gp-account-book calendar-href="/accounts/{tenant}/calendar"></gp-account-book>`, {
      roles: 'staff,operator',
    });
    await until(() => accounts(el).length >= 2, 'accounts');
    const link = accounts(el)[0]!.querySelector<HTMLAnchorElement>('a[part="open"]')!;
    expect(link.getAttribute('href')).to.equal('/accounts/acme/calendar');
    el.addEventListener('gp-account-open', (e) => e.preventDefault(), { once: true });
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).to.equal(true);
  });

  it('tells a customer this is not for them, and speaks German', async () => {
    const { el } = await mount<GpAccountBook>(html`<gp-account-book></gp-account-book>`, { roles: 'customer' });
    await until(
      () => root(el).textContent!.includes('Your accounts could not be loaded: Your account does not have permission to see this.'),
      'no permission',
    );
    expect(root(el).querySelector('[part="retry"]'), 'no retry for a refusal').to.equal(null);
    expect(accounts(el)).to.have.length(0);
    const { el: de } = await mount<GpAccountBook>(html`<gp-account-book></gp-account-book>`, { roles: 'staff,operator', locale: 'de' });
    await until(() => accounts(de).length >= 2, 'German accounts');
    expect(root(de).textContent)
      .to.contain('Ihre Konten')
      .and.contain('Braucht Aufmerksamkeit')
      .and.contain('Die Backups von db-01 haben aufgehört');
  });
});
