/**
 * Short renderings of a pool's figures for hovers, CodeLens and the status bar. Formatting only: every number
 * comes from the core (`PoolFigures` from metrics, proposals from the tuner). A missing figure reads "no data",
 * never zero (docs/sources.md#autoscaling-on-pubsub-metrics).
 */
import type { PoolFigures } from '../shared/index.ts';

export function seconds(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return 'no data';
  if (sec === 0) return '0 s';
  if (sec >= 3600) return `${(sec / 3600).toFixed(1)} h`;
  if (sec >= 600) return `${(sec / 60).toFixed(1)} min`;
  if (sec >= 10) return `${Math.round(sec)} s`;
  return `${sec.toFixed(sec < 1 ? 2 : 1)} s`;
}

export function count(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return 'no data';
  if (n >= 10_000) return `${(n / 1000).toFixed(0)}k`;
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

export function rate(perSec: number | undefined): string {
  return perSec === undefined ? 'no data' : `${count(perSec)}/s`;
}

export function percent(ratio: number | undefined): string {
  return ratio === undefined ? 'no data' : `${(ratio * 100).toFixed(ratio < 0.01 ? 2 : 1)}%`;
}

export function usd(perMonth: number | undefined): string {
  if (perMonth === undefined || !Number.isFinite(perMonth)) return 'no data';
  return `$${perMonth >= 100 ? Math.round(perMonth).toLocaleString('en-US') : perMonth.toFixed(2)}/month`;
}

/** Processing time line: "p99 62 s (p95 40 s, p50 12 s)". */
export function processingLine(f: PoolFigures | undefined): string | undefined {
  const p = f?.processingTimeMs;
  if (!p) return undefined;
  return `p99 ${seconds(p.p99 / 1000)} (p95 ${seconds(p.p95 / 1000)}, p50 ${seconds(p.p50 / 1000)})`;
}
