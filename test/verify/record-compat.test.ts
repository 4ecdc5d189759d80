/**
 * Records written before verify's replays moved onto the pool model's replay loop still load and verify (the record
 * format is unchanged: 5–95% bands of observable figures), and verify's replays are the model's: the same
 * simulator configurations as `replayResults` over `buildReplays`, with the timeline on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readProposalRecords } from '../../shared/node/proposal-records.ts';
import { buildPoolModel, contextFor } from '../../shared/model/pool-model.ts';
import { buildReplays } from '../../shared/model/replays.ts';
import { simulate } from '../../shared/simulate/index.ts';
import type { SimConfigInput } from '../../shared/simulate/types.ts';
import { simConfigFor } from '../../shared/tune/evaluate.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { replay } from '../../shared/verify/bands.ts';
import { verifyRecords } from '../../shared/verify/verify.ts';
import { ProposalRecordSchema } from '../../shared/verify/schema.ts';
import { POOL, tunedExample } from './helpers.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';

const V1 = 'test/fixtures/verify/record-v1-tune-6ebdd565038b13c3.json';

test('a record written before the change (the example as shipped) loads from .pool-tuner/proposals and verifies', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-records-'));
  try {
    cpSync(V1, path.join(dir, path.basename(V1)));
    const { records, errors } = await readProposalRecords(dir);
    assert.deepEqual(errors, []);
    assert.equal(records.length, 1);
    assert.deepEqual(records[0], ProposalRecordSchema.parse(JSON.parse(readFileSync(V1, 'utf8'))));
    const t = await tunedExample();
    const after = snapshotViewFromText(readFileSync('examples/metrics/after.json', 'utf8'), 'examples/metrics/after.json', t.ws);
    const out = verifyRecords(t.ws, records, after, (p) => `pool-tuner tune examples --pool ${p} --metrics examples/metrics/after.json --apply`);
    assert.deepEqual(out.skipped, []);
    const v = out.pools[0]!;
    assert.equal(v.proposalId, 'tune-6ebdd565038b13c3');
    assert.equal(v.outcome, 'traffic-changed', v.notes.join(' '));
    assert.equal(v.drift?.holds, false);
    assert.equal(v.checks.find((c) => c.figure === 'queueWaitP95Sec')?.verdict, 'worse');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("verify's replays are the model's: the same simulator configurations, timeline on", async () => {
  const t = await tunedExample();
  const pool = t.after.pools.find((p) => p.name === POOL)!;
  const seen: SimConfigInput[] = [];
  const r = replay(t.after, pool, t.view, { replays: 2, resamples: 1, simulateFn: (c) => (seen.push(c), simulate(c)) });
  assert.equal(r.bands.replays, 3);
  const model = buildPoolModel(t.after, pool, { metrics: t.view, arrivalSeries: arrivalSeriesOf(t.view) });
  const ctx = contextFor(model, model.current)!;
  const draws = buildReplays(model.recorded!.arrivalsPerMinute, model.workload!.arrivalsPerMinute, model.seed, { seeds: 2, resamples: 1, trafficGrowth: 0, growthReplays: 0, sloMetShareMin: 0.95 });
  assert.deepEqual(draws.map((d) => d.kind), ['recorded', 'recorded', 'resampled']);
  const expected = draws.map((d) => {
    const w = d.kind === 'resampled'
      ? { ...ctx.workload, arrivalsPerMinute: d.arrivalsPerMinute, stateResets: undefined, initialBacklog: undefined, initialInstances: undefined }
      : { ...ctx.workload, arrivalsPerMinute: d.arrivalsPerMinute };
    return { ...simConfigFor({ ...ctx, seed: d.seed, workload: w }, model.currentCandidate!), timeline: true };
  });
  assert.deepEqual(JSON.parse(JSON.stringify(seen)), JSON.parse(JSON.stringify(expected)));
});
