/**
 * The workload a pool is tuned for: arrivals per minute over the recorded window, the processing-time
 * distribution and the failure profile. Built from metrics figures (and a per-minute series when the metrics
 * carry one), or from pool-tuner.yaml's declared processing time when there are no metrics.
 */
import type { MetricsView, PoolFigures } from '../metrics/figures.ts';
import type { ServiceTime } from '../simulate/types.ts';

export interface Workload {
  /** Where the numbers came from, for the output ("snapshot.json", "live", "declared", a trace id). */
  source: string;
  /** Published messages per minute, one entry per minute of the window; empty when unknown. */
  arrivalsPerMinute: number[];
  /** How the arrival series was obtained, for rationale text. */
  arrivalBasis: 'series' | 'stationary-p95' | 'none';
  serviceTime: ServiceTime;
  /** Mean intrinsic processing time (identified from the recording when it has per-minute percentiles). */
  processingMeanSec: number;
  /** The recorded p99 (delivery → ack: what leases see), or the declared distribution's. */
  processingP99Sec: number;
  /** Coefficient of variation of processing time (for the M/G/c approximation). */
  processingCv: number;
  /** Where the p99 came from, e.g. "measured" or "declared mean, lognormal CV 1 assumed". */
  processingBasis: string;
  /** Chance that one delivery fails and is nacked (transient; failures independent per delivery). */
  failureRatio: number;
  startupSec: number;
  /** Downstream rate limit across all instances, msg/s (pool-tuner.yaml downstreamLimitPerSec): the simulator throttles to it. */
  downstreamLimitPerSec?: number;
  /** vCPU-seconds per message (the per-minute CPU fit, resources.ts): processing stretches above CPU saturation. */
  cpuSecondsPerMessage?: number;
  /** Warm start from the recording at the first simulated minute: unacked messages and instances then. */
  initialBacklog?: number;
  /** The recorded oldest unacked age then, seconds: the initial backlog's publish times span it (backlog-reset.ts). */
  initialBacklogAgeSec?: number;
  initialInstances?: number;
  /** Joins of sampled segments: the recorded state at each join (simulator stateResets). */
  stateResets?: { minute: number; backlog?: number; instances?: number; oldestAgeSec?: number }[];
}

/** z for the 99th and 50th percentile of a standard normal. */
const Z99 = 2.3263;

/** Lognormal with the given mean and CV: σ² = ln(1 + CV²), μ = ln(mean) − σ²/2 (standard moment matching). */
export function lognormalFromMean(meanSec: number, cv: number): { p50Sec: number; p99Sec: number } {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const mu = Math.log(meanSec) - (sigma * sigma) / 2;
  return { p50Sec: Math.exp(mu), p99Sec: Math.exp(mu + Z99 * sigma) };
}

/** Mean and CV of a lognormal given p50 and p99: σ = ln(p99/p50)/z99, mean = p50·e^{σ²/2}, CV = √(e^{σ²} − 1). */
export function lognormalMoments(p50Sec: number, p99Sec: number): { meanSec: number; cv: number } {
  const sigma = Math.max(0, Math.log(p99Sec / p50Sec) / Z99);
  return { meanSec: p50Sec * Math.exp((sigma * sigma) / 2), cv: Math.sqrt(Math.exp(sigma * sigma) - 1) };
}

/** The CV assumed for a declared processing time (exponential-like spread) when nothing was measured. */
export const DECLARED_PROCESSING_CV = 1;

export interface WorkloadInput {
  source: string;
  figures?: PoolFigures;
  /** Per-minute published counts over the window, when the metrics source has the series. */
  arrivalsPerMinute?: readonly number[];
  declaredProcessingSec?: number;
  startupSec?: number;
  downstreamLimitPerSec?: number;
  /** The intrinsic service time identified from the recording (model/identify.ts): the simulator draws from it. */
  identified?: { serviceTime: ServiceTime; meanSec: number; cv: number; basis: string };
}

