/**
 * Stage "schedule" (issue 22): when the recording shows a regular peak (model/periodic.ts) and the pool is scaled by
 * CREMA/KEDA, search KEDA `cron` windows (start, end, desiredReplicas) together with the reactive Pub/Sub trigger,
 * on the same replays for both sides, and propose the schedule only when it meets the SLO at a lower cost than the
 * best reactive configuration, or meets it where the reactive one does not.
 *
 * Why it can win: queue-depth scaling sees the backlog 2+ minutes after it forms (Cloud Monitoring ingestion delay,
 * docs/sources.md#crema) and then waits for start-up, so a reactive pool meets a peak's SLO only with a
 * minReplicaCount sized for the peak all day. A cron window raises the count just before the peak instead.
 *
 * Replays: the bootstrap of 10-minute blocks (model/replays.ts) scatters a periodic peak over the period, i.e.
 * traffic that does not repeat, which no schedule is for; for this comparison each resampled draw is replaced by the
 * recorded arrivals shifted by up to the peak's observed jitter (earlier and later, alternately), with its own seed.
 * The recorded-seed draws and the growth stress are kept. Both sides run on that same set.
 */
import type { PredictedBands } from '../../model/bands-schema.ts';
import { targetCeilingFor } from '../../model/drain.ts';
import type { PoolModel } from '../../model/pool-model.ts';
import { detectPeriodicity, type PeriodicPeak, type Periodicity } from '../../model/periodic.ts';
import { replayBands, type Replay } from '../../model/replays.ts';
import { daylightSavingNote } from '../../model/local-clock.ts';
import { Evaluator, type Candidate, type Evaluation } from '../evaluate.ts';
import type { Schedule, ScheduleComparison } from '../schema.ts';

/** A schedule must save at least this share of the reactive cost (median over replays) to be worth a second trigger. */
export const SCHEDULE_MIN_SAVING = 0.03;
/** Screened schedule candidates confirmed on every replay, cheapest first. */
const MAX_CONFIRMED = 6;
/** Utilisation the window's count is sized for (Little's law busy slots = λ·E[S], with headroom for variance). */
const WINDOW_UTILISATION = 0.8;

export interface ScheduleInput {
  model: PoolModel;
  ev: Evaluator;
  /** The reactive choice of the confirm stage and its bands over the tuner's replays. */
  reactive: Evaluation;
  replays: readonly Replay[];
  minShare: number;
  /** UTC ms of the first simulated minute (0 when the recording's start is unknown). */
  clockStartUtcMs: number;
  timezone: string;
  /** False for a manual or CPU-autoscaled pool: the schedule is only described. */
  crema: boolean;
}

export interface ScheduleStage {
  comparison: ScheduleComparison;
  /** The scheduled configuration, when it wins. */
  chosen?: { evaluation: Evaluation; bands: PredictedBands };
}

/**
 * The stage as size.ts calls it: the clock of the model's context (model/pool-model.ts scheduleClock), the time
 * zone from pools.<name>.timezone (default Etc/UTC).
 */
export function scheduleFor(model: PoolModel, ev: Evaluator, reactive: Evaluation, replays: readonly Replay[], minShare: number): ScheduleStage | undefined {
  const crema = !!model.pool.scaler && reactive.candidate.scaling.mode === 'crema';
  return scheduleStage({ model, ev, reactive, replays, minShare, clockStartUtcMs: ev.ctx.crema.clockStartUtcMs ?? 0, timezone: model.pool.settings?.timezone ?? 'Etc/UTC', crema });
}

