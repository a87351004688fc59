import { expect } from '@open-wc/testing';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';

/** Every element of a shadow tree, through nested shadow roots. */
function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** A disabled control's reason: its tooltip and the text its aria-describedby points at. */
function why(button: HTMLElement): { title: string; described: string } {
  const root = button.getRootNode() as ShadowRoot;
  const described = (button.getAttribute('aria-describedby') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => root.getElementById(id)?.textContent?.trim() ?? '')
    .join(' ');
  return { title: button.title.trim(), described };
}

describe('a disabled action always says why', () => {
  before(() => Promise.all(['/__test/protection/reset', '/__test/servers/reset'].map((p) => fetch(p, { method: 'POST' }))));
  // Each element with the roles that leave some of its actions disabled.
  const variants = [...cases, ...cases.filter((c) => c.roles !== 'customer').map((c) => ({ ...c, roles: 'customer' }))];
  for (const c of variants) {
    it(`${c.name} as ${c.roles}`, async () => {
      const { el } = await mount<HTMLElement>(c.template(), { roles: c.roles });
      await until(() => loaded(el), `${c.name} loaded`, 8000);
      const silent = [...deep(el.shadowRoot!)]
        .filter((n): n is HTMLButtonElement => n instanceof HTMLButtonElement && n.disabled)
        .filter((b) => {
          const w = why(b);
          return !w.title || !w.described;
        })
        .map((b) => b.getAttribute('aria-label') ?? b.textContent!.trim());
      expect(silent, `disabled without a reason in ${c.name}: ${silent.join(' | ')}`).to.deep.equal([]);
    });
  }
});
