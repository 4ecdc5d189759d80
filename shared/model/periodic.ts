/**
 * Periodic peaks in the recorded arrivals (issue 22): an hourly batch drop, a nightly export, the morning ramp of a
 * diurnal shop. Queue-depth scaling reacts 2–4 minutes late to each of them (Pub/Sub backlog ingestion delay plus
 * start-up, docs/sources.md#crema); a peak that repeats at a known phase can be scheduled ahead (KEDA cron).
 *
 * Method (folding the series at a candidate period, as in epoch folding of periodic signals; no spectral fit, the
 * recordings are short): for each period P (hourly, daily, weekly) with at least MIN_REPETITIONS whole
 * repetitions, each repetition's busiest stretch is found (a moving mean of width P/240 to ride over Poisson noise),
 * extended to the contiguous minutes above half its height over the base rate (full width at half maximum), then the
 * busiest stretch left once that one is masked (a second peak of the day: a morning and an evening ramp), each
 * kept as a hit when it is a burst: high (≥ PEAK_FACTOR × base and ≥ NOISE_SIGMAS Poisson standard deviations above
 * it: a minute's count is Poisson with variance = mean) and short (under half the period). Hits are grouped by phase;
 * a group is a regular peak when at least HIT_SHARE of the repetitions hit, with start phases within JITTER_SHARE
 * of the period of their median.
 * The base rate is the 30th percentile of the minutes: below any peak that covers under 70% of the time.
 */

import { localClockSeries, type OffsetChange } from './local-clock.ts';

/** Repetitions a period needs before its peak is called regular (issue 22: weekly only with ≥ 3). */
export const MIN_REPETITIONS = 3;
/** A burst is at least this many times the base rate. */
export const PEAK_FACTOR = 2;
/** …and this many Poisson standard deviations (√base per minute) above it. */
export const NOISE_SIGMAS = 4;
/** Share of repetitions that must show the peak. */
export const HIT_SHARE = 0.8;
/** Largest spread of the start phase, as a share of the period (6 min of an hour, 2.4 h of a day). */
export const JITTER_SHARE = 0.1;

export const PERIODS = [
  { name: 'hour', minutes: 60 },
  { name: 'day', minutes: 1440 },
  { name: 'week', minutes: 10080 },
] as const;
export type PeriodName = typeof PERIODS[number]['name'];

export interface PeriodicPeak {
  period: PeriodName;
  periodMinutes: number;
  /** Start of the peak within the period, minutes from the period's start on the clock (the time zone's wall clock, else UTC, when the window start is known; else from the window start). */
  startPhaseMinute: number;
  /** Length of the peak (full width at half maximum), minutes; the widest repetition's. */
  durationMinutes: number;
  /** Mean arrivals per minute inside the peak ÷ the base rate (median over the repetitions). */
  heightRatio: number;
  /** Mean arrivals per minute inside the peak (median over the repetitions). */
  peakPerMinute: number;
  basePerMinute: number;
  /** Largest distance of a repetition's start from the median start, minutes. */
  jitterMinutes: number;
  hits: number;
  repetitions: number;
  /** Index in the series of the first minute of each hit repetition's peak. */
  starts: number[];
  evidence: string;
}

export interface Periodicity {
  peaks: PeriodicPeak[];
  /** The zone whose wall clock the phases are read on (absent: UTC), and its UTC-offset changes inside the recording. */
  timezone?: string;
  offsetChanges?: OffsetChange[];
  /** Why no peak is regular enough, when none is. */
  none?: string;
}

interface Burst { start: number; end: number; mean: number }

/** The 30th percentile: the base rate under peaks that cover less than 70% of the minutes (nearest rank). */
export function baseRate(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(0.3 * s.length))]! : 0;
}

function movingMean(xs: readonly number[], width: number): number[] {
  if (width <= 1) return [...xs];
  const half = Math.floor(width / 2);
  return xs.map((_, i) => {
    const a = Math.max(0, i - half);
    const b = Math.min(xs.length, i + half + 1);
    let s = 0;
    for (let j = a; j < b; j++) s += xs[j]!;
    return s / (b - a);
  });
}

