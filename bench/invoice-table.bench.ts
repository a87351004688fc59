import { runInPage } from './browser.js';
import { median, medianRatio, report, type Ratio } from './harness.js';

/**
 * A 1,000-row gp-invoice-list render with the pay column (paying allowed, a checkbox on each
 * payable row) ÷ the same table written by hand with template cloning into a shadow root with
 * the element's styles, same page, alternating rounds. The page's header says what each side
 * does; both sides' DOM is compared before timing (bench/pages/table.html, window.parity).
 */
export async function run(): Promise<Ratio[]> {
  // 25 alternating rounds: fewer are at the mercy of this machine's noise.
  const { element, hand } = await runInPage<{ element: number[]; hand: number[] }>('bench/pages/table.html', 25);
  const ratio = medianRatio(element, hand);
  return [
    {
      name: 'gp-invoice-list 1,000 rows, pay column ÷ cloned hand-written table',
      ratio,
      target: '≤ 1.25',
      pass: ratio <= 1.25,
      detail: `${median(element).toFixed(1)} ms vs ${median(hand).toFixed(1)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('Invoice table', await run());
