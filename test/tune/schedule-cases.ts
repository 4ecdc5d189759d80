/**
 * The generated recordings the schedule tests tune (issue 22), from the independent ground-truth recorder
 * (test/model/identify/ground-truth.ts): shared by test/tune/schedule.test.ts and the tune → apply → review check
 * (test/tune/schedule-clean.ts, run by schedule.test.ts), so every schedule case is also checked clean under review.
 */
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { applyEdits, editsByFile } from '../../shared/config/edits.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { filesOf, record, type Truth } from '../model/identify/ground-truth.ts';

export const queue = { kind: 'queue' as const, target: 20, min: 1, max: 40, pollSec: 30, lagSec: 120 };
const base = { concurrency: 4, startupSec: 10, service: { p50Sec: 1, sigma: 0.5 }, vcpu: 1 };

export const HOURLY: Truth = { ...base, name: 'batch-hourly', minutes: 360, rate: (m) => (m % 60 < 5 ? 12 : 1), scaling: queue, seed: 5 };

/** Six random 5-minute spikes of 12× over six hours (positions from a fixed LCG). */
function spikes(): (m: number) => number {
  let x = 12345;
  const at = Array.from({ length: 6 }, () => ((x = (x * 1103515245 + 12345) % 2147483648), x % 355));
  return (m) => (at.some((a) => m >= a && m < a + 5) ? 12 : 1);
}
/** Three days of a sharp morning peak: 0.2 → 4 msg/s within 3 minutes at 08:00 UTC for an hour, one slot per instance. */
export const DAILY: Truth = {
  ...base, concurrency: 1, name: 'shop-daily', minutes: 3 * 1440, scaling: queue, seed: 6,
  rate: (m) => { const d = m % 1440; return d >= 480 && d < 540 ? 0.2 + 3.8 * Math.min(1, (d - 480) / 3) : 0.2; },
};
/**
 * A sharp hourly batch (12 msg/s in minutes 0–5) under a max-age objective of 20 s: no reactive configuration the
 * search can try meets it (the recording opens on a burst: even the strongest, min 4 / max 8 / value 1, ends at
 * max age 37 s), so the pool is infeasible; the schedule stage still runs beside the best effort.
 */
export const SHARP: Truth = { ...base, name: 'batch-sharp', minutes: 360, rate: (m) => (m % 60 < 5 ? 12 : 1), scaling: queue, seed: 7 };
/** Three days of two sharp daily peaks: 0.2 → 4 msg/s at 08:00 UTC for an hour and → 3 msg/s at 18:00 UTC for 45 min, one slot per instance. */
export const TWO_PEAKS: Truth = {
  ...base, concurrency: 1, name: 'shop-two-peaks', minutes: 3 * 1440, scaling: queue, seed: 8,
  rate: (m) => {
    const d = m % 1440;
    const ramp = (from: number, len: number, top: number) => (d >= from && d < from + len ? 0.2 + (top - 0.2) * Math.min(1, (d - from) / 3) : 0.2);
    return Math.max(ramp(480, 60, 4), ramp(1080, 45, 3));
  },
};
/**
 * Four days across the end of summer time in Paris (2026-10-25, 01:00 UTC: UTC+2 → UTC+1), a shop whose morning
 * peak follows the local clock: 0.2 → 3 msg/s at 08:00 Europe/Paris for an hour, i.e. 06:00 UTC before the change
 * and 07:00 UTC after it.
 */
export const PARIS_DST: Truth = {
  ...base, concurrency: 1, name: 'shop-paris', minutes: 4 * 1440, scaling: queue, seed: 10, startUtc: '2026-10-23T00:00:00Z',
  rate: (m) => {
    const utc = Date.UTC(2026, 9, 23) + m * 60_000;
    const local = (m + (utc < Date.UTC(2026, 9, 25, 1) ? 120 : 60)) % 1440;
    return local >= 480 && local < 540 ? 0.2 + 2.8 * Math.min(1, (local - 480) / 3) : 0.2;
  },
};
export const RANDOM: Truth = { ...base, name: 'spiky', minutes: 360, rate: spikes(), scaling: queue, seed: 9 };

export interface Slo { queueWaitP95Sec: number; maxMessageAgeSec?: number }

/** The CREMA/settings files of a truth with its SLO (and a time zone), as a user would have them. */
export function caseFiles(t: Truth, slo: Slo, timezone?: string): { path: string; text: string }[] {
  const extra = `${slo.maxMessageAgeSec ? `\n      maxMessageAgeSec: ${slo.maxMessageAgeSec}` : ''}`;
  return filesOf(t, { slo: { queueWaitP95Sec: slo.queueWaitP95Sec } }).map((f) => (f.path !== 'pool-tuner.yaml' ? f : {
    ...f, text: f.text.replace(/queueWaitP95Sec: (\d+)/, `queueWaitP95Sec: $1${extra}`) + (timezone ? `    timezone: ${timezone}\n` : ''),
  }));
}

const tuned = new Map<string, ReturnType<typeof tuneOnce>>();

/**
 * Tunes a truth's recording (every replay, as `tune` does), once per case and process: the schedule tests and the
 * tune → apply → review check (schedule-clean.ts, run in the same process) read the same proposals. Callers must
 * not mutate the result.
 */
export function tuneTruth(t: Truth, sloSec = 10, maxAgeSec?: number, timezone?: string, options: { simBudgetMessages?: number } = {}) {
  const key = JSON.stringify([t.name, t.seed, sloSec, maxAgeSec, timezone, options]);
  let hit = tuned.get(key);
  if (!hit) tuned.set(key, (hit = tuneOnce(t, sloSec, maxAgeSec, timezone, options)));
  return hit;
}

function tuneOnce(t: Truth, sloSec: number, maxAgeSec: number | undefined, timezone: string | undefined, options: { simBudgetMessages?: number }) {
  const files = caseFiles(t, { queueWaitP95Sec: sloSec, ...(maxAgeSec ? { maxMessageAgeSec: maxAgeSec } : {}) }, timezone);
  const ws = parseWorkspace(files);
  const snapshot = record(t).snapshot;
  const view = metricsViewFromSnapshot(snapshot, t.minutes, ws, 'corpus');
  return { ws, files, view, snapshot, out: tune(ws, { metrics: view, arrivalSeries: arrivalSeriesOf(view), ...options }) };
}

/** What `tune --apply` does to the files: the proposal's edits applied. */
export function applied(files: readonly { path: string; text: string }[], edits: Parameters<typeof editsByFile>[0]): { path: string; text: string }[] {
  const byFile = editsByFile(edits);
  return files.map((f) => { const e = byFile.get(f.path); return e ? { ...f, text: applyEdits(f.text, e) } : f; });
}

/** Every case where a schedule is proposed, for the tune → apply → review check. */
export const CASES: { label: string; truth: Truth; run: () => ReturnType<typeof tuneTruth> }[] = [
  { label: 'hourly batch, p95 wait 10 s', truth: HOURLY, run: () => tuneTruth(HOURLY) },
  { label: 'daily peak over 3 days, p95 wait 10 s and max age 60 s', truth: DAILY, run: () => tuneTruth(DAILY, 10, 60) },
  { label: 'two daily peaks over 3 days (two cron windows), p95 wait 10 s and max age 60 s', truth: TWO_PEAKS, run: () => tuneTruth(TWO_PEAKS, 10, 60) },
  { label: 'a local-time peak across the end of summer time in Europe/Paris', truth: PARIS_DST, run: () => tuneTruth(PARIS_DST, 10, 60, 'Europe/Paris') },
];
