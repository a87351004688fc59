import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults, RunOptions } from 'axe-core';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';
import type { GpProvider } from '../provider/provider.component.js';

/** axe's colour-contrast rule over one element (shadow DOM included): the failing pairs, readable. */
async function contrast(el: Element): Promise<string[]> {
  const axe = (window as unknown as { axe: { run: (el: Element, options: RunOptions) => Promise<AxeResults> } }).axe;
  const result = await axe.run(el, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? n.failureSummary}`));
}

/**
 * Every text/background pair of every element meets WCAG AA: in light, in a dark system
 * with the default `theme` (auto), and with `theme="dark"` forced under a light system.
 */
describe('every element is readable in light and dark', () => {
  after(() => emulateMedia({ colorScheme: 'light' }));

  const modes = [
    { name: 'light', scheme: 'light' as const, theme: undefined },
    { name: 'a dark system (theme auto, the default)', scheme: 'dark' as const, theme: undefined },
    { name: 'theme="dark" under a light system', scheme: 'light' as const, theme: 'dark' as const },
  ];
  for (const mode of modes) {
    for (const c of cases) {
      it(`${c.name} in ${mode.name}`, async () => {
        await emulateMedia({ colorScheme: mode.scheme });
        const { provider, el } = await mount<HTMLElement>(c.template(), { roles: c.roles });
        if (mode.theme) {
          (provider as GpProvider).theme = mode.theme;
          await (provider as GpProvider).updateComplete;
        }
        await until(() => loaded(el), `${c.name} loaded`, 8000);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        // The dark modes are dark indeed: light text on the element's own dark background.
        const [r, g, b] = getComputedStyle(el).color.match(/\d+/g)!.map(Number);
        const lightText = 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 128;
        expect(lightText, `${c.name}: text colour ${getComputedStyle(el).color}`).to.equal(mode.scheme === 'dark' || mode.theme === 'dark');
        const failures = await contrast(el);
        expect(failures, `${c.name} in ${mode.name}:\n${failures.slice(0, 10).join('\n')}`).to.deep.equal([]);
      });
    }
  }
});
