/**
 * The verify example (docs/verify.md, README "Verify"): orders-worker tuned on examples/metrics/snapshot.json, the
 * proposal record `tune --apply` would write, and an "after" recording produced by the model from the tuned
 * configuration with a documented traffic change: a week later, orders tripled (a sales campaign), everything
 * else unchanged. Seeded: the same inputs give the same files byte for byte.
 *
 * Usage: `npx tsx scripts/gen-verify-example.ts [--check]` writes examples/.pool-tuner/proposals/<id>.json and
 * examples/metrics/after.json (or exits 1 when the checked-in copies differ).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSources } from '../shared/node/files.ts';
import { parseWorkspace } from '../shared/config/workspace.ts';
import { snapshotViewFromText } from '../shared/metrics/view.ts';
import { tunePool } from '../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../shared/tune/workload.ts';
import { buildProposalRecord, RECORDS_DIR, workspaceAfter } from '../shared/verify/record.ts';
import { synthesizeRecording, type TrafficChangeSpec } from '../shared/verify/synthetic.ts';

export const VERIFY_EXAMPLE = {
  pool: 'orders-worker',
  /** Applied the day after the tuned-on window (2026-11-20). */
  appliedAt: '2026-11-21T09:00:00Z',
  /** The recording after the change: one day, a week later. */
  afterStart: '2026-11-27T00:00:00Z',
  change: { arrivalScale: 3 } satisfies TrafficChangeSpec,
  seed: 20261127,
  afterFile: 'examples/metrics/after.json',
  recordsDir: path.join('examples', ...RECORDS_DIR.split('/')),
} as const;

export async function generateVerifyExample(): Promise<{ recordFile: string; recordText: string; afterText: string }> {
  const { sources } = await loadSources(['examples']);
  const ws = parseWorkspace(sources);
  const view = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'examples/metrics/snapshot.json', ws);
  const e = VERIFY_EXAMPLE;
  const proposal = tunePool(ws, ws.pools.find((p) => p.name === e.pool)!, { metrics: view, arrivalSeries: arrivalSeriesOf(view) });
  const record = buildProposalRecord({ ws, pool: e.pool, id: proposal.id, edits: proposal.edits, metrics: view, appliedBy: 'cli', appliedAt: e.appliedAt, tunerBands: proposal.predictedBands });
  const after = workspaceAfter(ws, proposal.edits);
  const { snapshot } = synthesizeRecording(after, after.pools.find((p) => p.name === e.pool)!, view, e.change, {
    seed: e.seed, start: e.afterStart,
    source: `generated: pool-tuner simulator, ${e.pool} as tuned, orders ×${e.change.arrivalScale} (scripts/gen-verify-example.ts, seed ${e.seed})`,
  });
  return {
    recordFile: path.join(e.recordsDir, `${record.id}.json`),
    recordText: `${JSON.stringify(record, null, 2)}\n`,
    afterText: `${JSON.stringify(snapshot)}\n`,
  };
}

async function main(argv: string[]): Promise<number> {
  const g = await generateVerifyExample();
  const e = VERIFY_EXAMPLE;
  if (argv.includes('--check')) {
    const same = (f: string, t: string) => existsSync(f) && readFileSync(f, 'utf8') === t;
    if (!same(g.recordFile, g.recordText) || !same(e.afterFile, g.afterText)) {
      process.stderr.write(`${g.recordFile} or ${e.afterFile} is stale: run npx tsx scripts/gen-verify-example.ts\n`);
      return 1;
    }
    return 0;
  }
  mkdirSync(e.recordsDir, { recursive: true });
  for (const old of readdirSync(e.recordsDir)) rmSync(path.join(e.recordsDir, old));
  writeFileSync(g.recordFile, g.recordText);
  writeFileSync(e.afterFile, g.afterText);
  process.stdout.write(`wrote ${g.recordFile} (${g.recordText.length} bytes) and ${e.afterFile} (${g.afterText.length} bytes)\n`);
  return 0;
}

if (/gen-verify-example\.ts$/.test(process.argv[1] ?? '')) main(process.argv.slice(2)).then((c) => (process.exitCode = c), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
