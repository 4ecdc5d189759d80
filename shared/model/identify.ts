/**
 * Identification: before any search, the pool model's hidden parameters are fitted to the recording, so that a
 * pool recorded while throttled, CPU-bound or serving mixed work is modelled as the pool it is, not as a pool whose
 * recorded (stretched) processing time is intrinsic work. From the per-minute series (acked, backlog, instances,
 * CPU, ack-latency percentiles):
 * - occupancy per minute, Little's law (L = λW, Little 1961): in-flight ≈ acked/s × processing; ÷ slots (instances
 *   × concurrency). "Calm" minutes: occupancy ≤ CALM_OCCUPANCY and no queue beyond what is in flight; their
 *   processing percentiles (ack-weighted medians) are the intrinsic service time.
 * - "pressed" minutes: backlog ÷ throughput (the time a message spends unacked, Little again) exceeds the intrinsic
 *   processing by PRESSED_WAIT_FACTOR × mean + PRESSED_WAIT_SEC: a queue the pool is not draining.
 * - a plateau: throughput over the pressed minutes within PLATEAU_SPREAD of its median while the slots could do
 *   CEILING_HEADROOM× more and processing stretched by STRETCH_MIN×: a downstream ceiling (declared or not). CPU at
 *   or above CPU_SATURATED over the pressed minutes with stretched processing is CPU contention instead (processor
 *   sharing: the one CPU model, model/cpu.ts, already reproduces it).
 * - mixed work (identify-mixture.ts) and start-up time and scaler lag (identify-lag.ts).
 * Assumptions: the recorded ack latency is delivery → ack, so waiting inside a slot (for a rate limiter, for CPU)
 * is part of it; the backlog gauge counts in-flight messages (num_undelivered_messages: unacked, docs/sources.md#pubsub-metrics).
 */
import type { Identification, ModelOverrides } from './identify-schema.ts';
import { fitMixture, HEAVY_TAIL_RATIO, HEAVY_TAIL_SPREAD, tailRatio } from './identify-mixture.ts';
import { fitScalerLag, fitStartup } from './identify-lag.ts';
import { serviceMoments, serviceQuantile } from '../simulate/distributions.ts';
import type { ServiceTime } from '../simulate/types.ts';

export const CALM_OCCUPANCY = 0.5;
/** Calm minutes also keep CPU at or below this (above it processor sharing may already stretch processing). */
export const CALM_CPU = 0.5;
export const PRESSED_WAIT_FACTOR = 2;
export const PRESSED_WAIT_SEC = 30;
export const PLATEAU_SPREAD = 0.25;
export const CEILING_HEADROOM = 1.5;
export const STRETCH_MIN = 1.5;
export const CPU_SATURATED = 0.85;
/** Fewer pressed minutes than this: no plateau is claimed. */
export const MIN_PRESSED_MINUTES = 5;

type Series = readonly (number | null | undefined)[] | undefined;

export interface IdentifyInput {
  acked?: Series;
  backlog?: Series;
  instances?: Series;
  cpu?: Series;
  p50Ms?: Series;
  p95Ms?: Series;
  p99Ms?: Series;
  /** Per-instance concurrency today (client default when unset). */
  concurrency: number;
  /** Manual instance count today, when the pool is manually scaled (the instance series may be absent). */
  manualInstances?: number;
  declaredLimitPerSec?: number;
  declaredStartupSec?: number;
  /** True when a queue-depth scaler sizes the pool (the lag is fitted only then). */
  scaled: boolean;
  overrides?: ModelOverrides;
}

export interface IdentifyResult {
  identification: Identification;
  /** The service time the simulator should draw from. */
  serviceTime: ServiceTime;
  meanSec: number;
  p99Sec: number;
  cv: number;
  /** The downstream ceiling the model uses (declared, inferred or overridden), msg/s. */
  downstreamLimitPerSec?: number;
  startupSec?: number;
  scalerLagSec?: number;
}

const num = (s: Series, i: number): number | undefined => {
  const v = s?.[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
const sig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(2)).toString());

/** Weighted median of values. */
export function weightedMedian(xs: readonly { v: number; w: number }[]): number {
  const s = [...xs].sort((a, b) => a.v - b.v);
  const total = s.reduce((a, x) => a + x.w, 0);
  let acc = 0;
  for (const x of s) {
    acc += x.w;
    if (acc >= total / 2) return x.v;
  }
  return s[s.length - 1]?.v ?? NaN;
}

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] ?? NaN;
};

