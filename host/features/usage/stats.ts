/** Statistics of one metric over a range, against its capacity. */
export interface UsageStats {
  /** Highest value seen. */
  peak: number | null;
  /** 95th percentile of the samples' means. */
  p95: number | null;
  /** Share of the time (0–1) spent above 90 % of capacity. */
  shareAbove90: number;
  /**
   * Separate episodes at the limit: one starts when a sample reaches 98 % of capacity and
   * ends only when usage falls below 90 %, so noise around the limit is one episode, not many.
   */
  limitHits: number;
  /** The latest sample's value. */
  current: number | null;
  capacity: number | null;
}

/**
 * Stored samples or rollups of one range as columns, in time order. Raw samples are read
 * as `at` and `sum` (their value) only; rollups add `count`, `min` and `max`.
 */
export interface SampleColumns {
  at: number[];
  sum: number[];
  count?: number[];
  min?: number[];
  max?: number[];
}

export const LIMIT_SHARE = 0.98;
export const HIGH_SHARE = 0.9;

export function computeStats(columns: SampleColumns, capacity: number | null): UsageStats {
  const n = columns.at.length;
  if (n === 0) return { peak: null, p95: null, shareAbove90: 0, limitHits: 0, current: null, capacity };
  const { sum, count: counts, max: maxes } = columns;
  const means = new Float64Array(n);
  let peak = -Infinity;
  let weight = 0;
  let high = 0;
  let hits = 0;
  let atLimit = false;
  for (let i = 0; i < n; i++) {
    const count = counts?.[i] ?? 1;
    const max = maxes?.[i] ?? sum[i]!;
    const mean = sum[i]! / count;
    means[i] = mean;
    if (max > peak) peak = max;
    weight += count;
    if (capacity) {
      if (mean > HIGH_SHARE * capacity) high += count;
      if (!atLimit && max >= LIMIT_SHARE * capacity) {
        hits++;
        atLimit = true;
      } else if (atLimit && max < HIGH_SHARE * capacity) {
        atLimit = false;
      }
    }
  }
  means.sort();
  const p95 = means[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!;
  return {
    peak,
    p95,
    shareAbove90: weight ? high / weight : 0,
    limitHits: hits,
    current: sum[n - 1]! / (counts?.[n - 1] ?? 1),
    capacity,
  };
}