/** The busiest stretch of one repetition [from, from + P), extended to half its height over base (FWHM). */
function burstIn(raw: readonly number[], smooth: readonly number[], from: number, p: number, base: number): Burst {
  let top = from;
  for (let i = from; i < from + p; i++) if (smooth[i]! > smooth[top]!) top = i;
  const half = base + (smooth[top]! - base) / 2;
  let start = top;
  let end = top + 1;
  while (start > from && smooth[start - 1]! > half) start--;
  while (end < from + p && smooth[end]! > half) end++;
  let sum = 0;
  for (let i = start; i < end; i++) sum += raw[i]!;
  return { start, end, mean: sum / (end - start) };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

/** Circular distance of phases a and b on a period of p minutes. */
function phaseDistance(a: number, b: number, p: number): number {
  const d = Math.abs(a - b) % p;
  return Math.min(d, p - d);
}

/** Peaks searched per repetition (issue 22: a morning and an evening ramp are two windows). */
export const MAX_PEAKS_PER_PERIOD = 2;

/**
 * The bursts of each repetition, tallest first: the busiest stretch, then the busiest one left once the first is
 * masked with a margin of its own length on each side (so its shoulders are not a second burst), up to
 * MAX_PEAKS_PER_PERIOD; each kept when it is a burst (high and short enough, header).
 */
function burstsOf(xs: readonly number[], smooth: readonly number[], p: number, reps: number, base: number, floor: number): { rep: number; b: Burst }[] {
  const out: { rep: number; b: Burst }[] = [];
  for (let r = 0; r < reps; r++) {
    const masked = [...smooth];
    for (let k = 0; k < MAX_PEAKS_PER_PERIOD; k++) {
      const b = burstIn(xs, masked, r * p, p, base);
      if (!(b.mean >= floor && b.end - b.start <= p / 2)) break;
      out.push({ rep: r, b });
      const len = b.end - b.start;
      for (let i = Math.max(r * p, b.start - len); i < Math.min((r + 1) * p, b.end + len); i++) masked[i] = base;
    }
  }
  return out;
}

/**
 * Bursts grouped by phase: each joins the first group whose first member starts within JITTER_SHARE of the period
 * of it (circular distance), one burst per repetition per group (the taller one, as they come tallest first).
 */
function groupByPhase(bursts: readonly { rep: number; b: Burst }[], p: number): Burst[][] {
  const groups: { phase: number; reps: Set<number>; bursts: Burst[] }[] = [];
  for (const { rep, b } of [...bursts].sort((x, y) => y.b.mean - x.b.mean)) {
    const ph = b.start % p;
    const g = groups.find((x) => phaseDistance(x.phase, ph, p) <= JITTER_SHARE * p);
    if (!g) groups.push({ phase: ph, reps: new Set([rep]), bursts: [b] });
    else if (!g.reps.has(rep)) { g.reps.add(rep); g.bursts.push(b); }
  }
  return groups.map((g) => g.bursts.sort((x, y) => x.start - y.start));
}

/** One period's verdict: its regular peaks (tallest first), or why none (undefined when the recording is too short). */
function peaksAt(xs: readonly number[], period: typeof PERIODS[number], base: number, clockOffsetMinutes: number, zone?: string): PeriodicPeak[] | string | undefined {
  const p = period.minutes;
  const reps = Math.floor(xs.length / p);
  if (reps < MIN_REPETITIONS) return undefined;
  const smooth = movingMean(xs, Math.max(1, Math.round(p / 240)));
  // Poisson noise: a minute's count has standard deviation √mean (assumption: arrivals Poisson within a minute).
  const floor = Math.max(base * PEAK_FACTOR, base + NOISE_SIGMAS * Math.sqrt(Math.max(base, 1)));
  const all = burstsOf(xs, smooth, p, reps, base, floor);
  const need = Math.max(MIN_REPETITIONS, Math.ceil(HIT_SHARE * reps));
  const peaks = groupByPhase(all, p).filter((g) => g.length >= need).map((g) => peakOf(g, period, reps, base, clockOffsetMinutes, zone))
    .filter((pk) => pk.jitterMinutes <= JITTER_SHARE * p);
  if (peaks.length) return peaks.sort((a, b) => b.peakPerMinute - a.peakPerMinute);
  // Why not: the first bursts of each repetition, as one group (too few, or too far apart).
  const first = all.filter((x, i) => i === 0 || all[i - 1]!.rep !== x.rep).map((x) => x.b);
  if (first.length < need) return `${first.length} of ${reps} ${period.name}s show a burst`;
  const mid = median(first.map((b) => b.start % p));
  const jitter = first.reduce((m, b) => Math.max(m, phaseDistance(b.start % p, mid, p)), 0);
  return `the bursts of ${first.length} ${period.name}s start up to ${Math.round(jitter)} min apart`;
}

/** A regular peak from its group of bursts (one per repetition that shows it). */
function peakOf(bursts: readonly Burst[], period: typeof PERIODS[number], reps: number, base: number, clockOffsetMinutes: number, zone?: string): PeriodicPeak {
  const p = period.minutes;
  const phases = bursts.map((b) => b.start % p);
  const mid = median(phases);
  const jitter = phases.reduce((m, ph) => Math.max(m, phaseDistance(ph, mid, p)), 0);
  const durationMinutes = bursts.reduce((m, b) => Math.max(m, b.end - b.start), 0);
  const peakPerMinute = median(bursts.map((b) => b.mean));
  const startPhaseMinute = (mid + clockOffsetMinutes) % p;
  const peak = {
    period: period.name, periodMinutes: p, startPhaseMinute, durationMinutes, peakPerMinute, basePerMinute: base,
    heightRatio: base > 0 ? peakPerMinute / base : Infinity, jitterMinutes: jitter, hits: bursts.length, repetitions: reps,
    starts: bursts.map((b) => b.start),
  };
  return { ...peak, evidence: peakEvidence(peak, zone) };
}

/** Minutes into a period as the clock reads them: "minute 0–5 of every hour", "08:00–10:30 every day". */
export function phaseText(startMin: number, durMin: number, period: PeriodName): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  if (period === 'hour') return `minute ${startMin}–${startMin + durMin} of every hour`;
  if (period === 'day') return `${hhmm(startMin)}–${hhmm(startMin + durMin)} every day`;
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  return `${days[Math.floor(startMin / 1440) % 7]} ${hhmm(startMin % 1440)}–${hhmm((startMin + durMin) % 1440)} every week`;
}

