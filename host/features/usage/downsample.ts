/**
 * Min/max downsampling: the range is cut into `maxPoints / 2` equal time buckets and each
 * bucket keeps its lowest and its highest point, in time order. A chart drawn from the
 * result shows every peak and every trough of the original, at a cost linear in the input.
 *
 * `low` and `high` are the per-point minimum and maximum (the same array for raw samples;
 * a rollup's `min` and `max` columns otherwise).
 */
export function downsampleMinMax(
  times: Float64Array,
  low: Float64Array,
  high: Float64Array,
  maxPoints: number,
): { times: Float64Array; values: Float64Array } {
  const n = times.length;
  if (n <= maxPoints || maxPoints < 2) {
    // Nothing to do, except on rollups: a single point stands for its bucket's max.
    return { times: times.slice(), values: high.slice() };
  }
  const buckets = Math.floor(maxPoints / 2);
  const t0 = times[0]!;
  const span = times[n - 1]! - t0 || 1;
  const outTimes = new Float64Array(buckets * 2);
  const outValues = new Float64Array(buckets * 2);
  let out = 0;
  let i = 0;
  for (let b = 0; b < buckets && i < n; b++) {
    // The times are in order, so the bucket's end is found by bisection: the loops below
    // then read only values, not a time per point too.
    const stop = b === buckets - 1 ? n : firstAtOrAfter(times, t0 + (span * (b + 1)) / buckets, i, n);
    let minI = -1;
    let maxI = -1;
    let min = Infinity;
    let max = -Infinity;
    if (low === high) {
      // Raw samples: one read per point (this loop is the whole cost of a chart's range).
      // Seeded with the bucket's first point, min ≤ max holds.
      if (i < stop) {
        min = max = low[i]!;
        minI = maxI = i++;
      }
      // Two points a step: one comparison orders the pair, then only its lower point can be a
      // new minimum and only its higher a new maximum, so three comparisons per two points.
      // Of equal points the first wins, as it would one point at a time.
      for (; i + 1 < stop; i += 2) {
        const a = low[i]!;
        const b = low[i + 1]!;
        if (a <= b) {
          if (a < min) {
            min = a;
            minI = i;
          }
          if (b > max) {
            max = b;
            maxI = a < b ? i + 1 : i;
          }
        } else {
          if (b < min) {
            min = b;
            minI = i + 1;
          }
          if (a > max) {
            max = a;
            maxI = i;
          }
        }
      }
      if (i < stop) {
        const x = low[i]!;
        if (x < min) {
          min = x;
          minI = i;
        } else if (x > max) {
          max = x;
          maxI = i;
        }
        i++;
      }
    } else {
      for (; i < stop; i++) {
        const lo = low[i]!;
        const hi = high[i]!;
        if (lo < min) {
          min = lo;
          minI = i;
        }
        if (hi > max) {
          max = hi;
          maxI = i;
        }
      }
    }
    if (minI < 0) continue; // an empty bucket (a gap in the data) stays a gap
    if (minI === maxI && min === max) {
      outTimes[out] = times[minI]!;
      outValues[out++] = max;
    } else if (minI <= maxI) {
      outTimes[out] = times[minI]!;
      outValues[out++] = min;
      outTimes[out] = times[maxI]!;
      outValues[out++] = max;
    } else {
      outTimes[out] = times[maxI]!;
      outValues[out++] = max;
      outTimes[out] = times[minI]!;
      outValues[out++] = min;
    }
  }
  return { times: outTimes.slice(0, out), values: outValues.slice(0, out) };
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