interface Minute { i: number; thr: number; n: number; backlog?: number; cpu?: number; p50: number; p95: number; p99: number; occupancy?: number; unackedSec?: number }

/** Minutes with acks and processing percentiles, with the per-minute derived figures. */
function minutesOf(input: IdentifyInput): Minute[] {
  const len = Math.max(input.acked?.length ?? 0, input.p50Ms?.length ?? 0);
  const out: Minute[] = [];
  for (let i = 0; i < len; i++) {
    const a = num(input.acked, i);
    const p50 = num(input.p50Ms, i);
    const p99 = num(input.p99Ms, i);
    if (a === undefined || a <= 0 || p50 === undefined || p99 === undefined || p50 <= 0) continue;
    const p95 = num(input.p95Ms, i) ?? Math.sqrt(p50 * p99);
    const n = num(input.instances, i) ?? input.manualInstances ?? 0;
    const thr = a / 60;
    const backlog = num(input.backlog, i);
    const cpu = num(input.cpu, i);
    const m: Minute = { i, thr, n, p50: p50 / 1000, p95: p95 / 1000, p99: Math.max(p99, p50) / 1000 };
    if (backlog !== undefined) m.backlog = backlog;
    if (cpu !== undefined) m.cpu = cpu;
    if (n > 0) m.occupancy = (thr * m.p50) / (n * input.concurrency);
    if (backlog !== undefined) m.unackedSec = backlog / thr;
    out.push(m);
  }
  return out;
}

/** Calm minutes: low occupancy, no queue beyond in-flight; else the fifth with the least time unacked. */
function calmMinutes(ms: readonly Minute[]): { calm: Minute[]; fallback: boolean } {
  const calm = ms.filter((m) => (m.occupancy === undefined || m.occupancy <= CALM_OCCUPANCY) && (m.unackedSec === undefined || m.unackedSec <= 3 * m.p50 + PRESSED_WAIT_SEC) && (m.cpu === undefined || m.cpu <= CALM_CPU));
  if (calm.length >= 5) return { calm, fallback: false };
  // Too few: the fifth of the minutes with the least time unacked and the least CPU (a CPU-bound pool's
  // lightest minutes stretch least).
  const ranked = [...ms].sort((a, b) => (a.unackedSec ?? a.p50) * (1 + (a.cpu ?? 0)) - (b.unackedSec ?? b.p50) * (1 + (b.cpu ?? 0)));
  return { calm: ranked.slice(0, Math.max(1, Math.ceil(ranked.length / 5))), fallback: true };
}

/** Below this median of acks per calm minute, per-minute tails are not resolvable. */
export const SPARSE_ACKS_PER_MIN = 100;

/** Intrinsic p50 and p99 within these shares of the recorded ones: the recorded distribution is kept. */
export const AS_RECORDED_P50 = 0.1;
export const AS_RECORDED_P99 = 0.15;

/** A fitted mixture is kept only below this RMS log error, and at most half the single lognormal's. */
export const MIXTURE_MAX_ERROR = 0.15;

/**
 * Two shapes a single lognormal cannot make: a top percent far beyond the body (tail ratio above
 * HEAVY_TAIL_RATIO with p99 ≥ HEAVY_TAIL_SPREAD × p50: a few very heavy messages), or a tail too short for its
 * body (ratio under 1.2 with p95 ≥ 3 × p50: a heavy mode big enough to hold both p95 and p99).
 */
function looksMixed(p50: number, p95: number, p99: number, ratio: number): boolean {
  return (ratio > HEAVY_TAIL_RATIO && p99 / p50 > HEAVY_TAIL_SPREAD) || (ratio < 1.2 && p95 / p50 > 3);
}

/** RMS log error of the lognormal through p50 and p99 at p95 (and the mean, when known): the baseline a mixture must beat. */
function lognormalError(p50: number, p95: number, p99: number, meanSec: number | undefined): number {
  const st: ServiceTime = { kind: 'lognormal', p50Sec: p50, p99Sec: p99 };
  const errs = [Math.log(serviceQuantile(st, 0.95) / p95)];
  if (meanSec !== undefined && meanSec > 0) errs.push(Math.log(serviceMoments(st).meanSec / meanSec));
  return Math.sqrt(errs.reduce((a, e) => a + e * e, 0) / (errs.length + 2));
}

