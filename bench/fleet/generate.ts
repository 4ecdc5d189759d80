/**
 * A fleet of N generated pools (bench/review's WorkerPool + CremaConfig + subscription per pool) and a metrics
 * snapshot for them: a short window of per-minute series with a per-pool rate, a slow daily-like swing and
 * deterministic noise (seeded), and per-pool processing times, so every pool gets a real tuner search.
 */
import { Rng } from '../../shared/simulate/prng.ts';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../review/generate.ts';

/** The simulator's seeded generator (shared/simulate/prng.ts): a failure reproduces with the same seed. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

export function generateFleet(dir: string, pools: number, minutes: number): { files: number; snapshot: string } {
  const files = generateWorkspace(dir, pools) + 1;
  // One replay per pool (no extra seeds or resamples): the bench measures parallelism, not the replay count.
  writeFileSync(path.join(dir, 'pool-tuner.yaml'), 'apiVersion: pool-tuner/v1\nkind: PoolTunerSettings\nproject: bench-proj\ntuner:\n  replaySeeds: 1\n  replayResamples: 0\n');
  const rand = rng(42);
  const start = Date.UTC(2026, 10, 20);
  const snap = {
    schemaVersion: 1,
    source: `generated: bench/fleet (${pools} pools, ${minutes} min)`,
    project: 'bench-proj',
    window: { start: new Date(start).toISOString(), end: new Date(start + minutes * 60_000).toISOString(), stepSec: 60 },
    pools: {} as Record<string, unknown>,
    subscriptions: {} as Record<string, unknown>,
  };
  for (let i = 0; i < pools; i++) {
    const name = `pool-${String(i).padStart(4, '0')}`;
    const ratePerMin = 30 + (i % 20) * 15;
    const published = Array.from({ length: minutes }, (_, m) => Math.max(0, Math.round(ratePerMin * (1 + 0.4 * Math.sin((2 * Math.PI * m) / minutes)) * (0.85 + 0.3 * rand()))));
    const p50 = 150 + (i % 10) * 60;
    snap.pools[`${name}-worker`] = { instanceCount: Array.from({ length: minutes }, () => (i % 9) + 1) };
    snap.subscriptions[`${name}-sub`] = {
      topic: name,
      publishedMessagesPerMin: published,
      deliveredMessagesPerMin: published,
      ackedMessagesPerMin: published,
      backlogMessages: published.map((x) => Math.round(x / 10)),
      oldestUnackedAgeSec: published.map(() => Math.round(5 + 10 * rand())),
      processingTimeMs: {
        p50: published.map(() => p50),
        p95: published.map(() => p50 * 3),
        p99: published.map(() => p50 * 5),
      },
    };
  }
  const snapshot = path.join(dir, 'snapshot.json');
  writeFileSync(snapshot, JSON.stringify(snap));
  return { files, snapshot };
}
