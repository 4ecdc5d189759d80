/** Too tight, too loose, conflict: the verdicts of an alert tested on a recording and on replays, and the adjustment. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { testAlert, summaryOf, type ReplayRun } from '../../shared/observe/verdict.ts';
import type { Derived } from '../../shared/observe/thresholds.ts';
import type { ObserveSeries } from '../../shared/observe/signals.ts';

const N = 60;
function ages(peak: number, from = 20, to = 30): ObserveSeries {
  const c = (v: number) => new Array<number | null>(N).fill(v);
  const age = c(5).map((v, i) => (i >= from && i < to ? peak : v));
  return { published: c(60), acked: c(60), delivered: c(60), backlog: c(2), oldestAgeSec: age, expired: c(0), deadLettered: c(0), instances: c(1) };
}
const AGE: Derived = { kind: 'oldest-age', threshold: 480, unit: 's', durationMin: 2, windowMin: 1, derivation: '', adjustable: true, watches: 'age', cap: 600, fitted: true };
const START = '2026-11-20T00:00:00Z';

it('ok: quiet on healthy replays, fires on the recorded incident', () => {
  const t = testAlert(AGE, { series: ages(700), start: START, breached: ['age'] }, [{ series: ages(100), healthy: true }]);
  assert.equal(t.verdict, 'ok');
  assert.equal(t.recorded?.fires, 1);
  assert.deepEqual(t.replays, { replays: 1, fired: 0, healthy: 1, firedHealthy: 0 });
  assert.equal(t.threshold, 480);
});

it('too tight: fires on a replay that met the SLO; raised 10% above the healthy peak, never above the cap', () => {
  const replays: ReplayRun[] = [{ series: ages(500), healthy: true }, { series: ages(100), healthy: true }];
  const t = testAlert(AGE, { series: ages(10), start: START, breached: [] }, replays);
  assert.equal(t.verdict, 'too-tight');
  assert.equal(t.threshold, 550);
  assert.equal(t.replays?.firedHealthy, 0);
  assert.match(t.adjustment!.why, /raised to 1\.1 × the highest level they held \(500\)/);
  const capped = testAlert(AGE, undefined, [{ series: ages(590), healthy: true }]);
  assert.equal(capped.threshold, 600);
});

it('replays that miss the SLO do not make an alert too tight', () => {
  const t = testAlert(AGE, undefined, [{ series: ages(900), healthy: false }]);
  assert.equal(t.verdict, 'ok');
  assert.equal(t.replays?.fired, 1);
});

it('too loose: quiet while the recording breached the objective it watches; lowered between the healthy and the recorded peak', () => {
  const t = testAlert(AGE, { series: ages(470), start: START, breached: ['age'] }, [{ series: ages(100), healthy: true }]);
  assert.equal(t.verdict, 'too-loose');
  assert.equal(t.threshold, 285);
  assert.equal(t.recorded?.fires, 1);
});

it('a breach of another objective does not make it too loose', () => {
  const t = testAlert(AGE, { series: ages(470), start: START, breached: ['wait'] }, []);
  assert.equal(t.verdict, 'ok');
});

it('conflict: the recording breached without rising above the healthy replays', () => {
  const t = testAlert(AGE, { series: ages(300), start: START, breached: ['age'] }, [{ series: ages(400), healthy: true }]);
  assert.equal(t.verdict, 'conflict');
  assert.equal(t.threshold, 480);
});

it('untested without recording and replays', () => {
  assert.equal(testAlert(AGE, undefined, []).verdict, 'untested');
});

it('the summary reads like the issue asks', () => {
  const s = summaryOf({ fires: 3, at: ['2026-11-20T14:02:00Z', '2026-11-20T14:31:00Z', '2026-11-20T19:10:00Z'], minutes: 1440, sloBreached: true }, { replays: 10, fired: 0, healthy: 10, firedHealthy: 0 }, 'ok', '');
  assert.equal(s, 'would have fired 3 times on the recording (14:02, 14:31, 19:10); fires on 0 of 10 replays of the proposed configuration');
});