/** The schedule stage: undefined when the recording shows no regular peak (the proposal then says nothing). */
export function scheduleStage(input: ScheduleInput): ScheduleStage | undefined {
  const { model } = input;
  const series = model.recorded?.arrivalsPerMinute ?? [];
  const periodicity = detectPeriodicity(series, input.clockStartUtcMs, input.timezone);
  const first = periodicity.peaks[0];
  if (!first) return undefined;
  // The peaks of the shortest period with any (a morning and an evening ramp: one window each).
  const group = periodicity.peaks.filter((x) => x.period === first.period);
  const peak: PeriodicPeak = { ...first, jitterMinutes: Math.max(...group.map((x) => x.jitterMinutes)) };
  const evidence = group.map((x) => x.evidence).join('; ');
  const peaks = peaksOut(periodicity);
  if (!input.crema) return { comparison: { peaks, proposed: false, text: `${evidence}. A schedule for a pool without CREMA/KEDA (a Cloud Scheduler job changing the instance count) is out of scope: scale it with CREMA to schedule ahead of the peak.` } };
  if (model.sampleNote) return { comparison: { peaks, proposed: false, text: `${evidence}. The schedule search needs the whole recording in order; it was sampled for the simulation budget (raise --sim-budget).` } };
  const ctx = { ...input.ev.ctx, crema: { ...input.ev.ctx.crema, clockStartUtcMs: input.clockStartUtcMs } };
  const ev = new Evaluator(ctx);
  const replays = scheduleReplays(input.replays, peak);
  const reactiveBands = replayBands(ctx, input.reactive.candidate, replays);
  const best = searchSchedules(ev, input.reactive.candidate, group, replays, input, reactiveBands);
  const reactiveSide = side(input.reactive.candidate, reactiveBands);
  const scheduledSide = best ? side(best.evaluation.candidate, best.bands) : undefined;
  const proposed = !!best && wins(best.bands, reactiveBands, input.minShare);
  const comparison: ScheduleComparison = {
    peaks, proposed, reactive: reactiveSide, ...(scheduledSide ? { scheduled: scheduledSide } : {}), replays: replays.length,
    text: scheduleText(group, reactiveSide, scheduledSide, proposed, input.minShare, daylightSavingNote(input.timezone, input.clockStartUtcMs, periodicity.offsetChanges ?? [])),
  };
  return { comparison, ...(proposed && best ? { chosen: best } : {}) };
}

function peaksOut(p: Periodicity): ScheduleComparison['peaks'] {
  return p.peaks.map((x) => ({
    period: x.period, startPhaseMinute: x.startPhaseMinute, durationMinutes: x.durationMinutes, heightRatio: x.heightRatio,
    jitterMinutes: x.jitterMinutes, hits: x.hits, repetitions: x.repetitions, evidence: x.evidence,
  }));
}

/** The schedule wins when it holds the SLO and the reactive side does not, or holds it for SCHEDULE_MIN_SAVING less. */
function wins(s: PredictedBands, r: PredictedBands, minShare: number): boolean {
  if (s.sloMetShare + 1e-9 < minShare) return false;
  if (r.sloMetShare + 1e-9 < minShare) return true;
  return s.costUsdPerMonth.median <= r.costUsdPerMonth.median * (1 - SCHEDULE_MIN_SAVING);
}

function side(c: Candidate, b: PredictedBands): NonNullable<ScheduleComparison['reactive']> {
  return { scaling: c.scaling, costUsdPerMonth: b.costUsdPerMonth.median, queueWaitP95Sec: b.p95WaitSec.p95, maxMessageAgeSec: b.maxAgeSec.p95, sloMetShare: b.sloMetShare };
}

/** Shifts a series by `d` minutes (later when d > 0), repeating the edge minute (assumption: the traffic just outside the window is like its edge). */
export function shifted(xs: readonly number[], d: number): number[] {
  return xs.map((_, i) => xs[Math.min(xs.length - 1, Math.max(0, i - d))]!);
}

