import { runInPage } from './browser.js';
import { median, medianRatio, report, type Ratio } from './harness.js';

/**
 * gp-usage-gauge cold render of 166,650 points in 3 series ÷ a bare `new uPlot()` with the
 * same data, in the same page, alternating rounds: the median of the rounds' ratios. Needs
 * the built kit (npm run build).
 */
export async function run(): Promise<Ratio[]> {
  const { gauge, bare } = await runInPage<{ gauge: number[]; bare: number[] }>('bench/pages/chart.html', 201, { '/bench-uplot.js': 'node_modules/uplot/dist/uPlot.esm.js' });
  const ratio = medianRatio(gauge, bare);
  return [{ name: 'gp-usage-gauge cold render (166,650 points) ÷ bare uPlot', ratio, target: '≤ 1.10', pass: ratio <= 1.1, detail: `${median(gauge).toFixed(2)} ms vs ${median(bare).toFixed(2)} ms` }];
}

if (import.meta.url === `file://${process.argv[1]}`) report('Chart render', await run());
