/**
 * What the main thread sends a job worker and what comes back. Everything here is plain data (structured clone):
 * the worker re-parses the files and rebuilds the metrics view itself, so no parsed tree crosses threads.
 */
import type { SourceFile } from '../../config/workspace.ts';
import type { MetricsSnapshot } from '../../metrics/snapshot-schema.ts';
import type { ReplaySettings } from '../../model/bands-schema.ts';
import type { ReviewResult } from '../../rules/engine.ts';
import type { Proposal } from '../../tune/schema.ts';
import type { WhatIfKey, WhatIfResult } from '../../tune/what-if.ts';
import type { ProposalRecord } from '../../verify/schema.ts';

/** A metrics snapshot as the worker needs it to rebuild the same view (shared/metrics/view.ts). */
export interface JobMetrics {
  snapshot: MetricsSnapshot;
  lengthSteps: number;
  source: string;
  /**
   * Names this snapshot's content (a hash, or a number the sender never reuses for other content). With a key, a
   * worker keeps the snapshot and the pool sends it to that worker only once (see `WireRequest`).
   */
  key?: string;
}

/** The tune options that are plain data (the rest, metrics and arrival series, are rebuilt in the worker). */
export interface JobTuneOptions {
  seed?: number;
  leaseExtension?: boolean;
  simBudgetMessages?: number;
  replays?: Partial<ReplaySettings>;
}

interface JobBase {
  /** The workspace's files; `sourcesKey` (a hash of them) lets a worker reuse the workspace it parsed last. */
  sources: readonly SourceFile[];
  sourcesKey: string;
  metrics?: JobMetrics;
}

export interface TuneJob extends JobBase {
  kind: 'tune';
  /** Pools to tune, in order (exact names). */
  pools: readonly string[];
  options: JobTuneOptions;
}

export interface WhatIfJob extends JobBase {
  kind: 'whatIf';
  pool: string;
  sets: Partial<Record<WhatIfKey, number>>;
  options: JobTuneOptions;
}

export interface ReviewJob extends JobBase {
  kind: 'review';
  /** Applied proposal records (the traffic-drift rule compares the metrics against them). */
  records?: readonly ProposalRecord[];
}

export type JobRequest = TuneJob | WhatIfJob | ReviewJob;

export interface JobResults {
  tune: Proposal[];
  whatIf: WhatIfResult;
  review: ReviewResult;
}
export type JobResult<R extends JobRequest> = JobResults[R['kind']];

/** Progress of one job: simulations run so far (the tuner's unit of work), pools finished for a tune job. */
export interface JobProgress {
  simulations: number;
  poolsDone?: number;
}

/** An error as it crosses threads: `name` and `code` let the main thread rebuild typed errors (WhatIfError). */
export interface JobErrorData {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/**
 * A request as it crosses to a worker. The parts that worker already holds, because its last job carried the same
 * `sourcesKey` or metrics `key`, are sent as `'held'` (the key says which): a big workspace or snapshot is cloned
 * into a worker once, not once per job (shared/node/jobs/pool.ts decides, run-job.ts keeps them).
 */
export type WireRequest<R extends JobRequest = JobRequest> = R extends JobRequest
  ? Omit<R, 'sources' | 'metrics'> & { sources: R['sources'] | 'held'; metrics?: JobMetrics | { held: string } }
  : never;

export type WorkerMessage =
  | { id: number; type: 'progress'; progress: JobProgress }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; error: JobErrorData };
