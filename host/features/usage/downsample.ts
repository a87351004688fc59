/**
 * Band downsampling: the range is cut into `maxPoints` equal time buckets and each bucket
 * becomes one point at the time of its first sample, with the lowest, the mean and the
 * highest of its samples. A chart draws the mean as its line in a band from lowest to highest:
 * every peak and trough of the original stays visible without a year of minutes turning into
 * a solid block. The cost is linear in the input.
 *
 * `low`, `high` and `sum` are the per-point minimum, maximum and sum, and `count` the samples
 * per point (raw samples: the same array three times and no counts; a rollup's `min`, `max`,
 * `sum` and `count` columns otherwise).
 */
export function downsampleBands(
  times: Float64Array,
  low: Float64Array,
  high: Float64Array,
  sum: Float64Array,
  count: Float64Array | null,
  maxPoints: number,
): { times: Float64Array; low: Float64Array; mean: Float64Array; high: Float64Array } {
  const n = times.length;
  const buckets = Math.max(1, Math.min(n, Math.floor(maxPoints)));
  const t0 = times[0]!;
  const span = times[n - 1]! - t0 || 1;
  const out = {
    times: new Float64Array(buckets),
    low: new Float64Array(buckets),
    mean: new Float64Array(buckets),
    high: new Float64Array(buckets),
  };
  const raw = low === high && low === sum && !count;
  let k = 0;
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    // The times are in order, so the bucket's end is found by bisection: the loops below
    // then read only values, not a time per point too.
    const stop = b === buckets - 1 ? n : firstAtOrAfter(times, t0 + (span * (b + 1)) / buckets, i, n);
    if (stop === i) continue; // an empty bucket (a gap in the data) stays a gap
    const first = i;
    let min = Infinity;
    let max = -Infinity;
    let total = 0;
    let samples = 0;
    if (raw) {
      // Raw samples: one read per point (this loop is the whole cost of a chart's range), two
      // points a step: one comparison orders the pair, then only its lower point can be a new
      // minimum and only its higher a new maximum, so three comparisons per two points.
      for (; i + 1 < stop; i += 2) {
        const a = low[i]!;
        const b = low[i + 1]!;
        total += a + b;
        if (a <= b) {
          if (a < min) min = a;
          if (b > max) max = b;
        } else {
          if (b < min) min = b;
          if (a > max) max = a;
        }
      }
      if (i < stop) {
        const x = low[i++]!;
        total += x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
      samples = stop - first;
    } else {
      for (; i < stop; i++) {
        if (low[i]! < min) min = low[i]!;
        if (high[i]! > max) max = high[i]!;
        total += sum[i]!;
        samples += count ? count[i]! : 1;
      }
    }
    out.times[k] = times[first]!;
    out.low[k] = min;
    out.mean[k] = samples ? total / samples : min;
    out.high[k++] = max;
  }
  return { times: out.times.slice(0, k), low: out.low.slice(0, k), mean: out.mean.slice(0, k), high: out.high.slice(0, k) };
}

/** The first index in [from, to) whose time is ≥ `t` (`to` when there is none). */
function firstAtOrAfter(times: Float64Array, t: number, from: number, to: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
