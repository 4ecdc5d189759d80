/** Bridge to the core's tuner: one pool's proposal (edits, unified diff, simulated figures, reasons). */
import { arrivalSeriesOf, tunablePools, tune, type MetricsView, type Proposal, type Workspace } from '../shared/index.ts';

export type { Proposal };

export class TunePoolError extends Error {
  readonly code = 'NO_SUCH_POOL';
}

/** Why `pool` cannot be tuned (no such pool, or neither a worker pool nor a scaler), or undefined when it can. */
export function untunable(ws: Workspace, pool: string): string | undefined {
  if (tunablePools(ws, pool).some((p) => p.workerPool || p.scaler)) return undefined;
  const known = ws.pools.filter((p) => p.workerPool || p.scaler).map((p) => p.name);
  return `No tunable pool '${pool}' (needs a worker pool or a scaler). Pools: ${known.join(', ') || 'none'}.`;
}

/** The tuner's proposal for `pool` (same options as `pool-tuner tune --pool`, default seed), on this thread. */
export function proposeFor(ws: Workspace, pool: string, metrics: MetricsView | undefined): Proposal {
  const why = untunable(ws, pool);
  if (why) throw new TunePoolError(why);
  const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool });
  return out.pools.find((p) => p.pool === pool)!;
}
