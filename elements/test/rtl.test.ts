import { expect, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { mount, until } from './helpers.js';
import { cases, loaded } from './every-element.js';
import { overflow } from './overflow.js';

const shadow = (el: Element) => el.shadowRoot!;

/**
 * The kit in a right-to-left page (Arabic or Hebrew direction, English strings): every
 * element at 390 px stays inside its column, and what has a side is on the other side.
 */
describe('every element lays out right to left', () => {
  before(() =>
    Promise.all(
      ['/__test/reset', '/__test/billing/reset', '/__test/orders/reset', '/__test/protection/reset', '/__test/servers/reset'].map((p) =>
        fetch(p, { method: 'POST' }),
      ),
    ),
  );
  after(() => setViewport({ width: 800, height: 600 }));

  for (const c of cases) {
    it(`${c.name} with dir="rtl" at 390 px`, async () => {
      await setViewport({ width: 406, height: 800 });
      const { provider } = await mount<HTMLElement>(html`<div dir="rtl" style="inline-size:390px">${c.template()}</div>`, {
        roles: c.roles,
      });
      const box = provider.firstElementChild as HTMLElement;
      const element = box.firstElementChild as HTMLElement;
      await until(() => loaded(element), `${c.name} loaded`, 8000);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expect(getComputedStyle(element).direction).to.equal('rtl');
      const problems = overflow(element, box);
      expect(problems, `${c.name} rtl at 390 px:\n${problems.slice(0, 12).join('\n')}`).to.deep.equal([]);
    });
  }

  it('mirrors positions: headings and text start on the right, the calendar runs leftwards and its arrow keys follow', async () => {
    await setViewport({ width: 806, height: 800 });
    const { provider } = await mount<HTMLElement>(
      html`<div dir="rtl" style="inline-size:700px"><gp-account-calendar month="2026-03" time-zone="UTC" .data=${{ events: [], days: {}, hints: [] }}></gp-account-calendar></div>`,
      { roles: 'staff' },
    );
    const cal = provider.querySelector('gp-account-calendar')!;
    await until(() => shadow(cal).querySelector('[data-day="2026-03-10"]'), 'grid');
    const day = (d: string) => shadow(cal).querySelector<HTMLElement>(`[data-day="${d}"]`)!;
    // A later day of the same week sits to the left of an earlier one.
    expect(day('2026-03-11').getBoundingClientRect().left).to.be.lessThan(day('2026-03-10').getBoundingClientRect().left);
    const [prev, next] = [...shadow(cal).querySelectorAll<HTMLButtonElement>('button.nav')];
    expect(prev!.getBoundingClientRect().left, 'previous month on the right').to.be.greaterThan(next!.getBoundingClientRect().left);
    day('2026-03-01').focus();
    await sendKeys({ press: 'ArrowLeft' });
    await until(
      () => shadow(cal).activeElement?.getAttribute('data-day') === '2026-03-02',
      'ArrowLeft goes to the next day, which is on the left',
    );
    await sendKeys({ press: 'ArrowRight' });
    await until(() => shadow(cal).activeElement?.getAttribute('data-day') === '2026-03-01', 'ArrowRight back');

    const { provider: p2 } = await mount<HTMLElement>(
      html`<div dir="rtl" style="inline-size:390px"><gp-knowledge-base></gp-knowledge-base></div>`,
    );
    const kb = p2.querySelector('gp-knowledge-base')!;
    await until(() => shadow(kb).querySelector('.result'), 'articles');
    const result = shadow(kb).querySelector<HTMLElement>('.result')!;
    const title = result.querySelector('strong')!;
    const range = document.createRange();
    range.selectNodeContents(title);
    const text = range.getBoundingClientRect();
    const button = result.getBoundingClientRect();
    expect(button.right - text.right, 'a title starts at the right edge').to.be.lessThan(text.left - button.left);
  });
});
