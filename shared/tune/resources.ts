/**
 * Per-message CPU and memory from per-minute series (docs/sources.md#concurrency-bounds: "Both figures can be estimated from
 * container/memory/utilizations against the number of messages in flight"). Per minute and instance:
 *   throughput x₁ = acked ÷ 60 ÷ instances, in flight x₂ = x₁ × mean processing (Little's law),
 *   CPU used y₁ = CPU utilisation × vCPU, memory used y₂ = memory utilisation × limit.
 * Ordinary least squares y = a + b·x gives a baseline a (idle process) and a slope b (CPU-seconds per message,
 * MiB per message in flight). A fit is used only when it has ≥ 10 minutes, the load varied (CV of x ≥ 0.1) and
 * the slope is positive; otherwise the tuner falls back to the whole-window means (concurrency.ts).
 */
import type { MetricsView } from '../metrics/figures.ts';

export interface LinearFit {
  intercept: number;
  slope: number;
  r2: number;
  n: number;
}

/** Least squares over the pairs where both values are finite; undefined when x does not vary enough. */
export function linearFit(xs: readonly (number | null)[], ys: readonly (number | null)[]): LinearFit | undefined {
  const px: number[] = [];
  const py: number[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i];
    const y = ys[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) {
      px.push(x);
      py.push(y);
    }
  }
  const n = px.length;
  if (n < 10) return undefined;
  const mx = px.reduce((a, b) => a + b, 0) / n;
  const my = py.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (px[i]! - mx) ** 2;
    sxy += (px[i]! - mx) * (py[i]! - my);
    syy += (py[i]! - my) ** 2;
  }
  if (!(mx > 0) || Math.sqrt(sxx / n) / mx < 0.1) return undefined;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 0, n };
}

/** CPU utilisation at or above which a minute is saturated and left out of the CPU fit. */
export const CPU_FIT_SATURATED = 0.9;

export interface ResourceFits {
  /** CPU (vCPU) used per instance against acked messages per second per instance. */
  cpu?: LinearFit;
  /** Memory (MiB) used per instance against messages in flight per instance. */
  memory?: LinearFit;
}

type Series = readonly (number | null)[];
interface SeriesView {
  snapshot?: { pools?: Record<string, { instanceCount?: Series; cpuUtilization?: Series; memoryUtilization?: Series } | undefined> };
  subscriptionSeries?: (pool: string) => { ackedMessagesPerMin?: Series } | undefined;
}

/**
 * Fits for a pool when the metrics view carries per-minute series (a snapshot view does: `snapshot.pools` and
 * `subscriptionSeries`); undefined otherwise.
 */
export function resourceFits(view: MetricsView | undefined, pool: string, vcpu: number, memoryMiB: number, meanProcessingSec: number): ResourceFits | undefined {
  const v = view as (MetricsView & SeriesView) | undefined;
  const ps = v?.snapshot?.pools?.[pool];
  const acked = typeof v?.subscriptionSeries === 'function' ? v.subscriptionSeries(pool)?.ackedMessagesPerMin : undefined;
  if (!ps?.instanceCount || !acked) return undefined;
  const inst = ps.instanceCount;
  const thr = acked.map((a, i) => (a !== null && (inst[i] ?? 0)! > 0 ? a / 60 / inst[i]! : null));
  const inFlight = thr.map((t) => (t === null ? null : t * meanProcessingSec));
  // A CPU-saturated minute's CPU is capped by the vCPU, not set by its messages: it would flatten the slope and
  // inflate the idle baseline, so minutes at or above CPU_FIT_SATURATED are left out (when enough others remain).
  // So are minutes whose instance count changed from the minute before: the gauge is one sample per minute, so
  // the minute's acks were made by more (scale-down) or fewer ready (scale-up, instances still starting)
  // instances than it says, and x is off while y, a mean over the ready instances, is not (an errors-in-x
  // outlier that bends the slope down; on the corpus's CPU-bound CREMA pool the slope was 0.045 against a true
  // 0.060 with them, 0.060 without).
  const steady = (i: number) => i > 0 && inst[i] === inst[i - 1];
  const cpuOf = (cap: number, steadyOnly: boolean) => ps.cpuUtilization!.map((u, i) => (u === null || u >= cap || (steadyOnly && !steady(i)) ? null : u * vcpu));
  const cpu = ps.cpuUtilization
    ? linearFit(thr, cpuOf(CPU_FIT_SATURATED, true)) ?? linearFit(thr, cpuOf(CPU_FIT_SATURATED, false)) ?? linearFit(thr, cpuOf(Infinity, false))
    : undefined;
  const memory = ps.memoryUtilization ? linearFit(inFlight, ps.memoryUtilization.map((u) => (u === null ? null : u * memoryMiB))) : undefined;
  return { cpu: cpu && cpu.slope > 0 ? cpu : undefined, memory: memory && memory.slope > 0 ? memory : undefined };
}
