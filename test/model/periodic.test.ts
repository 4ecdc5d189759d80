/** Periodicity detection on generated series (issue 22): an hourly batch, a daily ramp over 3 days, random spikes. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { detectPeriodicity } from '../../shared/model/periodic.ts';
import { localClockSeries, offsetChanges } from '../../shared/model/local-clock.ts';
import { dailyRamp, dailyRamps, hourlyBatch, randomSpikes } from './periodic-series.ts';

it('finds an hourly batch with its phase, height and spread', () => {
  const xs = hourlyBatch({ hours: 6, base: 20, ratio: 12, burstMin: 5, at: 0 });
  const r = detectPeriodicity(xs, Date.UTC(2026, 0, 5, 0, 0));
  assert.equal(r.peaks.length, 1, r.none);
  const p = r.peaks[0]!;
  assert.equal(p.period, 'hour');
  assert.equal(p.startPhaseMinute, 0);
  assert.equal(p.durationMinutes, 5);
  assert.equal(p.hits, 6);
  assert.equal(p.repetitions, 6);
  assert.ok(p.heightRatio > 10 && p.heightRatio < 14, String(p.heightRatio));
  assert.match(p.evidence, /^a burst of ≈1[0-4]× the base rate at minute 0–5 of every hour, 6 of 6 hours$/);
});

it('puts the phase on the clock and measures the jitter', () => {
  const xs = hourlyBatch({ hours: 8, base: 20, ratio: 10, burstMin: 4, at: 20, jitterMin: 2, seed: 3 });
  // The window starts at 10:15 UTC: minute 20 of the window is minute 35 of the hour.
  const r = detectPeriodicity(xs, Date.UTC(2026, 0, 5, 10, 15));
  const p = r.peaks[0]!;
  assert.equal(p.period, 'hour');
  assert.ok(Math.abs(p.startPhaseMinute - 35) <= 2, String(p.startPhaseMinute));
  assert.ok(p.jitterMinutes >= 1 && p.jitterMinutes <= 4, String(p.jitterMinutes));
  assert.match(p.evidence, /start ±\d min/);
});

it('finds a daily ramp over 3 days', () => {
  const xs = dailyRamp({ days: 3, base: 5, peak: 40, fromMin: 8 * 60, rampMin: 30, holdMin: 120 });
  const r = detectPeriodicity(xs, Date.UTC(2026, 0, 5));
  assert.equal(r.peaks.length, 1, r.none);
  const p = r.peaks[0]!;
  assert.equal(p.period, 'day');
  assert.ok(Math.abs(p.startPhaseMinute - (8 * 60 + 15)) <= 20, String(p.startPhaseMinute));
  assert.equal(p.hits, 3);
  assert.match(p.evidence, /^a (burst|peak) of ≈\d+(\.\d)?× the base rate at 08:\d\d–1\d:\d\d every day, 3 of 3 days/);
});

it('detects nothing in random spikes, and says why', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const xs = randomSpikes({ hours: 6, base: 20, ratio: 12, spikes: 6, spikeMin: 5, seed });
    const r = detectPeriodicity(xs);
    assert.equal(r.peaks.length, 0, `seed ${seed}: ${r.peaks[0]?.evidence}`);
    assert.match(r.none!, /No peak is regular enough/);
  }
});

it('needs three repetitions: two days are not a daily peak, two weeks not a weekly one', () => {
  const xs = dailyRamp({ days: 2, base: 5, peak: 40, fromMin: 480, rampMin: 30, holdMin: 120 });
  assert.ok(!detectPeriodicity(xs).peaks.some((p) => p.period === 'day'));
  assert.equal(detectPeriodicity([1, 2, 3]).none, 'No peak is regular enough to schedule: the recording (3 min) holds fewer than 3 hours.');
});

it('finds a morning and an evening ramp as two daily peaks, tallest first', () => {
  // 08:00 up to 40/min for 2 h, 18:00 up to 30/min for 1 h, over a base of 5/min; 3 days.
  const xs = dailyRamps({ days: 3, base: 5, ramps: [{ fromMin: 8 * 60, peak: 40, rampMin: 10, holdMin: 120 }, { fromMin: 18 * 60, peak: 30, rampMin: 10, holdMin: 60 }] });
  const r = detectPeriodicity(xs, Date.UTC(2026, 0, 5));
  assert.deepEqual(r.peaks.map((p) => p.period), ['day', 'day'], r.none);
  const [morning, evening] = r.peaks;
  assert.ok(Math.abs(morning!.startPhaseMinute - 8 * 60) <= 15, String(morning!.startPhaseMinute));
  assert.ok(Math.abs(evening!.startPhaseMinute - 18 * 60) <= 15, String(evening!.startPhaseMinute));
  assert.ok(morning!.peakPerMinute > evening!.peakPerMinute);
  assert.equal(morning!.hits, 3);
  assert.equal(evening!.hits, 3);
  assert.match(evening!.evidence, /at 18:\d\d–19:\d\d every day, 3 of 3 days/);
});

it('two ramps of equal height are two peaks, not one peak whose start jumps between them', () => {
  const xs = dailyRamps({ days: 4, base: 5, ramps: [{ fromMin: 7 * 60, peak: 40, rampMin: 5, holdMin: 60 }, { fromMin: 19 * 60, peak: 40, rampMin: 5, holdMin: 60 }], seed: 3 });
  const r = detectPeriodicity(xs, Date.UTC(2026, 0, 5));
  const starts = r.peaks.map((p) => Math.round(p.startPhaseMinute / 60)).sort((a, b) => a - b);
  assert.deepEqual(starts, [7, 19], r.none ?? JSON.stringify(r.peaks.map((p) => p.evidence)));
  assert.ok(r.peaks.every((p) => p.hits === 4 && p.jitterMinutes <= 10));
});

it('one peak a day stays one peak: its shoulders are not a second one', () => {
  const xs = dailyRamp({ days: 3, base: 5, peak: 40, fromMin: 8 * 60, rampMin: 30, holdMin: 120 });
  assert.equal(detectPeriodicity(xs, Date.UTC(2026, 0, 5)).peaks.length, 1);
  const h = hourlyBatch({ hours: 8, base: 20, ratio: 10, burstMin: 4, at: 20, jitterMin: 2, seed: 3 });
  assert.equal(detectPeriodicity(h, Date.UTC(2026, 0, 5)).peaks.length, 1);
});

it('daylight saving: the wall clock of the zone (fall back drops the repeated hour, spring forward fills the skipped one)', () => {
  // 2026-10-25 01:00 UTC Paris goes UTC+2 → UTC+1; 2026-03-29 01:00 UTC UTC+1 → UTC+2.
  const fall = offsetChanges(3 * 1440, Date.UTC(2026, 9, 24), 'Europe/Paris');
  assert.deepEqual(fall, { start: 120, changes: [{ atMinute: 1440 + 60, fromOffsetMinutes: 120, toOffsetMinutes: 60 }] });
  const xs = Array.from({ length: 3 * 1440 }, (_, i) => i);
  const f = localClockSeries(xs, Date.UTC(2026, 9, 24), 'Europe/Paris');
  assert.equal(f.series.length, 3 * 1440 - 60);
  // 01:00–01:59 UTC on the 25th (02:00–02:59 CET) repeats local indices 1440–1499 (02:00–02:59 CEST): dropped.
  assert.equal(f.series[1499], 1499);
  assert.equal(f.series[1500], 1560);
  assert.equal(f.utcIndex[1501], 1561);
  const spring = localClockSeries(xs, Date.UTC(2026, 2, 28), 'Europe/Paris');
  assert.equal(spring.series.length, 3 * 1440 + 60);
  assert.equal(spring.series[1500 + 30], 1499); // the skipped local hour holds the minute before it
  assert.equal(spring.utcIndex[1560], 1500);
  assert.deepEqual(offsetChanges(1440, Date.UTC(2026, 9, 24), 'Etc/UTC').changes, []);
});

it('daylight saving: a local 08:00 peak across the change is one regular peak on the Paris clock, an hour apart on UTC', () => {
  const start = Date.UTC(2026, 9, 23);
  const xs = Array.from({ length: 4 * 1440 }, (_, m) => {
    const local = (m + (start + m * 60_000 < Date.UTC(2026, 9, 25, 1) ? 120 : 60)) % 1440;
    return local >= 480 && local < 540 ? 200 : 10;
  });
  const paris = detectPeriodicity(xs, start, 'Europe/Paris');
  assert.equal(paris.peaks[0]?.startPhaseMinute, 480, paris.none);
  assert.equal(paris.peaks[0]?.jitterMinutes, 0);
  assert.equal(paris.offsetChanges?.length, 1);
  // starts are indices of the recorded (UTC) series: 06:00 UTC before the change, 07:00 UTC after.
  assert.deepEqual(paris.peaks[0]!.starts.map((i) => i % 1440), [360, 360, 420]);
  const utc = detectPeriodicity(xs, start);
  assert.equal(utc.peaks[0]?.jitterMinutes, 60);
});
