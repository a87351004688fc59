import { expect, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';
import { overflow } from './overflow.js';

/**
 * Every element, with data from the test host, inside containers of phone and tablet
 * widths: nothing may stick out sideways (no horizontal scrolling of the page or of an
 * element's base, and every visible piece, actions included, inside the container).
 */
describe('every element is fluid from 320 px', () => {
  before(() =>
    Promise.all(
      ['/__test/reset', '/__test/billing/reset', '/__test/orders/reset', '/__test/protection/reset', '/__test/servers/reset'].map((p) =>
        fetch(p, { method: 'POST' }),
      ),
    ),
  );
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [320, 390, 768]) {
    for (const c of cases) {
      it(`${c.name} at ${width} px`, async () => {
        await setViewport({ width: width + 16, height: 800 });
        const { provider, el } = await mount<HTMLElement>(html`<div style="inline-size:${width}px">${c.template()}</div>`, {
          roles: c.roles,
        });
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

  // German words run long ("Informationssicherheitsrichtlinie", "Braucht Aufmerksamkeit"):
  // they wrap inside a phone's column too.
  for (const c of cases) {
    it(`${c.name} in German at 320 px`, async () => {
      await setViewport({ width: 336, height: 800 });
      const { provider } = await mount<HTMLElement>(html`<div style="inline-size:320px">${c.template()}</div>`, {
        roles: c.roles,
        locale: 'de',
      });
      const box = provider.firstElementChild as HTMLElement;
      const element = box.firstElementChild as HTMLElement;
      await until(() => loaded(element), `${c.name} loaded`, 8000);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const problems = overflow(element, box);
      expect(problems, `${c.name} in German at 320 px:\n${problems.slice(0, 12).join('\n')}`).to.deep.equal([]);
    });
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
