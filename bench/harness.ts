/**
 * Tiny benchmark harness: every figure is a ratio against a baseline measured in the
 * same run, in alternating rounds, so a noisy machine moves both sides alike.
 */
export interface Ratio {
  name: string;
  /** candidate ÷ baseline, in the unit the benchmark states. */
  ratio: number;
  target: string;
  pass: boolean;
  detail: string;
}

/**
 * The median of each round's a ÷ b, for timings taken in alternating rounds. Paired, the
 * two sides of a round share the machine's state of that moment (another process, a
 * frequency step), which a ratio of two separate medians lets through.
 */
export const medianRatio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!));

/**
 * `rounds` alternating timings (ms) of `a` and `b`: the median of each, and `ratio`, the
 * median of each round's a ÷ b (see medianRatio).
 */
export async function alternate(
  rounds: number,
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
): Promise<{ a: number; b: number; ratio: number }> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    for (const [fn, out] of (i % 2
      ? [
          [b, tb],
          [a, ta],
        ]
      : [
          [a, ta],
          [b, tb],
        ]) as [() => unknown, number[]][]) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return { a: median(ta), b: median(tb), ratio: medianRatio(ta, tb) };
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function report(title: string, ratios: Ratio[]): void {
  console.log(`\n${title}`);
  for (const r of ratios)
    console.log(`  ${r.pass ? '✔' : '✘'} ${r.name.padEnd(58)} ${r.ratio.toFixed(3).padStart(8)}  (target ${r.target})  ${r.detail}`);
}