interface Intrinsic {
  calm: Minute[];
  fallback: boolean;
  sparse: boolean;
  p50: number;
  p95: number;
  p99: number;
  serviceTime: ServiceTime;
  basis: Identification['serviceTime']['basis'];
  mixture?: Identification['mixture'];
}

/** Intrinsic service time: calm minutes' percentiles, an override, or a mixture when one lognormal cannot fit. */
function intrinsic(ms: readonly Minute[], o: ModelOverrides): Intrinsic {
  const { calm, fallback } = calmMinutes(ms);
  const w = (pick: (m: Minute) => number) => weightedMedian(calm.map((m) => ({ v: pick(m), w: m.thr })));
  let p50 = w((m) => m.p50);
  let p95 = w((m) => m.p95);
  let p99 = Math.max(w((m) => m.p99), p95);
  // Little's law on calm minutes: mean processing ≈ in-flight (backlog, no queue) ÷ throughput.
  const calmLittle = calm.filter((m) => m.backlog !== undefined && m.backlog >= 1);
  const littleMean = calmLittle.length >= 5 ? calmLittle.reduce((a, m) => a + m.backlog!, 0) / calmLittle.reduce((a, m) => a + m.thr, 0) : undefined;
  let basis: Identification['serviceTime']['basis'] = 'inferred';
  let serviceTime: ServiceTime = { kind: 'lognormal', p50Sec: p50, p99Sec: p99 };
  let mixture: Identification['mixture'];
  if (o.processingP50Sec !== undefined) {
    p50 = o.processingP50Sec;
    p99 = Math.max(o.processingP99Sec ?? p50 * (p99 / Math.max(1e-9, w((m) => m.p50))), p50);
    p95 = Math.exp(Math.log(p50) + (Math.log(p99 / p50) * 1.6448536) / 2.3263479);
    serviceTime = { kind: 'lognormal', p50Sec: p50, p99Sec: p99 };
    basis = 'override';
  }
  // Minutes with few acks have no resolvable p99 (the p99 of a handful of messages is their maximum): their tails
  // neither suggest mixed work nor contradict the recorded p99.
  const sparse = quantile(calm.map((m) => m.thr * 60), 0.5) < SPARSE_ACKS_PER_MIN;
  const ratio = sparse ? undefined : tailRatio(p50, p95, p99);
  if (o.heavyShare !== undefined && o.heavyShare > 0) {
    const k = o.heavyFactor ?? 10;
    const s = Math.log(p95 / p50) / 1.6448536;
    const light = { p50Sec: p50, p99Sec: p50 * Math.exp(2.3263479 * Math.max(0.05, s)) };
    serviceTime = { kind: 'mixture', heavyShare: o.heavyShare, light, heavy: { p50Sec: light.p50Sec * k, p99Sec: light.p99Sec * k } };
    mixture = { heavyShare: o.heavyShare, heavyFactor: k, basis: 'override', evidence: `pools.<name>.model.heavyShare ${o.heavyShare}, heavyFactor ${k} in pool-tuner.yaml` };
  } else if (o.heavyShare === undefined && basis !== 'override' && ratio !== undefined && looksMixed(p50, p95, p99, ratio)) {
    const fit = fitMixture({ p50, p95, p99, ...(littleMean !== undefined ? { meanSec: littleMean } : {}) });
    if (fit && fit.error < MIXTURE_MAX_ERROR && fit.error < 0.5 * lognormalError(p50, p95, p99, littleMean)) {
      serviceTime = fit.serviceTime;
      mixture = {
        heavyShare: fit.heavyShare, heavyFactor: fit.heavyFactor, basis: 'inferred',
        evidence: `processing p50 ${sig(p50)} s, p95 ${sig(p95)} s, p99 ${sig(p99)} s on unsaturated minutes: a tail ratio ln(p99/p50)/ln(p95/p50) of ${ratio.toFixed(2)} where one lognormal gives 1.41${littleMean !== undefined ? `, and a mean of ${sig(littleMean)} s by Little's law (in flight ÷ throughput)` : ''}; two modes fit: ${sig(fit.heavyShare * 100)}% of messages about ${sig(fit.heavyFactor)}× the rest`,
      };
    }
  }
  return { calm, fallback, sparse, p50, p95, p99, serviceTime, basis, ...(mixture ? { mixture } : {}) };
}

