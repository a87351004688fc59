// The browser benchmarks compare an element with a hand-written baseline; a baseline that
// does more (or less) work than its element measures nothing. Each page renders both sides
// once and compares them (bench/pages/*.html, window.parity): DOM element counts by tag, part
// and class, cell texts and aria-labels; for the chart, every canvas stroke and text and the
// number of drawn series. Needs Chromium and the built kit (npm run build); skipped without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRunPages, parityOf } from '../../bench/browser.js';
import { chartExtra } from '../../bench/chart-render.bench.js';

const pages: [string, Record<string, string>][] = [
  ['bench/pages/table.html', {}],
  ['bench/pages/calendar.html', {}],
  ['bench/pages/chart.html', chartExtra],
];

for (const [page, extra] of pages) {
  test(`${page}: the element and its baseline render the same`, { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 120_000 }, async () => {
    const { element, hand, diff } = await parityOf(page, extra);
    assert.equal(diff, '', `${page}: ${diff}`);
    assert.deepEqual(hand, element);
  });
}

test('the invoice table is measured with its pay column', { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 120_000 }, async () => {
  const { element } = (await parityOf('bench/pages/table.html')) as { element: { tags: Record<string, number> } };
  // A third of the 1,000 invoices are open: each gets its selection checkbox.
  assert.equal(element.tags.input, 334);
});
