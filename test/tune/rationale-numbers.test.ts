/**
 * One truth in words (issue 19): every number a rationale sentence states about the proposal is the proposal's
 * own, for every example pool: concurrency, instances or CREMA target/min/max/window, ack deadline, costs, the
 * objectives today's config is said to miss (each really missed), and a recommended scaling mode that differs
 * from the diff's is marked as not in the diff.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import type { Proposal } from '../../shared/tune/schema.ts';

const walk = (d: string): string[] => readdirSync(d).flatMap((n) => {
  const p = path.join(d, n);
  return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(n) ? [p] : [];
});
const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

describe('rationale numbers are the proposal\'s numbers (every example pool)', () => {
  let pools: Proposal[] = [];
  before(() => {
    const ws = parseWorkspace(walk('examples').map((f) => ({ path: f, text: readFileSync(f, 'utf8') })));
    const metrics = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);
    pools = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), replays: { seeds: 2, resamples: 1, growthReplays: 0 } }).pools;
  });

  it('covers the three pools', () => assert.equal(pools.length, 3));

  it('settings named in the sentences equal the recommended values', () => {
    for (const p of pools) {
      const r = p.recommended;
      const s = r.scaling!;
      for (const { setting, text } of p.rationale) {
        const at = `${p.pool} ${setting}: ${text}`;
        if (setting === 'concurrency') assert.equal(Number(/^(\d+)[ :]/.exec(text)?.[1]), r.concurrency, at);
        if (setting === 'instances') assert.ok(s.mode === 'manual' && Number(/^(\d+) instances/.exec(text)?.[1]) === s.instances, at);
        if (setting === 'targetValue') assert.ok(s.mode === 'crema' && Number(/^Target backlog (\d+)/.exec(text)?.[1]) === s.targetValue, at);
        if (setting === 'minReplicas') {
          assert.ok(s.mode === 'crema', at);
          assert.equal(Number(/minReplicas (\d+)/.exec(text)?.[1]), s.minReplicas, at);
          assert.equal(Number(/maxReplicas (\d+)/.exec(text)?.[1]), s.maxReplicas, at);
          const need = /the busiest minute's need of (\d+)/.exec(text);
          const twice = /twice the busiest minute's need of (\d+)/.exec(text);
          if (twice) assert.ok(Math.abs(s.maxReplicas / Number(twice[1]) - 2) <= 0.05, at);
          if (!need) assert.match(text, /the instance ceiling/, at);
        }
        if (setting === 'scaleDownStabilizationSec') assert.ok(s.mode === 'crema' && Number(/^Scale-down window (\d+) s/.exec(text)?.[1]) === s.scaleDownStabilizationSec, at);
        if (setting === 'ackDeadlineSec') assert.equal(Number(/(?:^Kept at |^Raise to |^Set to |^)(\d+) s/.exec(text)?.[1] ?? /(\d+) s/.exec(text)?.[1]), r.ackDeadlineSec, at);
        if (setting === 'cost' && p.predictedFigures && p.currentFigures) {
          assert.ok(text.startsWith(`${usd(p.predictedFigures.costUsdPerMonth)}/month vs ${usd(p.currentFigures.costUsdPerMonth)} today`), at);
        }
      }
    }
  });

  it('"misses the SLO" lists only objectives today really misses; "meets" only when it meets', () => {
    for (const p of pools) {
      const cost = p.rationale.find((x) => x.setting === 'cost');
      if (!cost || !p.currentFigures) continue;
      const cur = p.currentFigures;
      if (cur.sloMet) assert.match(cost.text, /meets the SLO/, p.pool);
      else {
        const listed = /misses the SLO in the same simulation \(([^)]*)\)/.exec(cost.text)?.[1];
        assert.ok(listed, cost.text);
        for (const m of listed.split(', ')) {
          const wait = /^p95 wait (\S+) s > (\S+) s$/.exec(m);
          const age = /^max age (\S+) s > (\S+) s$/.exec(m);
          const dup = /^duplicates (\S+)% > (\S+)%$/.exec(m);
          if (wait) assert.ok(cur.queueWaitP95Sec > Number(wait[2]), m);
          else if (age) assert.ok(cur.maxMessageAgeSec > Number(age[2]), m);
          else if (dup) assert.ok(cur.duplicateRatio * 100 > Number(dup[2]), m);
          else assert.match(m, /^(p95 latency|messages still unacked)/, m);
        }
      }
    }
  });

  it('a recommended scaling mode other than the diff\'s says it is not in the diff', () => {
    for (const p of pools) {
      const m = p.scalingModes;
      if (!m) continue;
      const diffMode = p.recommended.scaling?.mode;
      const mode = p.rationale.find((x) => x.setting === 'scalingMode');
      if (m.recommended !== diffMode && mode) assert.match(mode.text, /^Not in the diff, which keeps /, `${p.pool}: ${mode.text}`);
    }
  });
});