/** The service-time evidence sentence, and whether the recorded distribution is kept (no sign it is not the work). */
function serviceEvidence(ms: readonly Minute[], x: Intrinsic): { basis: Identification['serviceTime']['basis']; evidence: string; recordedP50: number; recordedP99: number } {
  const all = (pick: (m: Minute) => number) => weightedMedian(ms.map((m) => ({ v: pick(m), w: m.thr })));
  const recordedP50 = all((m) => m.p50);
  const recordedP99 = all((m) => m.p99);
  const { p50, p99, calm, sparse, fallback } = x;
  // No evidence the recording differs from the work itself: the recorded distribution stays the model's (one
  // processing time for review and tune), and identification says so.
  const asRecorded = x.basis === 'inferred' && !x.mixture && !fallback && Math.abs(p50 / recordedP50 - 1) <= AS_RECORDED_P50 && (sparse || Math.abs(p99 / recordedP99 - 1) <= AS_RECORDED_P99);
  const basis = asRecorded ? 'recorded' : x.basis;
  const evidence = basis === 'override'
    ? `pools.<name>.model.processingP50Sec ${sig(p50)} s in pool-tuner.yaml`
    : fallback
      ? `no unsaturated minute in the recording: the ${calm.length} minutes with the least time unacked give p50 ${sig(p50)} s, p99 ${sig(p99)} s (may include waiting)`
      : basis === 'recorded'
        ? `${calm.length} of ${ms.length} minutes unsaturated give p50 ${sig(p50)} s, p99 ${sig(p99)} s, ${sparse ? `a p50 within ${AS_RECORDED_P50 * 100}% of the whole recording's ${sig(recordedP50)} s (too few acks per minute to resolve the tail)` : `within ${AS_RECORDED_P50 * 100}%/${AS_RECORDED_P99 * 100}% of the whole recording's ${sig(recordedP50)} s / ${sig(recordedP99)} s`}: the recorded processing time is the work itself`
        : `${calm.length} of ${ms.length} minutes unsaturated (occupancy ≤ ${CALM_OCCUPANCY * 100}%, no queue, CPU ≤ ${CALM_CPU * 100}%): p50 ${sig(p50)} s, p99 ${sig(p99)} s; the whole recording's ${sig(recordedP50)} s / ${sig(recordedP99)} s`;
  return { basis, evidence, recordedP50, recordedP99 };
}

/** Pressed minutes and what limited them: CPU, a throughput plateau (throttle), or the slots. */
function pressure(ms: readonly Minute[], concurrency: number, p50: number, meanSec: number): { pressed: Minute[]; stretch: Identification['stretch']; plateau?: number } {
  const pressed = ms.filter((m) => m.unackedSec !== undefined && m.backlog! >= 20 && m.unackedSec >= PRESSED_WAIT_FACTOR * meanSec + PRESSED_WAIT_SEC + meanSec);
  const stretchFactor = pressed.length ? quantile(pressed.map((m) => m.p50 / p50), 0.5) : 1;
  if (pressed.length < MIN_PRESSED_MINUTES) return { pressed, stretch: { kind: 'none', factor: 1, evidence: 'no minute with a queue the pool was not draining' } };
  const thr = pressed.map((m) => m.thr);
  const med = quantile(thr, 0.5);
  const spread = (quantile(thr, 0.9) - quantile(thr, 0.1)) / med;
  const slots = quantile(pressed.filter((m) => m.n > 0).map((m) => (m.n * concurrency) / meanSec), 0.5);
  const cpuMed = pressed.some((m) => m.cpu !== undefined) ? quantile(pressed.filter((m) => m.cpu !== undefined).map((m) => m.cpu!), 0.5) : undefined;
  const range = `${Math.round(Math.min(...pressed.map((m) => m.backlog!)))}–${Math.round(Math.max(...pressed.map((m) => m.backlog!)))} unacked`;
  const stretched = `processing stretched ${sig(stretchFactor)}× (p50 ${sig(p50 * stretchFactor)} s vs ${sig(p50)} s unsaturated)`;
  if (cpuMed !== undefined && cpuMed >= CPU_SATURATED && stretchFactor >= 1.2) {
    return { pressed, stretch: { kind: 'cpu', factor: stretchFactor, evidence: `over ${pressed.length} pressed minutes CPU ran at ${Math.round(cpuMed * 100)}% and ${stretched}: CPU contention` } };
  }
  if (spread <= PLATEAU_SPREAD && (Number.isFinite(slots) ? slots >= CEILING_HEADROOM * med : true) && stretchFactor >= STRETCH_MIN) {
    return { pressed, plateau: med, stretch: { kind: 'throttle', factor: stretchFactor, evidence: `over ${pressed.length} pressed minutes (${range}) throughput held at ${sig(med)} msg/s (±${Math.round((spread * 100) / 2)}%) while ${stretched}${Number.isFinite(slots) ? ` and the slots could do ${sig(slots)} msg/s` : ''}: calls waited inside their slots` } };
  }
  return { pressed, stretch: { kind: 'capacity', factor: stretchFactor, evidence: `over ${pressed.length} pressed minutes (${range}) processing stayed near ${sig(p50 * stretchFactor)} s (${sig(stretchFactor)}× unsaturated): the slots were the limit` } };
}

