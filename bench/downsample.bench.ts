import { downsampleBands } from '../host/features/usage/downsample.js';
import { alternate, report, type Ratio } from './harness.js';

/** Downsampling 1,000,000 points to 1,000 (min, mean, max per bucket) ÷ a plain summing loop over the same array. */
export async function run(): Promise<Ratio[]> {
  const n = 1_000_000;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i * 10;
    v[i] = 50 + 40 * Math.sin(i / 5000) + (i % 97) / 10;
  }
  let sink = 0;
  const sum = () => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i]!;
    sink += s;
  };
  const down = () => {
    sink += downsampleBands(t, v, v, v, null, 1000).mean.length;
  };
  for (let i = 0; i < 30; i++) {
    sum();
    down();
  }
  const { a, b, ratio } = await alternate(21, down, sum);
  if (sink === 0) console.log('');
  return [
    {
      name: 'downsample 1M → 1k (min/mean/max bands) ÷ summing loop',
      ratio,
      target: '≤ 3.5',
      pass: ratio <= 3.5,
      detail: `${a.toFixed(2)} ms vs ${b.toFixed(2)} ms`,
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) report('Downsampling', await run());
