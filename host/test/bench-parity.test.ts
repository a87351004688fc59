// The browser benchmarks compare an element with a hand-written baseline; a baseline that
// does more (or less) work than its element measures nothing. Each page renders both sides
// once and compares them (bench/pages/*.html, window.parity): DOM element counts by tag, part
// and class, cell texts and aria-labels; for the chart, the gauge's card (its shadow DOM, each
// element's text, its style sheets) against the card by hand, and every canvas stroke and text
// and the number of drawn series on all three sides. Needs Chromium and the built kit
// (npm run build); skipped without.
// The same holds for the data-access bench: the host's reads and the hand-written
// better-sqlite3 ones must return equal values from the same database; and for the
// whole-portal bench: the demo's customer page and its Lit hello page must show as many
// elements and fetch the same JSON (bench/portal.bench.ts, which checks every round too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRunPages, parityOf } from '../../bench/browser.js';
import { chartExtra } from '../../bench/chart-render.bench.js';
import { hotPaths } from '../../bench/kysely.bench.js';
import { portalParity } from '../../bench/portal.bench.js';

test('data-access bench: the host and the hand-written statements return the same values', async () => {
  const { paths, close } = await hotPaths();
  try {
    for (const path of paths) {
      const [host, hand] = [await path.host(), path.hand()];
      assert.deepStrictEqual(host, hand, path.name);
    }
    // The bench measures real work: the rows it names, with what tells them apart.
    const [usage, invoices, replay] = await Promise.all(paths.map((p) => p.host()));
    assert.equal((usage as { at: number[] }).at.length, 100);
    assert.ok(
      (usage as { sum: number[] }).sum.some((v) => !Number.isInteger(v)),
      'values in units, not thousandths',
    );
    const list = invoices as { status: string; lines: unknown[] }[];
    assert.equal(list.length, 50);
    assert.deepEqual(new Set(list.map((i) => i.status)), new Set(['paid', 'open', 'overdue']));
    assert.ok(list.every((i) => i.lines.length === 1));
    const events = (replay as { ok: true; events: { id: number; tenant: string }[] }).events;
    assert.equal(events.length, 100);
    assert.ok(events.every((e, i) => e.tenant === 'acme' && e.id > 1800 && (i === 0 || e.id > events[i - 1]!.id)));
  } finally {
    await close();
  }
});

const pages: [string, Record<string, string>][] = [
  ['bench/pages/table.html', {}],
  ['bench/pages/calendar.html', {}],
  ['bench/pages/chart.html', chartExtra],
];

for (const [page, extra] of pages) {
  test(
    `${page}: the element and its baseline render the same`,
    { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 120_000 },
    async () => {
      const { element, hand, diff } = await parityOf(page, extra);
      assert.equal(diff, '', `${page}: ${diff}`);
      assert.deepEqual(hand, element);
    },
  );
}

test(
  "the chart is measured with the gauge's card, and its context side draws the same chart",
  { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 120_000 },
  async () => {
    type Side = { points: number; series: { line: number; dashed: number }; strokes: string[]; texts: string[]; dom?: { text: string[] } };
    const { element, bare } = (await parityOf('bench/pages/chart.html', chartExtra)) as { element: Side; bare: Side };
    // The card: heading, five range buttons, current value, limit sentence, three statistics.
    assert.deepEqual(element.dom!.text.slice(0, 8), [
      'CPU usage of web-01',
      'Live',
      '24 h',
      '7 days',
      '30 days',
      '1 year',
      '50%',
      '/ 100%',
    ]);
    assert.ok(element.dom!.text.includes('At the CPU limit 3 times in the last 24 hours.'));
    // One usage line and one dashed capacity line over all 55,550 points, on every side.
    assert.deepEqual(element.series, { line: 1, dashed: 1 });
    assert.equal(element.points, 55_550);
    const canvas = ({ points, series, strokes, texts }: Side) => ({ points, series, strokes, texts });
    assert.deepEqual(canvas(bare), canvas(element));
  },
);

test(
  'the invoice table is measured with its pay column',
  { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 120_000 },
  async () => {
    const { element } = (await parityOf('bench/pages/table.html')) as { element: { tags: Record<string, number> } };
    // A third of the 1,000 invoices are open: each gets its selection checkbox.
    assert.equal(element.tags.input, 334);
  },
);

test(
  'whole portal: the demo page and its Lit hello page show as many elements and fetch the same JSON',
  { skip: canRunPages() ? false : 'needs Chromium and the built kit (npm run build)', timeout: 240_000 },
  async () => {
    const { count, urls, demo, hello } = await portalParity();
    // Every Glasspane element of the customer page, the three usage gauges the portal adds included.
    assert.ok(count >= 20, `${count} elements`);
    assert.equal(demo.elements.filter((e) => e.tag === 'gp-usage-gauge').length, 3);
    assert.equal(hello.elements.length, count);
    assert.ok(urls.includes('/api/v1/invoices?page%5Bsize%5D=100') && urls.some((u) => u.includes('/usage?')), urls.join(' '));
    assert.ok(hello.ms > 0 && demo.ms > 0);
  },
);