/** The effective downstream ceiling: declared (with a note when the recording contradicts it), or the plateau, inferred. */
function ceilingOf(input: IdentifyInput, plateau: number | undefined, stretch: Identification['stretch'], notes: string[]): Identification['downstreamLimit'] {
  const declared = input.declaredLimitPerSec;
  if (declared !== undefined) {
    if (plateau !== undefined && Math.abs(plateau - declared) / declared > 0.25) {
      notes.push(`The recording plateaued at ≈${sig(plateau)} msg/s, not the declared ${declared} msg/s: the declared downstream limit may be stale.`);
    }
    return { perSec: declared, basis: 'declared', ...(plateau !== undefined ? { plateauPerSec: plateau } : {}), evidence: `downstreamLimitPerSec ${declared} in pool-tuner.yaml${plateau !== undefined ? `; the recording plateaued at ≈${sig(plateau)} msg/s` : ''}` };
  }
  if (plateau === undefined || input.overrides?.inferDownstreamLimit === false) return undefined;
  return { perSec: plateau, basis: 'inferred', plateauPerSec: plateau, evidence: `throughput plateaued at ≈${sig(plateau)} msg/s while the backlog grew: a downstream limit? (${stretch.evidence}; set downstreamLimitPerSec, or model.inferDownstreamLimit: false, in pool-tuner.yaml)` };
}

export function identifyPool(input: IdentifyInput): IdentifyResult | undefined {
  const ms = minutesOf(input);
  if (ms.length === 0) return undefined;
  const o = input.overrides ?? {};
  const notes: string[] = [];
  const x = intrinsic(ms, o);
  const { basis, evidence, recordedP50, recordedP99 } = serviceEvidence(ms, x);
  if (x.fallback) notes.push('No unsaturated minute: the intrinsic processing time is a guess. A recording of a quieter hour, or pools.<name>.model.processingP50Sec, would settle it.');
  const moments = serviceMoments(x.serviceTime);
  const meanSec = moments.meanSec;
  const { pressed, stretch, plateau } = pressure(ms, input.concurrency, x.p50, meanSec);
  const downstream = ceilingOf(input, plateau, stretch, notes);
  const startup = input.declaredStartupSec !== undefined
    ? { value: input.declaredStartupSec, basis: 'declared' as const, evidence: `startupTimeSec ${input.declaredStartupSec} in pool-tuner.yaml` }
    : fitStartup({ ms: ms.map((m) => ({ i: m.i, thr: m.thr, n: m.n })), pressed: new Set(pressed.map((m) => m.i)), instances: input.instances, capacityBound: stretch.kind === 'capacity' });
  const lag = o.scalerLagSec !== undefined
    ? { value: o.scalerLagSec, basis: 'override' as const, evidence: `model.scalerLagSec ${o.scalerLagSec} in pool-tuner.yaml` }
    : input.scaled ? fitScalerLag(input.backlog, input.instances) : undefined;
  const identification: Identification = {
    minutes: { used: ms.length, calm: x.fallback ? 0 : x.calm.length, pressed: pressed.length },
    serviceTime: { p50Sec: x.p50, p95Sec: x.p95, p99Sec: x.p99, meanSec, basis, recordedP50Sec: recordedP50, recordedP99Sec: recordedP99, evidence },
    stretch,
    ...(downstream ? { downstreamLimit: downstream } : {}),
    ...(x.mixture ? { mixture: x.mixture } : {}),
    ...(startup ? { startupSec: startup } : {}),
    ...(lag ? { scalerLagSec: lag } : {}),
    notes,
  };
  return {
    identification, serviceTime: x.serviceTime, meanSec, p99Sec: x.p99, cv: moments.cv,
    ...(downstream ? { downstreamLimitPerSec: downstream.perSec } : {}),
    ...(startup ? { startupSec: startup.value } : {}),
    ...(lag ? { scalerLagSec: lag.value } : {}),
  };
}
