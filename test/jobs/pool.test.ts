/**
 * The job pool (shared/node/jobs) with a real worker thread (worker.ts through tsx): answers equal the inline
 * ones; a workspace and a keyed snapshot are cloned into a worker once and then sent as held; after a failed job
 * they are sent again; a worker that cannot start rejects with JobWorkerError (the extension then tunes in-process).
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { JobPool, JobWorkerError } from '../../shared/node/jobs/pool.ts';
import type { JobMetrics, ReviewJob } from '../../shared/node/jobs/protocol.ts';
import { runJob } from '../../shared/node/jobs/run-job.ts';

const sources = readdirSync('examples', { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ path: path.join('examples', f), text: readFileSync(path.join('examples', f), 'utf8') }));
const loaded = loadSnapshot(readFileSync('examples/metrics/snapshot.json', 'utf8'));
if (!loaded.ok) throw new Error('examples snapshot invalid');
const metrics: JobMetrics = { snapshot: loaded.snapshot, lengthSteps: loaded.lengthSteps, source: 'examples/metrics/snapshot.json', key: 'm1' };

const pool = new JobPool({ size: 1, script: path.resolve('shared/node/jobs/worker.ts') });
after(() => pool.close());

const ruleIds = (r: { findings: { ruleId: string; file: string }[] }) => r.findings.map((f) => `${f.file}:${f.ruleId}`);

it('a review job on the worker equals the inline review; repeats send the workspace and snapshot as held', async () => {
  const job: ReviewJob = { kind: 'review', sources, sourcesKey: 'ws-1', metrics };
  const inline = await runJob(job);
  assert.ok(inline.findings.length > 0, 'the examples have findings');
  for (let i = 0; i < 3; i++) assert.deepEqual(ruleIds(await pool.run(job)), ruleIds(inline));
  assert.deepEqual(pool.sends, { sources: 1, heldSources: 2, snapshots: 1, heldSnapshots: 2 });
});

it('a changed workspace is sent again; the snapshot stays held while its key is the same', async () => {
  const edited = sources.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n# edited\n` } : s));
  const before = { ...pool.sends };
  const r = await pool.run({ kind: 'review', sources: edited, sourcesKey: 'ws-2', metrics });
  assert.deepEqual(ruleIds(r), ruleIds(await runJob({ kind: 'review', sources: edited, sourcesKey: 'ws-2', metrics })));
  assert.equal(pool.sends.sources, before.sources + 1);
  assert.equal(pool.sends.heldSnapshots, before.heldSnapshots + 1);
  // Back to the first workspace: the worker holds only the last one, so it is sent again.
  await pool.run({ kind: 'review', sources, sourcesKey: 'ws-1', metrics });
  assert.equal(pool.sends.sources, before.sources + 2);
});

it("after a job fails, the next job carries its workspace and snapshot again (the worker's state is not trusted)", async () => {
  await assert.rejects(pool.run({ kind: 'whatIf', sources, sourcesKey: 'ws-1', metrics, pool: 'no-such-pool', sets: {}, options: {} }), /no pool 'no-such-pool'/);
  const before = { ...pool.sends };
  await pool.run({ kind: 'review', sources, sourcesKey: 'ws-1', metrics });
  assert.equal(pool.sends.sources, before.sources + 1);
  assert.equal(pool.sends.snapshots, before.snapshots + 1);
});

it('a worker that cannot start rejects with JobWorkerError, not as a job error', async () => {
  const broken = new JobPool({ size: 1, script: path.resolve('test/jobs/no-such-worker.js') });
  try {
    await assert.rejects(broken.run({ kind: 'review', sources, sourcesKey: 'ws-1' }), JobWorkerError);
  } finally {
    await broken.close();
  }
});
