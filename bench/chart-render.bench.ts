import { runInPage } from './browser.js';
import { median, medianRatio, report, type Ratio } from './harness.js';

/** The page's files besides the kit: uPlot itself and its stylesheet for the bare side. */
export const chartExtra = {
  '/bench-uplot.js': 'node_modules/uplot/dist/uPlot.esm.js',
  '/uplot.css': 'node_modules/uplot/dist/uPlot.min.css',
};

/**
 * gp-usage-gauge cold render of 55,550 points (time + usage: 2 uPlot series, the capacity a
 * dashed line drawn in the draw hook, y from the reported peak) ÷ a bare `new uPlot()` with the
 * same series, scales, axes and capacity line, in the same page, alternating rounds: the
 * median of the rounds' ratios. Both sides' strokes and texts are compared before timing
 * (bench/pages/chart.html, window.parity). Needs the built kit (npm run build).
 */
export async function run(): Promise<Ratio[]> {
  const { gauge, bare } = await runInPage<{ gauge: number[]; bare: number[] }>('bench/pages/chart.html', 201, chartExtra);
  const ratio = medianRatio(gauge, bare);
  return [
    {
      name: 'gp-usage-gauge cold render (55,550 points, 2 series) ÷ bare uPlot',
      ratio,
      target: '≤ 1.10',
      pass: ratio <= 1.1,
      detail: `${median(gauge).toFixed(2)} ms vs ${median(bare).toFixed(2)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('Chart render', await run());