function peakEvidence(p: Omit<PeriodicPeak, 'evidence'>, zone?: string): string {
  const ratio = Number.isFinite(p.heightRatio) ? `≈${p.heightRatio >= 10 ? Math.round(p.heightRatio) : p.heightRatio.toFixed(1)}× the base rate` : `${Math.round(p.peakPerMinute)}/min over an idle base`;
  const kind = p.durationMinutes <= p.periodMinutes / 8 ? 'a burst' : 'a peak';
  const jitter = p.jitterMinutes > 0 ? ` (start ±${Math.round(p.jitterMinutes)} min)` : '';
  const clock = zone && p.period !== 'hour' ? ` (${zone})` : '';
  return `${kind} of ${ratio} at ${phaseText(Math.round(p.startPhaseMinute), p.durationMinutes, p.period)}${clock}, ${p.hits} of ${p.repetitions} ${p.period}s${jitter}`;
}

/**
 * The regular peaks of a per-minute arrival series, shortest period first (within a period, up to
 * MAX_PEAKS_PER_PERIOD, tallest first). `windowStartUtcMs` (the recording's first minute, UTC) puts phases on the
 * clock (minute of the hour, time of day, Monday-based week); without it phases count from the window's start.
 * With a `timezone` other than UTC the series is folded on that zone's wall clock (local-clock.ts), the one KEDA's
 * cron runs on, daylight-saving changes included; `starts` stay indices of the recorded (UTC) series.
 */
export function detectPeriodicity(arrivalsPerMinute: readonly number[], windowStartUtcMs?: number, timezone?: string): Periodicity {
  const local = windowStartUtcMs !== undefined && timezone && !UTC_ZONES.has(timezone) ? localClockSeries(arrivalsPerMinute, windowStartUtcMs, timezone) : undefined;
  const xs = local?.series ?? arrivalsPerMinute;
  const clockStart = windowStartUtcMs === undefined ? undefined : windowStartUtcMs + (local?.offsetAtStartMinutes ?? 0) * 60_000;
  const base = baseRate(xs);
  const peaks: PeriodicPeak[] = [];
  const reasons: string[] = [];
  for (const period of PERIODS) {
    const offset = clockStart === undefined ? 0 : clockOffset(clockStart, period.minutes);
    const r = peaksAt(xs, period, base, offset, local ? timezone : undefined);
    if (r === undefined) continue;
    if (typeof r === 'string') reasons.push(r);
    else if (!peaks.some((q) => q.periodMinutes < period.minutes && period.minutes % q.periodMinutes === 0)) peaks.push(...r);
  }
  const zone = local ? { timezone: timezone!, offsetChanges: local.changes } : {};
  if (peaks.length) return { peaks: local ? peaks.map((p) => ({ ...p, starts: p.starts.map((j) => local.utcIndex[j] ?? j) })) : peaks, ...zone };
  const none = reasons.length
    ? `No peak is regular enough to schedule: ${reasons.join('; ')}.`
    : `No peak is regular enough to schedule: the recording (${arrivalsPerMinute.length} min) holds fewer than ${MIN_REPETITIONS} hours.`;
  return { peaks, none, ...zone };
}

/** Zones that are UTC all year: phases need no wall-clock folding. */
const UTC_ZONES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Etc/Zulu']);

/** Minutes from the period's clock start (UTC; weeks from Monday 00:00, 1970-01-01 being a Thursday) to the window start. */
function clockOffset(startUtcMs: number, periodMinutes: number): number {
  const minute = Math.floor(startUtcMs / 60_000);
  // 1970-01-05 was a Monday: 4 days after the epoch.
  const fromMonday = minute - 4 * 1440;
  return ((fromMonday % periodMinutes) + periodMinutes) % periodMinutes;
}
