/**
 * The rules and the tuner never contradict each other on a schedule (issue 22): for every schedule case, tune,
 * apply the edits (what `tune --apply` does), then review with the same recording: none of the rules the tuner
 * answers fires, and nothing new appears. Before the fix the hourly batch's proposal carried target 150 (42.5 s of
 * work at 3.53 msg/s per instance against a 10 s objective) and review flagged it (autoscaler-target-exceeds-slo):
 * the search now bounds its targets with the rule's own computation (shared/model/drain.ts).
 * Run by schedule.test.ts (imported there), so the cases are tuned once for both.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { review } from '../../shared/rules/engine.ts';
import { drainRate, targetWithinSlo } from '../../shared/model/drain.ts';
import { poolModelOf } from '../../shared/rules/lib/pool-model.ts';
import { applied, CASES } from './schedule-cases.ts';

/** The rules about settings the tuner proposes (sizing, scaling, the cron trigger, subscription policy). */
const TUNER_RULES = [
  'autoscaler-target-exceeds-slo', 'max-replicas-exceed-downstream-limit', 'crema-pool-not-manual', 'min-instances-zero-with-latency-slo',
  'scale-down-stabilization-too-short', 'keda-cron-trigger-invalid', 'max-delivery-attempts-at-minimum', 'ack-deadline-below-p99',
  'ack-deadline-below-processing-time', 'no-retry-policy', 'no-dead-letter-policy',
];

describe('tune --apply then review is quiet on every schedule case', () => {
  for (const c of CASES) {
    it(c.label, () => {
      const t = c.run();
      const p = t.out.pools[0]!;
      assert.equal(p.schedule?.proposed, true, p.schedule?.text);
      const key = (f: { ruleId: string; pool?: string }) => `${f.pool ?? '-'} ${f.ruleId}`;
      const was = new Set(review(t.ws, { metrics: t.view }).findings.map(key));
      const ws = parseWorkspace(applied(t.files, p.edits));
      const view = metricsViewFromSnapshot(t.snapshot, c.truth.minutes, ws, 'corpus');
      const now = review(ws, { metrics: view }).findings;
      assert.deepEqual(now.filter((f) => TUNER_RULES.includes(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`), []);
      assert.deepEqual(now.filter((f) => !was.has(key(f))).map((f) => `${key(f)}: ${f.message}`), [], 'nothing new');
      // Both sides of the comparison were searched within the rule's target ceiling, not only the one proposed.
      const pool = ws.pools[0]!;
      const slo = pool.settings!.slo!.queueWaitP95Sec!;
      for (const side of [p.schedule!.reactive!, p.schedule!.scheduled!]) {
        assert.ok(side.scaling.mode === 'crema');
        const rate = drainRate(poolModelOf({ ws, metrics: view }, pool), p.recommended.concurrency)!;
        assert.ok(targetWithinSlo(side.scaling.targetValue, rate, slo), `target ${side.scaling.targetValue} at ${rate.perSec} msg/s`);
      }
    });
  }
});
