/**
 * `tune` over many pools on worker threads: the pools are split into small chunks (so a slow pool does not leave
 * the other workers idle), each worker parses the workspace once and tunes its chunks, and the proposals are put
 * back in the workspace's order. The output is exactly `tune()`'s (test/cli/tune-parallel.test.ts).
 */
import { createHash } from 'node:crypto';
import type { Workspace } from '../../config/workspace.ts';
import type { SnapshotView } from '../../metrics/view.ts';
import type { TuneOutput } from '../../tune/schema.ts';
import { tunablePools, tuneOutput } from '../../tune/tune.ts';
import { JobPool } from './pool.ts';
import type { JobTuneOptions } from './protocol.ts';

/** Chunks per worker: small enough to balance uneven pools, large enough that hand-overs stay cheap. */
const CHUNKS_PER_WORKER = 32;

export interface ParallelTuneInput {
  metrics?: SnapshotView;
  /** Only this pool. */
  pool?: string;
  options: JobTuneOptions;
  /** Worker threads. */
  jobs: number;
}

export async function tuneInParallel(ws: Workspace, input: ParallelTuneInput): Promise<TuneOutput> {
  const names = tunablePools(ws, input.pool).map((p) => p.name);
  const sources = [...ws.files.values()].map((f) => ({ path: f.path, text: f.text }));
  const hash = createHash('sha256');
  for (const s of sources) hash.update(s.path).update('\0').update(s.text).update('\0');
  const sourcesKey = hash.digest('hex');
  // One snapshot per run, so a constant key: each worker is sent it once, with its first chunk.
  const metrics = input.metrics ? { snapshot: input.metrics.snapshot, lengthSteps: input.metrics.lengthSteps, source: input.metrics.source, key: 'run' } : undefined;
  const pool = new JobPool({ size: input.jobs });
  try {
    const size = Math.max(1, Math.ceil(names.length / (Math.max(1, pool.size) * CHUNKS_PER_WORKER)));
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += size) chunks.push(names.slice(i, i + size));
    const results = await Promise.all(chunks.map((pools) => pool.run({ kind: 'tune', sources, sourcesKey, metrics, pools, options: input.options })));
    return tuneOutput(results.flat(), input.metrics?.source);
  } finally {
    await pool.close();
  }
}