/** The replays of both sides: resampled draws replaced by the recording shifted by ±jitter (header; the largest of the peaks'). */
export function scheduleReplays(replays: readonly Replay[], peak: PeriodicPeak): Replay[] {
  const j = Math.max(1, Math.ceil(peak.jitterMinutes));
  const recorded = replays.find((r) => r.kind === 'recorded');
  let k = 0;
  return replays.map((r) => {
    if (r.kind !== 'resampled' || !recorded) return r;
    const d = (k % 2 === 0 ? -1 : 1) * Math.max(1, Math.round(j / (1 + Math.floor(k / 2))));
    k++;
    return { kind: 'recorded', seed: r.seed, arrivalsPerMinute: shifted(recorded.arrivalsPerMinute, d) };
  });
}

/** Screens the grid on the first replay, then confirms the cheapest passing candidates on every replay. */
function searchSchedules(ev: Evaluator, reactive: Candidate, peaks: readonly PeriodicPeak[], replays: readonly Replay[], input: ScheduleInput, reactiveBands: PredictedBands): { evaluation: Evaluation; bands: PredictedBands } | undefined {
  const screened = scheduleCandidates(reactive, peaks, input).map((c) => ev.evaluate(c));
  const passing = screened.filter((e) => e.figures.sloMet).sort((a, b) => a.figures.costUsdPerMonth - b.figures.costUsdPerMonth);
  let fallback: { evaluation: Evaluation; bands: PredictedBands } | undefined;
  for (const e of passing.slice(0, MAX_CONFIRMED)) {
    const bands = replayBands(ev.ctx, e.candidate, replays);
    const hit = { evaluation: e, bands };
    if (wins(bands, reactiveBands, input.minShare)) return hit;
    if (!fallback || bands.sloMetShare > fallback.bands.sloMetShare) fallback = hit;
  }
  return fallback;
}

/**
 * The grid: the reactive choice with a lower minReplicas (and a looser target, within review's ceiling) beside one
 * cron window per peak: start = peak start − (jitter + start-up + 2 min: the instances must be ready when the first
 * message of an early repetition lands), end = peak end + jitter + tail (the backlog of a late repetition drains),
 * and a count sized by Little's law for that peak's rate at WINDOW_UTILISATION, ×0.7 / ×1 / ×1.3 (the same factor
 * for every window). A window whose count would not exceed minReplicas is left out.
 */
export function scheduleCandidates(reactive: Candidate, peaks: readonly PeriodicPeak[], input: Pick<ScheduleInput, 'model' | 'clockStartUtcMs' | 'timezone'>): Candidate[] {
  const s = reactive.scaling;
  if (s.mode !== 'crema') return [];
  const w = input.model.workload!;
  const mins = [...new Set([s.minReplicas, Math.ceil(s.minReplicas / 2), Math.min(1, s.minReplicas)])];
  // A looser target only within the ceiling review accepts (model/drain.ts, rule autoscaler-target-exceeds-slo).
  const maxTarget = targetCeilingFor(input.model)?.(reactive.concurrency) ?? Infinity;
  const targets = [...new Set([s.targetValue, Math.min(s.targetValue * 2, Math.max(s.targetValue, maxTarget))])];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const tail of [2, 5]) {
    const windows = peaks.flatMap((peak) => {
      const jitter = Math.ceil(peak.jitterMinutes);
      const lead = jitter + Math.ceil(w.startupSec / 60) + 2;
      const window = cronWindow(peak, lead, peak.durationMinutes + jitter + tail, input.timezone);
      return window ? [{ window, need: windowInstances(peak.peakPerMinute, w.processingMeanSec, reactive.concurrency) }] : [];
    });
    for (const f of [0.7, 1, 1.3]) for (const minReplicas of mins) for (const targetValue of targets) {
      const schedules = windows.map((x) => ({ ...x.window, desiredReplicas: Math.min(s.maxReplicas, Math.max(1, Math.ceil(x.need * f))) })).filter((x) => x.desiredReplicas > minReplicas);
      const key = JSON.stringify([minReplicas, targetValue, schedules]);
      if (!schedules.length || seen.has(key)) continue;
      seen.add(key);
      out.push({ concurrency: reactive.concurrency, scaling: { ...s, minReplicas, targetValue, schedules } });
    }
  }
  return out;
}