/** Builds the workload; undefined when neither metrics nor a declared processing time say how long work takes. */
export function buildWorkload(input: WorkloadInput): Workload | undefined {
  const f = input.figures;
  const pt = f?.processingTimeMs;
  let serviceTime: ServiceTime;
  let processingMeanSec: number;
  let processingP99Sec: number;
  let processingCv: number;
  let processingBasis: string;
  if (pt && pt.p50 > 0 && pt.p99 >= pt.p50 && input.identified) {
    // Identified: the simulator draws the intrinsic work; the p99 stays the recorded one (delivery → ack, what
    // leases and ack deadlines see, throttle waits included: model/ack-deadline.ts).
    serviceTime = input.identified.serviceTime;
    processingMeanSec = input.identified.meanSec;
    processingP99Sec = pt.p99 / 1000;
    processingCv = input.identified.cv;
    processingBasis = 'measured';
  } else if (pt && pt.p50 > 0 && pt.p99 >= pt.p50) {
    serviceTime = { kind: 'lognormal', p50Sec: pt.p50 / 1000, p99Sec: pt.p99 / 1000 };
    processingMeanSec = pt.mean / 1000;
    processingP99Sec = pt.p99 / 1000;
    processingCv = pt.cv;
    processingBasis = 'measured';
  } else if (input.declaredProcessingSec !== undefined && input.declaredProcessingSec > 0) {
    const ln = lognormalFromMean(input.declaredProcessingSec, DECLARED_PROCESSING_CV);
    serviceTime = { kind: 'lognormal', ...ln };
    processingMeanSec = input.declaredProcessingSec;
    processingP99Sec = ln.p99Sec;
    processingCv = DECLARED_PROCESSING_CV;
    processingBasis = `declared mean ${input.declaredProcessingSec} s, lognormal with CV ${DECLARED_PROCESSING_CV} assumed`;
  } else {
    return undefined;
  }
  let arrivalsPerMinute: number[] = [];
  let arrivalBasis: Workload['arrivalBasis'] = 'none';
  if (input.arrivalsPerMinute && input.arrivalsPerMinute.length > 0) {
    arrivalsPerMinute = input.arrivalsPerMinute.map((n) => (Number.isFinite(n) && n > 0 ? n : 0));
    arrivalBasis = 'series';
  } else if (f?.arrivalRatePerSec) {
    // No per-minute series: a stationary window at the p95 rate (or the mean, or the max) — conservative for
    // sizing, and said so in the rationale.
    const rate = f.arrivalRatePerSec.p95 ?? f.arrivalRatePerSec.mean ?? f.arrivalRatePerSec.max;
    if (rate !== undefined && rate > 0) {
      const minutes = Math.max(60, Math.min(24 * 60, Math.round(f.windowSec / 60)));
      arrivalsPerMinute = new Array<number>(minutes).fill(rate * 60);
      arrivalBasis = 'stationary-p95';
    }
  }
  return {
    source: input.source,
    arrivalsPerMinute,
    arrivalBasis,
    serviceTime,
    processingMeanSec,
    processingP99Sec,
    processingCv,
    processingBasis,
    failureRatio: Math.min(0.99, Math.max(0, f?.failureRatio ?? 0)),
    startupSec: input.startupSec ?? 0,
    ...(input.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: input.downstreamLimitPerSec } : {}),
  };
}

export interface ArrivalStats {
  meanPerSec: number;
  peakPerSec: number;
  /** Coefficient of variation of the per-minute counts. */
  cv: number;
  minutes: number;
}

export function arrivalStats(perMinute: readonly number[]): ArrivalStats {
  const n = perMinute.length;
  if (n === 0) return { meanPerSec: 0, peakPerSec: 0, cv: 0, minutes: 0 };
  const mean = perMinute.reduce((a, b) => a + b, 0) / n;
  const variance = perMinute.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { meanPerSec: mean / 60, peakPerSec: Math.max(...perMinute) / 60, cv: mean > 0 ? Math.sqrt(variance) / mean : 0, minutes: n };
}

