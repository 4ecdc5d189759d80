/** Bridge to the core's tuner: one pool's proposal (edits, unified diff, simulated figures, reasons). */
import { arrivalSeriesOf, tune, type MetricsView, type Proposal, type Workspace } from '../shared/index.ts';

export type { Proposal };

export class TunePoolError extends Error {
  readonly code = 'NO_SUCH_POOL';
}

/** The tuner's proposal for `pool` (same options as `pool-tuner tune --pool`, default seed). */
export function proposeFor(ws: Workspace, pool: string, metrics: MetricsView | undefined): Proposal {
  const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool });
  const proposal = out.pools.find((p) => p.pool === pool);
  if (!proposal) {
    const known = ws.pools.filter((p) => p.workerPool || p.scaler).map((p) => p.name);
    throw new TunePoolError(`No tunable pool '${pool}' (needs a worker pool or a scaler). Pools: ${known.join(', ') || 'none'}.`);
  }
  return proposal;
}