/** Instances a peak of `peakPerMinute` needs: Little's law busy slots λ·E[S] ÷ concurrency, at WINDOW_UTILISATION. */
export function windowInstances(peakPerMinute: number, processingMeanSec: number, concurrency: number): number {
  return Math.ceil(((peakPerMinute / 60) * processingMeanSec) / (concurrency * WINDOW_UTILISATION));
}

/**
 * The cron expressions of a window `lead` minutes before the peak's start lasting `lead + length` minutes. The
 * peak's phase is already on the wall clock of `timezone` (detectPeriodicity folds on it, daylight saving
 * included), the clock KEDA's cron runs on, so the expressions are that phase as it stands.
 * Undefined when the window would cover half the period or more (then it is a minReplicaCount, not a schedule).
 */
export function cronWindow(peak: PeriodicPeak, lead: number, length: number, timezone: string): Omit<Schedule, 'desiredReplicas'> | undefined {
  const p = peak.periodMinutes;
  if (lead + length >= p / 2) return undefined;
  const at = (m: number) => ((m % p) + p) % p;
  return { start: cronAt(at(peak.startPhaseMinute - lead), peak.period), end: cronAt(at(peak.startPhaseMinute + length), peak.period), timezone };
}

/** A cron expression firing at minute `m` of every hour / day / week (weeks from Monday 00:00). */
export function cronAt(m: number, period: PeriodicPeak['period']): string {
  const mm = Math.round(m) % 60;
  if (period === 'hour') return `${mm} * * * *`;
  const hh = Math.floor(m / 60) % 24;
  if (period === 'day') return `${mm} ${hh} * * *`;
  // Monday-based day index → cron day of week (0 = Sunday).
  return `${mm} ${hh} * * ${(Math.floor(m / 1440) + 1) % 7}`;
}

const usd = (x: number) => `$${x >= 100 ? Math.round(x) : x.toFixed(2)}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

function describe(s: NonNullable<ScheduleComparison['reactive']>): string {
  const c = s.scaling.mode === 'crema' ? s.scaling : undefined;
  const cron = c?.schedules?.map((x) => `cron ${x.start} → ${x.end} (${x.timezone}) at ${x.desiredReplicas}`).join(', ');
  return `${cron ? `${cron} beside ` : ''}minReplicas ${c?.minReplicas}, target ${c?.targetValue}: ${usd(s.costUsdPerMonth)}/month, p95 wait ${s.queueWaitP95Sec.toFixed(1)} s, max age ${s.maxMessageAgeSec.toFixed(0)} s, SLO held on ${pct(s.sloMetShare)} of the replays`;
}

/** The one paragraph the proposal shows: the peak, both sides side by side, the verdict. Rendered from the data only. */
export function scheduleText(peaks: readonly PeriodicPeak[], reactive: NonNullable<ScheduleComparison['reactive']>, scheduled: ScheduleComparison['scheduled'], proposed: boolean, minShare: number, clockNote?: string): string {
  const both = `Reactive: ${describe(reactive)}. ${scheduled ? `Scheduled: ${describe(scheduled)}.` : 'No schedule held the SLO on the screening replay.'}`;
  const verdict = proposed
    ? reactive.sloMetShare + 1e-9 < minShare ? 'The schedule meets the SLO the reactive trigger alone does not: proposed.'
      : `The schedule meets the SLO for ${pct(1 - scheduled!.costUsdPerMonth / reactive.costUsdPerMonth)} less: proposed.`
    : scheduled && scheduled.sloMetShare + 1e-9 >= minShare ? `The schedule saves less than ${pct(SCHEDULE_MIN_SAVING)}: not proposed.` : 'No schedule meets the SLO on the replays: not proposed.';
  return `Regular peak${peaks.length > 1 ? 's' : ''}: ${peaks.map((x) => x.evidence).join('; ')}. ${both} ${verdict}${clockNote && peaks[0]!.period !== 'hour' ? ` ${clockNote}` : ''}`;
}
