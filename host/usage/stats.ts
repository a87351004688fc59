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

/** A stored sample or rollup. Raw samples are read as `at` and `sum` (their value) only. */
export interface StatRow {
  at: number;
  sum: number;
  count?: number;
  min?: number;
  max?: number;
}

export const LIMIT_SHARE = 0.98;
export const HIGH_SHARE = 0.9;

export function computeStats(rows: readonly StatRow[], capacity: number | null): UsageStats {
  if (rows.length === 0) return { peak: null, p95: null, shareAbove90: 0, limitHits: 0, current: null, capacity };
  const means = new Float64Array(rows.length);
  let peak = -Infinity;
  let weight = 0;
  let high = 0;
  let hits = 0;
  let atLimit = false;
  rows.forEach((r, i) => {
    const count = r.count ?? 1;
    const max = r.max ?? r.sum;
    const mean = r.sum / count;
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
  });
  means.sort();
  const p95 = means[Math.min(means.length - 1, Math.ceil(0.95 * means.length) - 1)]!;
  const last = rows[rows.length - 1]!;
  return {
    peak,
    p95,
    shareAbove90: weight ? high / weight : 0,
    limitHits: hits,
    current: last.sum / (last.count ?? 1),
    capacity,
  };
}
