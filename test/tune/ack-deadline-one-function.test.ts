/**
 * One ack-deadline function (issue 9): every review suggestion of an ack deadline and `tune`'s proposal come from
 * model/ack-deadline.ts with the pool model's p99, so they give one value per subscription: on every example pool,
 * with the example snapshot and without metrics.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import type { MetricsView } from '../../shared/metrics/figures.ts';
import { review } from '../../shared/rules/engine.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';

const ACK_RULES = ['ack-deadline-below-p99', 'ack-deadline-below-processing-time', 'exactly-once-short-ack-deadline', 'subscription-value-out-of-range'];
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
  const p = path.join(d, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});
const ws = parseWorkspace(walk('examples').map((p) => ({ path: p, text: readFileSync(p, 'utf8') })));
const snapshot = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);

/** Pool → every ack deadline review suggests for it (from the findings' data and their suggestion titles). */
function suggested(metrics: MetricsView | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of review(ws, { metrics }).findings) {
    if (!ACK_RULES.includes(f.ruleId) || !f.pool) continue;
    const fromData = f.data?.['suggestedAckDeadlineSec'];
    const fromTitle = f.suggestions?.map((s) => /Set ackDeadlineSeconds to (\d+)/.exec(s.title)?.[1]).filter((x) => x !== undefined).map(Number) ?? [];
    const values = [...(typeof fromData === 'number' ? [fromData] : []), ...fromTitle];
    out.set(f.pool, [...(out.get(f.pool) ?? []), ...values]);
  }
  return out;
}

describe('review and tune give one ack deadline per subscription', () => {
  for (const [label, metrics] of [['with the example snapshot', snapshot], ['without metrics', undefined]] as const) {
    it(label, () => {
      const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), replays: { seeds: 1, resamples: 0, growthReplays: 0 } });
      const byPool = suggested(metrics);
      for (const p of out.pools) {
        for (const v of byPool.get(p.pool) ?? []) assert.equal(v, p.recommended.ackDeadlineSec, `${p.pool}: review suggests ${v} s, tune ${p.recommended.ackDeadlineSec} s`);
      }
      if (metrics) {
        // Not vacuous: the two pools the issue names get suggestions, and they are tune's 60 s and 100 s.
        assert.deepEqual([...new Set(byPool.get('orders-worker'))], [60]);
        assert.deepEqual([...new Set(byPool.get('transcode-worker'))], [100]);
      } else {
        assert.ok((byPool.get('orders-worker') ?? []).length > 0 && (byPool.get('transcode-worker') ?? []).length > 0, JSON.stringify([...byPool]));
      }
    });
  }
});
