import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';

/** Every element of a shadow tree, through nested shadow roots. */
function* deep(root: ParentNode): Generator<Element> {
  for (const el of root.querySelectorAll('*')) {
    yield el;
    if (el.shadowRoot) yield* deep(el.shadowRoot);
  }
}

/** Inside a visually hidden box (a 1 px clip, for screen readers only). */
const insideHidden = (node: Element) => {
  for (let p = node.parentElement; p; p = p.parentElement) {
    const r = p.getBoundingClientRect();
    if (r.width <= 1 && getComputedStyle(p).overflow === 'hidden') return true;
  }
  return false;
};

/** What sticks out of `box` sideways, described for the failure message. */
function overflow(el: Element, box: HTMLElement): string[] {
  const problems: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`page scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
  const limit = box.getBoundingClientRect();
  for (const node of deep(el.shadowRoot!)) {
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (node.classList.contains('visually-hidden')) continue;
    if (node instanceof HTMLElement && node.scrollWidth > node.clientWidth + 1 && node.clientWidth > 0 && ['auto', 'scroll'].includes(style.overflowX)) {
      problems.push(`<${node.localName} class="${node.className}" part="${node.getAttribute('part') ?? ''}"> scrolls sideways (${node.scrollWidth} > ${node.clientWidth})`);
    }
    const r = node.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || insideHidden(node)) continue;
    if (r.right > limit.right + 1 || r.left < limit.left - 1) {
      problems.push(`<${node.localName} class="${node.className}" part="${node.getAttribute('part') ?? ''}"> spans ${Math.round(r.left - limit.left)}..${Math.round(r.right - limit.left)} of ${Math.round(limit.width)}`);
    }
  }
  return problems;
}

/**
 * Every element, with data from the test host, inside containers of phone and tablet
 * widths: nothing may stick out sideways (no horizontal scrolling of the page or of an
 * element's base, and every visible piece, actions included, inside the container).
 */
describe('every element is fluid from 320 px', () => {
  before(() => Promise.all(['/__test/reset', '/__test/billing/reset', '/__test/orders/reset', '/__test/protection/reset', '/__test/servers/reset'].map((p) => fetch(p, { method: 'POST' }))));
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [320, 390, 768]) {
    for (const c of cases) {
      it(`${c.name} at ${width} px`, async () => {
        await setViewport({ width: width + 16, height: 800 });
        const { provider, el } = await mount<HTMLElement>(html`<div style="inline-size:${width}px">${c.template()}</div>`, { roles: c.roles });
        const box = provider.firstElementChild as HTMLElement;
        const element = box.firstElementChild as HTMLElement;
        void el;
        await until(() => loaded(element), `${c.name} loaded`, 8000);
        // Two frames: a ResizeObserver's redraw lands after the first layout.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const problems = overflow(element, box);
        expect(problems, `${c.name} at ${width} px:\n${problems.slice(0, 12).join('\n')}`).to.deep.equal([]);
      });
    }
  }

  // A portal's column narrows after the first render (a rotated phone, a sidebar opening):
  // everything, the usage chart included, follows the new width.
  for (const c of cases) {
    it(`${c.name} follows its container from 768 px down to 320 px`, async () => {
      await setViewport({ width: 784, height: 800 });
      const { provider } = await mount<HTMLElement>(html`<div style="inline-size:768px">${c.template()}</div>`, { roles: c.roles });
      const box = provider.firstElementChild as HTMLElement;
      const element = box.firstElementChild as HTMLElement;
      await until(() => loaded(element), `${c.name} loaded`, 8000);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      box.style.inlineSize = '320px';
      await setViewport({ width: 336, height: 800 });
      let problems: string[] = [];
      await until(() => (problems = overflow(element, box)).length === 0, 'shrunk', 2000).catch(() => undefined);
      expect(problems, `${c.name} after shrinking to 320 px:\n${problems.slice(0, 12).join('\n')}`).to.deep.equal([]);
    });
  }
});
