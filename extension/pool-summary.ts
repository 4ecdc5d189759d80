/**
 * Per-pool summary for CodeLens and the status bar: p95 queue wait and cost per month from the tuner's
 * simulation of the current settings, backlog from the metrics. Cached per review state (a tuner run
 * simulates; it is not redone on every CodeLens resolve).
 */
import { errorText, type Log } from './log.ts';
import { proposeFor, untunable, type Proposal } from './tuner.ts';
import { poolSummary, type PoolSummary } from './lens-text.ts';
import type { ReviewState, WorkspaceModel } from './workspace-model.ts';
import type { TuneWorkerClient } from './tune-client.ts';

export type { PoolSummary };

export class PoolSummaries {
  private cache = new Map<string, { proposal?: Proposal; error?: string }>();
  private pending = new Map<string, Promise<{ proposal?: Proposal; error?: string }>>();
  private cachedFor: ReviewState | undefined;

  /** `worker`: runs the tuner off the main thread (CodeLens, the Tune command) on the state's files and snapshot. */
  constructor(private readonly model: WorkspaceModel, private readonly log: Log, private readonly worker?: TuneWorkerClient) {}

  private forState(state: ReviewState): void {
    if (this.cachedFor === state) return;
    this.cache = new Map();
    this.pending = new Map();
    this.cachedFor = state;
  }

  /**
   * The proposal for `pool` computed in the worker thread (the extension host stays free for diagnostics and
   * typing); in-process when no worker can run. Shares the cache of `proposal`.
   */
  proposalAsync(pool: string): Promise<{ proposal?: Proposal; error?: string }> {
    const state = this.model.state;
    if (!state) return Promise.resolve({ error: 'no pool configs' });
    this.forState(state);
    const hit = this.cache.get(pool) ?? this.pending.get(pool);
    if (hit) return Promise.resolve(hit);
    if (untunable(state.ws, pool)) return Promise.resolve(this.proposal(pool)); // the reason, without a worker round trip
    const p = (this.worker ? this.worker.propose({ version: state.version, texts: state.texts, metrics: state.metrics }, pool) : Promise.resolve(undefined))
      .then((r) => {
        if (!r) return this.proposal(pool);
        if (r.error) this.log.warn(`tune ${pool}: ${r.error}`);
        if (this.cachedFor === state) this.cache.set(pool, r);
        return r;
      });
    this.pending.set(pool, p);
    return p;
  }

  /** Whether `summary(pool)` would run the tuner (metrics for the pool, no proposal cached for this state). */
  needsTuner(pool: string): boolean {
    const state = this.model.state;
    if (!state?.metrics?.forPool(pool)) return false;
    this.forState(state);
    return !this.cache.has(pool);
  }

  /** `summary`, with the tuner run in the worker thread. */
  async summaryAsync(pool: string): Promise<PoolSummary> {
    const state = this.model.state;
    const figures = state?.metrics?.forPool(pool);
    if (!state?.metrics || !figures) return poolSummary(pool, state?.metrics?.source, undefined, undefined);
    const { proposal, error } = await this.proposalAsync(pool);
    return poolSummary(pool, state.metrics.source, figures, proposal, error);
  }

  /** The tuner's proposal for `pool` on the current state (cached), or the reason there is none. */
  proposal(pool: string): { proposal?: Proposal; error?: string } {
    const state = this.model.state;
    if (!state) return { error: 'no pool configs' };
    this.forState(state);
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
