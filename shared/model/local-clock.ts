/**
 * A per-minute series on a time zone's wall clock (issue 22, daylight saving): KEDA's cron trigger runs in its
 * `timezone` (https://keda.sh/docs/latest/scalers/cron/; kedacore/keda pkg/scalers/cron_scaler.go), so a window
 * written as "55 7 * * *" in Europe/Paris opens at 05:55 UTC in summer (UTC+2) and at 06:55 UTC in winter (UTC+1).
 * A recording is in UTC. To read a peak's phase on the clock the cron runs on, each recorded minute
 * is placed at its local wall-clock minute: at a spring-forward change the skipped local hour is filled with the
 * minute before it (no arrivals are invented or lost: the hour holds a copy of the edge, as `shifted` in the
 * schedule stage assumes), at a fall-back change the repeated local hour keeps its first occurrence (the second is
 * dropped from the folding only; the simulation still replays every recorded minute).
 */
import { timezoneOffsetMinutes } from '../simulate/cron.ts';

export interface OffsetChange {
  /** Index in the UTC series of the first minute at the new offset. */
  atMinute: number;
  /** UTC offsets before and after, minutes (e.g. 60 → 120 for Europe/Paris in March). */
  fromOffsetMinutes: number;
  toOffsetMinutes: number;
}

export interface LocalClockSeries {
  /** Arrivals per local wall-clock minute, from the local minute of the recording's start. */
  series: number[];
  /** UTC offset at the recording's start, minutes. */
  offsetAtStartMinutes: number;
  /** Index in the UTC series of each local minute (the first recorded minute at or after it). */
  utcIndex: number[];
  changes: OffsetChange[];
}

/** The UTC offset of `timezone` at each recorded minute and the changes between them (none for Etc/UTC). */
export function offsetChanges(minutes: number, startUtcMs: number, timezone: string): { start: number; changes: OffsetChange[] } {
  const start = timezoneOffsetMinutes(timezone, startUtcMs);
  const changes: OffsetChange[] = [];
  // Offsets change on whole hours or half hours in every zone: checking every 30 minutes, then the minute, suffices.
  let prev = start;
  for (let m = 30; m < minutes + 30; m += 30) {
    const at = Math.min(m, minutes - 1);
    const o = timezoneOffsetMinutes(timezone, startUtcMs + at * 60_000);
    if (o === prev) continue;
    let first = at;
    while (first > 0 && timezoneOffsetMinutes(timezone, startUtcMs + (first - 1) * 60_000) === o) first--;
    changes.push({ atMinute: first, fromOffsetMinutes: prev, toOffsetMinutes: o });
    prev = o;
  }
  return { start, changes };
}

/** The series on `timezone`'s wall clock (header). */
export function localClockSeries(xs: readonly number[], startUtcMs: number, timezone: string): LocalClockSeries {
  const { start, changes } = offsetChanges(xs.length, startUtcMs, timezone);
  const series: number[] = [];
  const utcIndex: number[] = [];
  let shift = 0;
  let next = 0;
  for (let i = 0; i < xs.length; i++) {
    while (next < changes.length && changes[next]!.atMinute === i) shift += changes[next]!.toOffsetMinutes - changes[next++]!.fromOffsetMinutes;
    const j = i + shift;
    if (j < series.length) continue; // fall back: the repeated local hour keeps its first occurrence
    while (series.length < j) { series.push(series.length ? series[series.length - 1]! : xs[i]!); utcIndex.push(i); } // spring forward
    series.push(xs[i]!);
    utcIndex.push(i);
  }
  return { series, offsetAtStartMinutes: start, utcIndex, changes };
}

const utcOffsetText = (m: number) => `UTC${m >= 0 ? '+' : '−'}${Math.floor(Math.abs(m) / 60)}${Math.abs(m) % 60 ? `:${String(Math.abs(m) % 60).padStart(2, '0')}` : ''}`;

/**
 * What a daylight-saving change does to a schedule in `timezone`, or undefined for a zone without one in the year of
 * the recording (its offsets on 1 January and 1 July are compared). Rendered from the offsets and the changes the
 * recording holds.
 */
export function daylightSavingNote(timezone: string, startUtcMs: number, changes: readonly OffsetChange[]): string | undefined {
  const year = new Date(startUtcMs).getUTCFullYear();
  const jan = timezoneOffsetMinutes(timezone, Date.UTC(year, 0, 1));
  const jul = timezoneOffsetMinutes(timezone, Date.UTC(year, 6, 1));
  if (jan === jul) return undefined;
  const [lo, hi] = [Math.min(jan, jul), Math.max(jan, jul)];
  const inside = changes.map((c) => `${new Date(startUtcMs + c.atMinute * 60_000).toISOString().slice(0, 10)} (${utcOffsetText(c.fromOffsetMinutes)} → ${utcOffsetText(c.toOffsetMinutes)})`);
  return `Daylight saving: the phases are read on the ${timezone} clock (${utcOffsetText(lo)} / ${utcOffsetText(hi)}), the one KEDA's cron runs on${inside.length ? `, across the change${inside.length > 1 ? 's' : ''} the recording holds on ${inside.join(', ')}` : ''}: a peak that follows local time stays in the window at every change; one that follows UTC moves an hour on that clock, and the window then misses it until re-tuned (verify says so).`;
}
