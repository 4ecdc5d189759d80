/**
 * The traffic-drift review rule on recordings produced by the model from the tuned example pool: it fires exactly
 * when `pool-tuner verify` offers a re-tune (one function underneath, shared/verify/drift.ts), with the same
 * numbers; never without a record or without drift.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../../shared/rules/engine.ts';
import { ruleById } from '../../shared/rules/index.ts';
import { synthesizeRecording, type TrafficChangeSpec } from '../../shared/verify/synthetic.ts';
import { verifyPool } from '../../shared/verify/verify.ts';
import type { PoolVerification } from '../../shared/verify/schema.ts';
import { POOL, tunedExample, viewOf } from './helpers.ts';

const rule = ruleById('traffic-drift')!;
const SEED = 11;

async function both(spec: TrafficChangeSpec, withRecords = true) {
  const t = await tunedExample();
  const pool = t.after.pools.find((p) => p.name === POOL)!;
  const { snapshot } = synthesizeRecording(t.after, pool, t.view, spec, { seed: SEED });
  const after = viewOf(snapshot, t.after);
  const findings = review(t.after, { rules: [rule], metrics: after, ...(withRecords ? { records: [t.record] } : {}) }).findings;
  const v = verifyPool({ ws: t.after, pool, record: t.record, after, retuneCommand: `pool-tuner tune --pool ${POOL} --metrics after.json --apply` }) as PoolVerification;
  return { findings, v };
}

test('orders ×3: a traffic-drift warning on the pool, the re-tune command, the numbers verify reports', async () => {
  const { findings, v } = await both({ arrivalScale: 3 });
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  const f = findings[0]!;
  assert.equal(f.severity, 'warning');
  assert.equal(f.pool, POOL);
  assert.equal(f.data?.['retune'], `pool-tuner tune --pool ${POOL} --metrics after.json --apply`);
  assert.match(f.message, /rate \+\d+% \(1\.28 msg\/s → 3\.\d+ msg\/s\)/);
  assert.match(f.message, /Re-tune: pool-tuner tune --pool orders-worker/);
  // The same function underneath: verify reports the same drift, with the same replays and numbers.
  assert.equal(v.drift?.detected, true);
  assert.equal(v.drift?.holds, false);
  assert.equal(f.data?.['sloMetShare'], v.drift?.sloMetShare);
  assert.equal(f.data?.['costUsdPerMonth'], Number(v.drift!.costUsdPerMonth.toFixed(2)));
  assert.ok(v.notes.some((n) => f.message.includes(n)), 'the finding carries verify\'s drift sentence');
  assert.ok(Math.abs(Number(f.data?.['rateChange']) - 2) < 0.1, `rate +200%, got ${f.data?.['rateChange']}`);
});

test('same traffic as tuned on: no finding (and verify sees no drift)', async () => {
  const { findings, v } = await both({});
  assert.deepEqual(findings.map((f) => f.message), []);
  assert.equal(v.drift?.detected, false);
});

test('no proposal record: no finding, even on tripled traffic', async () => {
  assert.deepEqual((await both({ arrivalScale: 3 }, false)).findings, []);
  const t = await tunedExample();
  const pool = t.after.pools.find((p) => p.name === POOL)!;
  const { snapshot } = synthesizeRecording(t.after, pool, t.view, { arrivalScale: 3 }, { seed: SEED });
  assert.deepEqual(review(t.after, { rules: [rule], metrics: viewOf(snapshot, t.after), records: [] }).findings, []);
});

test('no metrics: the rule is skipped for metrics, like every metric rule', async () => {
  const t = await tunedExample();
  const r = review(t.after, { rules: [rule], records: [t.record] });
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.skippedForMetrics, ['traffic-drift']);
});

for (const [name, spec] of [['burstiness ×3', { burstScale: 3 }], ['processing ×2 recorded', { processingScale: 2 }]] as const) {
  test(`${name}: the rule fires exactly when verify offers a re-tune`, async () => {
    const { findings, v } = await both(spec);
    assert.equal(findings.length === 1, v.drift?.retune !== undefined, `rule ${findings.length} finding(s); verify: ${v.notes.join(' ')}`);
    // Each of these moves a dimension beyond its threshold: the rule had to re-simulate, not just compare.
    assert.equal(v.drift?.detected, true);
  });
}

test('orders ×1.3: drift detected, but the tuned config absorbs it: no finding', async () => {
  const { findings, v } = await both({ arrivalScale: 1.3 });
  assert.equal(v.drift?.detected, true);
  assert.equal(v.drift?.holds, true, v.notes.join(' '));
  assert.deepEqual(findings.map((f) => f.message), []);
});
