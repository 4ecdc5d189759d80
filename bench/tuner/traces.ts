/** Reading the benchmark's Azure Functions traces (bench/tuner/traces/, see PROVENANCE.md). */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Trace {
  /** First 10 hex digits of the function hash. */
  id: string;
  /** Invocations per minute in the day's busiest 6-hour window. */
  arrivalsPerMinute: number[];
  /** Minute of the day the window starts at (0-based). */
  windowStartMinute: number;
  p50Ms: number;
  p99Ms: number;
  /** The day's recorded mean duration (the dataset's `Average` column), ms: the calibration reference. */
  avgMs: number;
  cv: number;
}

/** The `len`-minute window with the most invocations (first one on ties). */
export function busiestWindow(counts: readonly number[], len: number): number[] {
  return counts.slice(busiestStart(counts, len), busiestStart(counts, len) + len);
}

function busiestStart(counts: readonly number[], len: number): number {
  let sum = 0;
  let best = -1;
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i]!;
    if (i >= len) sum -= counts[i - len]!;
    if (i >= len - 1 && sum > best) {
      best = sum;
      at = i - len + 1;
    }
  }
  return at;
}

/** Coefficient of variation (population standard deviation ÷ mean). */
export function cvOf(xs: readonly number[]): number {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (!(mean > 0)) return 0;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) / mean;
}

export function loadTraces(dir = path.join(__dirname, 'traces'), windowMinutes = 360): Trace[] {
  const inv = readFileSync(path.join(dir, 'invocations_per_minute.csv'), 'utf8').trim().split('\n').slice(1);
  const dur = new Map(readFileSync(path.join(dir, 'durations_ms.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const c = l.split(',');
    return [c[0]!, { avgMs: Number(c[4]), p50Ms: Number(c[10]), p99Ms: Number(c[12]) }] as const;
  }));
  return inv.map((line) => {
    const cells = line.split(',');
    const counts = cells.slice(3).map(Number);
    const start = busiestStart(counts, windowMinutes);
    const arrivalsPerMinute = counts.slice(start, start + windowMinutes);
    const d = dur.get(cells[0]!)!;
    return { id: cells[0]!.slice(0, 10), arrivalsPerMinute, windowStartMinute: start, ...d, cv: cvOf(arrivalsPerMinute) };
  });
}
