import { runInPage } from './browser.js';
import { median, medianRatio, report, type Ratio } from './harness.js';

/**
 * gp-account-calendar with a 5,000-event month ÷ the same calendar written by hand with
 * template cloning (every cell and icon a cloneNode of a <template>, one fragment, one layout
 * read) into a shadow root with the element's styles, same page, alternating rounds. Both
 * sides' DOM is compared before timing (bench/pages/calendar.html, window.parity).
 */
export async function run(): Promise<Ratio[]> {
  const { element, hand } = await runInPage<{ element: number[]; hand: number[] }>('bench/pages/calendar.html', 25);
  const ratio = medianRatio(element, hand);
  return [
    {
      name: 'gp-account-calendar, 5,000 events ÷ cloned hand-written grid',
      ratio,
      target: '≤ 1.25',
      pass: ratio <= 1.25,
      detail: `${median(element).toFixed(1)} ms vs ${median(hand).toFixed(1)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('Account calendar', await run());