/**
 * The per-minute arrival series of a metrics view, when its source offers one: a view may carry an
 * `arrivalsPerMinute(pool)` method (the `MetricsView` contract only promises figures). Undefined otherwise.
 */
export function arrivalSeriesOf(view: MetricsView | undefined): ((pool: string) => readonly number[] | undefined) | undefined {
  const fn = (view as { arrivalsPerMinute?: unknown } | undefined)?.arrivalsPerMinute;
  if (typeof fn !== 'function') return undefined;
  return (pool: string) => {
    const out: unknown = fn.call(view, pool);
    return Array.isArray(out) && out.every((x) => typeof x === 'number') ? (out as number[]) : undefined;
  };
}

/** Messages the tuner simulates per candidate by default; longer/busier windows are sampled (`sampleForBudget`). */
export const DEFAULT_SIM_BUDGET_MESSAGES = 120_000;
const SEGMENT_MINUTES = 10;

export interface SampledArrivals {
  arrivalsPerMinute: number[];
  /** Index in the recording of each simulated minute (calibration compares the same minutes). */
  minutes: number[];
  /** Undefined when the window fit the budget and is simulated whole. */
  note?: string;
}

/**
 * Keeps each simulation to about `budgetMessages` messages: when the window holds more, simulates a systematic
 * sample instead — S evenly spaced 10-minute segments (S = budget share of the window ÷ 10 min, at least 1), one of
 * them moved to contain the busiest minute — joined end to end. The sample keeps the window's mix of quiet and
 * busy periods (so cost per month is estimated from the same mix) and its worst minute (so the SLO is tested
 * against it); the joins add rate jumps that make a scaler react, which errs towards more capacity.
 */
export function sampleForBudget(perMinute: readonly number[], budgetMessages: number): SampledArrivals {
  const n = perMinute.length;
  const total = perMinute.reduce((a, b) => a + b, 0);
  if (!(budgetMessages > 0) || total <= budgetMessages || n <= SEGMENT_MINUTES) return { arrivalsPerMinute: [...perMinute], minutes: perMinute.map((_, i) => i) };
  const minutes = Math.max(SEGMENT_MINUTES, Math.floor((n * budgetMessages) / total));
  const segments = Math.max(1, Math.floor(minutes / SEGMENT_MINUTES));
  const peakAt = perMinute.indexOf(Math.max(...perMinute));
  const peakStart = Math.min(n - SEGMENT_MINUTES, Math.max(0, peakAt - Math.floor(SEGMENT_MINUTES / 2)));
  const starts = Array.from({ length: segments }, (_, i) => (segments === 1 ? peakStart : Math.round((i * (n - SEGMENT_MINUTES)) / (segments - 1))));
  const nearest = starts.reduce((best, s, i) => (Math.abs(s - peakStart) < Math.abs(starts[best]! - peakStart) ? i : best), 0);
  starts[nearest] = peakStart;
  const sorted = starts.sort((a, b) => a - b);
  const out = sorted.flatMap((s) => perMinute.slice(s, s + SEGMENT_MINUTES));
  const minuteIndex = sorted.flatMap((s) => Array.from({ length: Math.min(SEGMENT_MINUTES, n - s) }, (_, j) => s + j));
  const kept = out.reduce((a, b) => a + b, 0);
  const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x >= 1e3 ? `${Math.round(x / 1e3)} k` : `${Math.round(x)}`);
  return {
    arrivalsPerMinute: out,
    minutes: minuteIndex,
    note: `The window has ${fmt(total)} messages over ${n} min: simulated a systematic sample of ${segments} × ${SEGMENT_MINUTES}-min segments (${out.length} min, ${fmt(kept)} messages, including the busiest minute) to keep each simulation near ${fmt(budgetMessages)} messages (--sim-budget).`,
  };
}
