/**
 * How often verify's verdicts are right on recordings produced by the model from the tuned example pool
 * (orders-worker), over seeds none of which made the bands. Expected outcome per scenario:
 *   same traffic → as-predicted; orders ×3 → traffic-changed with drift that breaks the proposal;
 *   processing ×2 not shown in the recording → model-wrong; processing ×2 recorded → traffic-changed;
 *   burstiness ×3 → traffic-changed or as-predicted (either is right: the model reproduces it), never model-wrong.
 * Also counts how often the traffic-drift review rule agrees with verify (fires exactly when verify offers a re-tune).
 * Usage: node --import tsx bench/verify/run.ts [seeds=10]
 */
import { readFileSync } from 'node:fs';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot, snapshotViewFromText } from '../../shared/metrics/view.ts';
import { tunePool } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { buildProposalRecord, workspaceAfter } from '../../shared/verify/record.ts';
import { synthesizeRecording, type TrafficChangeSpec } from '../../shared/verify/synthetic.ts';
import { verifyPool } from '../../shared/verify/verify.ts';
import type { PoolVerification } from '../../shared/verify/schema.ts';
import { review } from '../../shared/rules/engine.ts';
import { ruleById } from '../../shared/rules/index.ts';

const POOL = 'orders-worker';
const seeds = Number(process.argv[2] ?? 10);
const SCENARIOS: { name: string; spec: TrafficChangeSpec; right: (v: PoolVerification) => boolean }[] = [
  { name: 'same traffic', spec: {}, right: (v) => v.outcome === 'as-predicted' && !v.failed },
  { name: 'orders ×3', spec: { arrivalScale: 3 }, right: (v) => v.outcome === 'traffic-changed' && v.drift?.detected === true && v.drift.holds === false },
  { name: 'processing ×2 hidden', spec: { hiddenProcessingScale: 2 }, right: (v) => v.outcome === 'model-wrong' },
  { name: 'processing ×2 recorded', spec: { processingScale: 2 }, right: (v) => v.outcome === 'traffic-changed' && v.traffic?.changes.some((c) => c.what === 'processing time' && c.significant) === true },
  { name: 'burstiness ×3', spec: { burstScale: 3 }, right: (v) => v.outcome !== 'model-wrong' && v.drift?.detected === true },
];

async function main(): Promise<void> {
  const { sources } = await loadSources(['examples']);
  const ws = parseWorkspace(sources);
  const view = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);
  const proposal = tunePool(ws, ws.pools.find((p) => p.name === POOL)!, { metrics: view, arrivalSeries: arrivalSeriesOf(view) });
  const record = buildProposalRecord({ ws, pool: POOL, id: proposal.id, edits: proposal.edits, metrics: view, appliedBy: 'cli', appliedAt: '2026-11-21T00:00:00Z' });
  const after = workspaceAfter(ws, proposal.edits);
  const pool = after.pools.find((p) => p.name === POOL)!;
  let right = 0;
  let total = 0;
  let agree = 0;
  const driftRule = ruleById('traffic-drift')!;
  for (const s of SCENARIOS) {
    const outcomes: string[] = [];
    let ok = 0;
    for (let i = 0; i < seeds; i++) {
      const { snapshot } = synthesizeRecording(after, pool, view, s.spec, { seed: 5000 + i });
      const afterView = metricsViewFromSnapshot(snapshot, snapshot.pools[POOL]!.instanceCount!.length, after, 'after');
      const v = verifyPool({ ws: after, pool, record, after: afterView, retuneCommand: 'pool-tuner tune' });
      if ('skipped' in v) throw new Error(v.skipped);
      const fired = review(after, { rules: [driftRule], metrics: afterView, records: [record] }).findings.length > 0;
      if (fired === (v.drift?.retune !== undefined)) agree++;
      outcomes.push(v.outcome);
      if (s.right(v)) ok++;
    }
    right += ok;
    total += seeds;
    const counts = Object.entries(outcomes.reduce<Record<string, number>>((a, o) => ((a[o] = (a[o] ?? 0) + 1), a), {})).map(([k, n]) => `${k} ${n}`).join(', ');
    process.stdout.write(`${s.name.padEnd(24)} right ${ok}/${seeds}  (${counts})\n`);
  }
  process.stdout.write(`all: right ${right}/${total} (${((100 * right) / total).toFixed(0)}%)\n`);
  process.stdout.write(`traffic-drift rule agrees with verify's re-tune: ${agree}/${total}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
