/**
 * Per-pool summary for CodeLens and the status bar: p95 queue wait and cost per month from the tuner's
 * simulation of the current settings, backlog from the metrics. Cached per review state (a tuner run
 * simulates; it is not redone on every CodeLens resolve).
 */
import { errorText, type Log } from './log.ts';
import { proposeFor, type Proposal } from './tuner.ts';
import { poolSummary, type PoolSummary } from './lens-text.ts';
import type { ReviewState, WorkspaceModel } from './workspace-model.ts';

export type { PoolSummary };

export class PoolSummaries {
  private cache = new Map<string, { proposal?: Proposal; error?: string }>();
  private cachedFor: ReviewState | undefined;

  constructor(private readonly model: WorkspaceModel, private readonly log: Log) {}

  /** The tuner's proposal for `pool` on the current state (cached), or the reason there is none. */
  proposal(pool: string): { proposal?: Proposal; error?: string } {
    const state = this.model.state;
    if (!state) return { error: 'no pool configs' };
    if (this.cachedFor !== state) {
      this.cache = new Map();
      this.cachedFor = state;
    }
    let hit = this.cache.get(pool);
    if (!hit) {
      try {
        hit = { proposal: proposeFor(state.ws, pool, state.metrics) };
      } catch (err) {
        hit = { error: errorText(err) };
        this.log.warn(`tune ${pool}: ${hit.error}`);
      }
      this.cache.set(pool, hit);
    }
    return hit;
  }

  warn(message: string): void {
    this.log.warn(message);
  }

  summary(pool: string): PoolSummary {
    const state = this.model.state;
    const figures = state?.metrics?.forPool(pool);
    if (!state?.metrics || !figures) return poolSummary(pool, state?.metrics?.source, undefined, undefined);
    const { proposal, error } = this.proposal(pool);
    return poolSummary(pool, state.metrics.source, figures, proposal, error);
  }
}
