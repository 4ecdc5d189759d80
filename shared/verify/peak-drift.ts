/**
 * Closing the loop on a schedule (issue 22): is the peak an applied cron window was proposed for still where the
 * window expects it (phase) and still the size it was sized for (height)? Read from the recent recording with the
 * same detector the tuner used (model/periodic.ts) and the same window evaluation the simulator runs
 * (simulate/cron.ts), so verify, the traffic-drift rule and the tuner agree on where a window falls.
 */
import { detectPeriodicity, phaseText, type PeriodicPeak, type Periodicity } from '../model/periodic.ts';
import { CronWindow } from '../simulate/cron.ts';
import { cronAt, windowInstances } from '../tune/stages/schedule.ts';
import type { PoolSettingsValues, Schedule } from '../tune/schema.ts';

/** A peak that outgrew its window by more than this factor (instances needed ÷ desiredReplicas) moves the schedule. */
export const PEAK_GROWTH_TOLERANCE = 1.25;

export interface PeakDrift {
  /** The peak moved out of the window, vanished, or outgrew it: the schedule should move. */
  moved: boolean;
  note: string;
}

/**
 * The applied schedule against the recent arrivals (`clockStartUtcMs`: UTC of their first minute), window by window:
 * each window is judged against the peak it covers best (the fewest repetitions missed; a morning and an evening
 * window each find their own). Undefined when the applied settings carry no schedule or there are no arrivals.
 */
export function peakDrift(after: PoolSettingsValues, arrivals: readonly number[] | undefined, clockStartUtcMs: number, processingMeanSec: number | undefined): PeakDrift | undefined {
  const s = after.scaling?.mode === 'crema' ? after.scaling : undefined;
  if (!s?.schedules?.length || !arrivals?.length) return undefined;
  // On the wall clock the windows run on (the tuner writes every window in the pool's one zone).
  const found = detectPeriodicity(arrivals, clockStartUtcMs, s.schedules[0]!.timezone);
  const each = s.schedules.map((sched) => windowDrift(sched, found, after, clockStartUtcMs, processingMeanSec));
  return { moved: each.some((x) => x.moved), note: each.map((x) => x.note).join(' ') };
}

function windowDrift(sched: Schedule, found: Periodicity, after: PoolSettingsValues, clockStartUtcMs: number, processingMeanSec: number | undefined): PeakDrift {
  const label = `cron ${sched.start} → ${sched.end} (${sched.timezone}) at ${sched.desiredReplicas}`;
  const w = new CronWindow(sched, clockStartUtcMs);
  // Covered: the window is active from the first to the last minute of the peak in every repetition.
  const missedOf = (peak: PeriodicPeak) => peak.starts.filter((m) => !w.activeAt(m) || !w.activeAt(m + Math.max(0, peak.durationMinutes - 1))).length;
  const peak = [...found.peaks].sort((a, b) => missedOf(a) - missedOf(b))[0];
  if (!peak) return { moved: true, note: `The schedule (${label}) is for a regular peak the recent recording no longer shows. ${found.none ?? ''}`.trim() };
  const missed = missedOf(peak);
  const need = processingMeanSec !== undefined && after.concurrency ? windowInstances(peak.peakPerMinute, processingMeanSec, after.concurrency) : undefined;
  if (missed > 0) {
    const startAt = phaseText(Math.round(peak.startPhaseMinute), peak.durationMinutes, peak.period);
    return { moved: true, note: `The peak the schedule (${label}) was proposed for has moved: now ${peak.evidence}; the window misses it in ${missed} of ${peak.hits} ${peak.period}s. Move the window to open before ${startAt} (${sched.timezone}; e.g. start "${cronAt(((peak.startPhaseMinute - 2) % peak.periodMinutes + peak.periodMinutes) % peak.periodMinutes, peak.period)}") and re-tune.` };
  }
  if (need !== undefined && need > sched.desiredReplicas * PEAK_GROWTH_TOLERANCE) {
    return { moved: true, note: `The peak the schedule (${label}) covers has grown: ${peak.evidence}, ≈${Math.round(peak.peakPerMinute)} msg/min needs ≈${need} instances at concurrency ${after.concurrency}, the window asks ${sched.desiredReplicas}: re-tune.` };
  }
  return { moved: false, note: `The schedule (${label}) still covers the peak: ${peak.evidence}.` };
}
