/**
 * Identification on recordings with hidden ground truth (issue 19): 14 pools recorded by a simulator written apart
 * from shared/simulate (test/model/identify/ground-truth.ts: 1-second steps, its own scaler, token bucket, CPU
 * sharing and RNG), with undeclared and declared rate limits, an in-flight limit, CPU contention at high
 * concurrency, mixed and heavy-tailed work, slow start-up, a healthy and an under-provisioned pool. The fit must
 * recover each hidden parameter within 20% (and claim no ceiling or mixture where there is none), and today's
 * replay on the fitted model must match the recording within 25% on mean instances and p95 queue wait (2 s
 * absolute allowed: the recorder's 1 s resolution). Known misses are listed by name and must stay exactly these:
 * a case that starts passing or a new one that fails both fail the test.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { buildPoolModel, todayFigures } from '../../shared/model/pool-model.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { CORPUS, type CorpusCase } from './identify/cases.ts';
import { filesOf, record } from './identify/ground-truth.ts';

const within = (got: number | undefined, want: number, rel: number, abs = 0) => got !== undefined && Math.abs(got - want) <= Math.max(rel * want, abs);

/** Known misses, with the reason (closing note of issue 19). */
export const KNOWN_MISSES: Record<string, string> = {
  'cpu-diurnal-crema': 'p95 wait 41 s replayed against 56 s recorded (mean instances within 2%): the wait moves in 30 s steps of the scaler lag (41 s at a 90–120 s metric delay, 60 s at 150–180 s), which one sample per minute cannot resolve; with the lag set (model.scalerLagSec) it passes, see below',
};

function check(c: CorpusCase, declare = c.declare): string[] {
  const rec = record(c.truth);
  const ws = parseWorkspace(filesOf(c.truth, declare));
  const view = metricsViewFromSnapshot(rec.snapshot, c.truth.minutes, ws, 'corpus');
  const pool = ws.pools.find((p) => p.name === c.truth.name)!;
  const model = buildPoolModel(ws, pool, { metrics: view, arrivalSeries: arrivalSeriesOf(view), simBudgetMessages: 0 });
  const id = model.identification;
  const h = c.hidden;
  const misses: string[] = [];
  if (!id) return ['no identification'];
  if (!within(id.serviceTime.p50Sec, h.p50Sec, 0.2)) misses.push(`p50 ${id.serviceTime.p50Sec} vs ${h.p50Sec}`);
  if (h.limitPerSec !== undefined && !within(id.downstreamLimit?.perSec, h.limitPerSec, 0.2)) misses.push(`ceiling ${id.downstreamLimit?.perSec} vs ${h.limitPerSec}`);
  if (h.noLimit && id.downstreamLimit) misses.push(`ceiling ${id.downstreamLimit.perSec} claimed`);
  if (h.heavyShare !== undefined && !(within(id.mixture?.heavyShare, h.heavyShare, 0.2) && within(id.mixture?.heavyFactor, h.heavyFactor!, 0.2))) misses.push(`mixture ${id.mixture?.heavyShare}×${id.mixture?.heavyFactor} vs ${h.heavyShare}×${h.heavyFactor}`);
  if (h.noMixture && id.mixture) misses.push('mixture claimed');
  if (h.cpuPerMsgSec !== undefined && !within(model.workload?.cpuSecondsPerMessage, h.cpuPerMsgSec, 0.2)) misses.push(`CPU ${model.workload?.cpuSecondsPerMessage} vs ${h.cpuPerMsgSec} vCPU-s per message`);
  if (h.startupSec !== undefined && !within(id.startupSec?.value, h.startupSec, 0.2)) misses.push(`start-up ${id.startupSec?.value} vs ${h.startupSec}`);
  const today = todayFigures(model);
  if (!within(today?.meanInstances, rec.meanInstances, 0.25)) misses.push(`mean instances ${today?.meanInstances} vs ${rec.meanInstances}`);
  if (!within(today?.queueWaitP95Sec, rec.waitP95Sec, 0.25, 2)) misses.push(`p95 wait ${today?.queueWaitP95Sec} vs ${rec.waitP95Sec}`);
  return misses;
}

describe('identification corpus: hidden parameters recovered, today replayed within 25%', () => {
  const failing = new Map<string, string[]>();
  for (const c of CORPUS) {
    it(c.truth.name, () => {
      const misses = check(c);
      if (misses.length) failing.set(c.truth.name, misses);
      if (KNOWN_MISSES[c.truth.name]) assert.ok(misses.length > 0, `${c.truth.name} now passes: remove it from KNOWN_MISSES`);
      else assert.deepEqual(misses, [], `${c.truth.name}: ${misses.join('; ')}`);
    });
  }
  it('cpu-diurnal-crema with its scaler lag declared (model.scalerLagSec 165 s: the recorder\'s 150 s metric lag + half its 30 s poll) passes', () => {
    const c = CORPUS.find((x) => x.truth.name === 'cpu-diurnal-crema')!;
    assert.deepEqual(check(c, { ...c.declare, scalerLagSec: 165 }), []);
  });
  it('at least 12 cases, and the known misses are a minority', () => {
    assert.ok(CORPUS.length >= 12);
    assert.ok(Object.keys(KNOWN_MISSES).length * 4 <= CORPUS.length);
  });
});
