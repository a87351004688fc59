// Conventions a partner's portal relies on for every element: `hidden` hides it (even where
// the page gives the tag a display of its own), and an empty state takes the partner's words
// through `<slot name="empty">`. The cancelable gp-before-… events are tested with their
// elements (server-list, invoice-list, ticket-composer, upgrade-wizard).
import { expect, fixture, html } from '@open-wc/testing';
import { cases, loaded } from './every-element.js';
import { mount, until } from './helpers.js';
import { defineElements } from '../index.js';

describe('element conventions', () => {
  it('`hidden` hides every element, over a page style that gives the tags a display', async () => {
    const page = await fixture<HTMLDivElement>(html`<div class="conventions"><style>.conventions > * { display: block; }</style></div>`);
    const tags = ['gp-provider', ...cases.map((c) => `gp-${c.name}`)];
    for (const tag of tags) {
      const el = document.createElement(tag);
      el.hidden = true;
      page.append(el);
    }
    await Promise.all([...page.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('*')].map((el) => el.updateComplete));
    const shown = tags.filter((tag) => getComputedStyle(page.querySelector(tag)!).display !== 'none');
    expect(shown, 'elements still displayed while hidden').to.deep.equal([]);
    // And shown again without the attribute.
    const gauge = page.querySelector<HTMLElement>('gp-usage-gauge')!;
    gauge.hidden = false;
    expect(getComputedStyle(gauge).display).to.equal('block');
  });

  it("an empty state shows the partner's own words from the `empty` slot, the element's text otherwise", async () => {
    const { el } = await mount<HTMLElement>(
      html`<gp-order-status><p slot="empty">Nothing ordered yet: <a href="/shop">visit our shop</a>.</p></gp-order-status>`,
      { tenant: 'globex', roles: 'customer,billing,technical' },
    );
    await until(() => loaded(el) && el.shadowRoot!.querySelector('slot[name="empty"]'), 'the empty state');
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="empty"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Nothing ordered yet: visit our shop.']);
    await expect(el).to.be.accessible();

    const plain = await mount<HTMLElement>(html`<gp-order-status></gp-order-status>`, {
      tenant: 'globex',
      roles: 'customer,billing,technical',
    });
    await until(() => loaded(plain.el) && plain.el.shadowRoot!.querySelector('slot[name="empty"]'), 'the empty state');
    expect(plain.el.shadowRoot!.querySelector('slot[name="empty"]')!.textContent).to.contain('No orders yet.');
  });

  it("the invoice list's toolbar takes the partner's own actions from the `actions` slot", async () => {
    const { el } = await mount<HTMLElement>(
      html`<gp-invoice-list><a slot="actions" href="/billing/contact">Billing contact</a></gp-invoice-list>`,
      { roles: 'billing' },
    );
    await until(() => loaded(el) && el.shadowRoot!.querySelector('slot[name="actions"]'), 'the toolbar');
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="actions"]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Billing contact']);
    expect(slot.closest('.toolbar'), 'in the toolbar').to.exist;
    const link = el.querySelector('a')!.getBoundingClientRect();
    expect(link.width > 0 && link.height > 0, 'shown').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('under a partner prefix only the tags change: events stay gp-…, parts keep their names, tokens stay --gp-…', async () => {
    defineElements({ prefix: 'conv' });
    const series = {
      metric: 'cpu',
      unit: 'percent',
      capacity: 100,
      resolution: 'raw',
      times: [1_700_000_000],
      values: [40],
      stats: { peak: 40, p95: 40, shareAbove90: 0, limitHits: 0, current: 40, capacity: 100 },
    };
    const { el } = await mount<HTMLElement>(
      html`<conv-usage-gauge server="memcloud:a1" server-name="web-01" metric="cpu" .data=${series} style="--gp-color-primary: rgb(1, 2, 3)"></conv-usage-gauge>`,
    );
    await until(() => el.shadowRoot?.querySelector('[part="upgrade"]'), 'the upgrade part');
    const upgrade = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="upgrade"]')!;
    expect(getComputedStyle(upgrade).backgroundColor, 'the --gp- token styles it').to.equal('rgb(1, 2, 3)');
    const heard: string[] = [];
    document.addEventListener('gp-upgrade-requested', (e) => heard.push(e.detail.serverId), { once: true });
    upgrade.click();
    expect(heard).to.deep.equal(['memcloud:a1']);
  });
});
