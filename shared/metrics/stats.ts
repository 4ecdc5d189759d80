/**
 * Statistics over gappy series (`null` = no data, skipped, never read as zero: docs/sources.md#autoscaling-on-pubsub-metrics). One pass for the
 * moments and the trend, one selection for the percentile, so deriving a week of per-minute data stays cheap.
 */
import type { Series } from './snapshot-schema.ts';

export interface SeriesStat {
  mean: number;
  p95: number;
  max: number;
  min: number;
  /** Last value that is not a gap. */
  last: number;
  /** Least-squares slope, per hour (see `slopePerHour`). */
  slopePerHour?: number;
  /** Points with data. */
  count: number;
}

/**
 * Percentile by linear interpolation between closest ranks (Hyndman & Fan 1996, definition 7; the default of R,
 * NumPy and Excel's PERCENTILE.INC): h = (n − 1)·p, value = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋) on sorted x.
 * Uses selection (Hoare's quickselect) on a copy, so it is O(n) on average and leaves `values` untouched.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values as ArrayLike<number>);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const x = select(a, lo);
  if (lo + 1 >= n || h === lo) return x;
  // The next order statistic is the minimum of the part right of lo after selection.
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i]! < next) next = a[i]!;
  return x + (h - lo) * (next - x);
}

/** k-th smallest (0-based) of `a`, partially reordering it (Hoare's selection, Lomuto-free three-way split). */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * Ordinary least-squares slope of value against time over the points with data (gaps skipped), in units per hour:
 * b = Σ(t − t̄)(y − ȳ) / Σ(t − t̄)², t in hours from the window start (index · stepSec / 3600). Undefined with
 * fewer than two points.
 */
export function slopePerHour(values: Series, stepSec: number): number | undefined {
  return seriesStat(values, stepSec)?.slopePerHour;
}

/** Mean, p95, min, max, last and trend of a series; undefined when it has no data at all. */
export function seriesStat(values: Series | undefined, stepSec: number): SeriesStat | undefined {
  if (!values) return undefined;
  const data = new Float64Array(values.length);
  let n = 0;
  let sumY = 0;
  let sumT = 0;
  let sumTT = 0;
  let sumTY = 0;
  let min = Infinity;
  let max = -Infinity;
  let last = NaN;
  const hoursPerStep = stepSec / 3600;
  for (let i = 0; i < values.length; i++) {
    const y = values[i];
    if (y === null || y === undefined) continue;
    const t = i * hoursPerStep;
    data[n++] = y;
    sumY += y;
    sumT += t;
    sumTT += t * t;
    sumTY += t * y;
    if (y < min) min = y;
    if (y > max) max = y;
    last = y;
  }
  if (n === 0) return undefined;
  // Σ(t − t̄)(y − ȳ) = Σty − n·t̄·ȳ and Σ(t − t̄)² = Σt² − n·t̄² (same sums, one pass).
  const sxx = sumTT - (sumT * sumT) / n;
  const sxy = sumTY - (sumT * sumY) / n;
  const slope = n >= 2 && sxx > 0 ? sxy / sxx : undefined;
  return { mean: sumY / n, p95: percentile(data.subarray(0, n), 0.95), max, min, last, slopePerHour: slope, count: n };
}

/** Sum of the values with data; undefined when none has data. */
export function sumOf(values: Series | undefined): number | undefined {
  if (!values) return undefined;
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    s += v;
    n++;
  }
  return n ? s : undefined;
}

/** Element-wise combination of equally long series; a step is a gap when `combine` gets no inputs for it. */
export function combineSeries(list: readonly (Series | undefined)[], combine: 'sum' | 'max'): Series | undefined {
  const present = list.filter((s): s is Series => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  const len = Math.max(...present.map((s) => s.length));
  const out: Series = new Array<number | null>(len);
  for (let i = 0; i < len; i++) {
    let acc: number | null = null;
    let gap = false;
    for (const s of present) {
      const v = s[i] ?? null;
      if (v === null) {
        gap = true;
        continue;
      }
      acc = acc === null ? v : combine === 'sum' ? acc + v : Math.max(acc, v);
    }
    // A sum with a missing part would understate the total: a gap, not a smaller number (docs/sources.md#autoscaling-on-pubsub-metrics).
    out[i] = combine === 'sum' && gap ? null : acc;
  }
  return out;
}
