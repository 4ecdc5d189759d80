/**
 * A pool of job worker threads (worker.ts), sized to the cores: long work (tuner searches, what-if simulations,
 * big reviews) runs there so the caller's thread keeps answering. Jobs queue first in, first out; a job is
 * cancelled by terminating its worker (a replacement starts with the next job). Idle workers are unref'd, so an
 * idle pool never keeps a process alive.
 *
 * The worker script is `worker.js` beside the running bundle (dist/, built by scripts/build.mjs) or, from the
 * sources, `worker.ts` beside this file (loaded through tsx). With neither, jobs run inline on the caller's thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorFromData, runJob } from './run-job.ts';
import type { JobProgress, JobRequest, JobResult, WireRequest, WorkerMessage } from './protocol.ts';

export interface RunOptions {
  /** Aborting cancels the job: removed from the queue, or its worker terminated. */
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export interface JobPoolOptions {
  /** Worker threads (default: the core count). 0 = run every job inline on the caller's thread. */
  size?: number;
  /** Worker script (default: located as described above). */
  script?: string;
}

/** The error a job rejects with when its worker thread failed (did not start, crashed): not the job's own error. */
export class JobWorkerError extends Error {
  readonly code = 'JOB_WORKER_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'JobWorkerError';
  }
}

/** The error a cancelled job rejects with. */
export class JobCancelledError extends Error {
  readonly code = 'JOB_CANCELLED';
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

interface Pending {
  id: number;
  req: JobRequest;
  opts: RunOptions;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  worker?: Slot;
}

interface Slot {
  worker: Worker;
  job?: Pending;
  /** The workspace and snapshot keys the worker holds (its last finished job's): later jobs send them as held. */
  held: { sourcesKey?: string; metricsKey?: string };
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

/** `dist/worker.js` beside the bundle, else the TypeScript source beside this file, else undefined (inline). */
export function locateWorkerScript(): { file: string; ts: boolean } | undefined {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const js = path.join(here, 'worker.js');
  if (existsSync(js)) return { file: js, ts: false };
  const ts = path.join(here, 'worker.ts');
  if (existsSync(ts)) return { file: ts, ts: true };
  return undefined;
}

export class JobPool {
  readonly size: number;
  private readonly script?: { file: string; ts: boolean };
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** How often a job's workspace and snapshot were cloned into a worker, and how often sent as held (by key). */
  readonly sends = { sources: 0, heldSources: 0, snapshots: 0, heldSnapshots: 0 };

  constructor(options: JobPoolOptions = {}) {
    this.script = options.script ? { file: options.script, ts: options.script.endsWith('.ts') } : locateWorkerScript();
    this.size = this.script ? Math.max(0, options.size ?? defaultPoolSize()) : 0;
  }

  /** True when jobs run on the caller's thread (size 0 or no worker script). */
  get inline(): boolean {
    return this.size === 0;
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  run<R extends JobRequest>(req: R, opts: RunOptions = {}): Promise<JobResult<R>> {
    if (opts.signal?.aborted) return Promise.reject(new JobCancelledError());
    if (this.closed) return Promise.reject(new Error('the job pool is closed'));
    if (this.inline) return runJob(req, opts.onProgress);
    return new Promise<JobResult<R>>((resolve, reject) => {
      const job: Pending = { id: this.nextId++, req, opts, resolve: resolve as (v: unknown) => void, reject };
      opts.signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  /** Terminates every worker; queued and running jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the job pool is closed'));
    await Promise.all(this.slots.splice(0).map(async (s) => {
      s.job?.reject(new Error('the job pool is closed'));
      await s.worker.terminate();
    }));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      job.worker = slot;
      slot.job = job;
      slot.worker.ref();
      const wire = toWire(job.req, slot.held);
      if (wire.sources === 'held') this.sends.heldSources++;
      else this.sends.sources++;
      if (wire.metrics && 'held' in wire.metrics) this.sends.heldSnapshots++;
      else if (wire.metrics) this.sends.snapshots++;
      slot.worker.postMessage({ id: job.id, req: wire });
    }
  }

  private spawn(): Slot {
    const { file, ts } = this.script!;
    // A worker's stray stdout output is sent to stderr by worker.ts (stdout is the MCP protocol channel).
    const worker = ts
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true })
      : new Worker(file);
    const slot: Slot = { worker, held: {} };
    worker.on('message', (m: WorkerMessage) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      if (m.type === 'progress') {
        job.opts.onProgress?.(m.progress);
        return;
      }
      slot.job = undefined;
      worker.unref();
      // What the worker keeps after a job (run-job.ts): the workspace it parsed, the snapshot if it had a key.
      slot.held = m.type === 'done' ? { sourcesKey: job.req.sourcesKey, metricsKey: job.req.metrics?.key ?? slot.held.metricsKey } : {};
      if (m.type === 'done') job.resolve(m.result);
      else job.reject(errorFromData(m.error));
      this.pump();
    });
    const fail = (err: Error) => {
      this.remove(slot);
      slot.job?.reject(err);
      slot.job = undefined;
      this.pump();
    };
    worker.on('error', (err) => fail(new JobWorkerError(`a job worker failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new JobWorkerError(`a job worker stopped (exit code ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private cancel(job: Pending): void {
    const q = this.queue.indexOf(job);
    if (q >= 0) {
      this.queue.splice(q, 1);
      job.reject(new JobCancelledError());
      return;
    }
    const slot = job.worker;
    if (!slot || slot.job !== job) return; // already finished
    this.remove(slot);
    slot.job = undefined;
    job.reject(new JobCancelledError());
    void slot.worker.terminate();
    this.pump();
  }
}

/** The request with what the worker already holds replaced by its key (see WireRequest in protocol.ts). */
function toWire(req: JobRequest, held: Slot['held']): WireRequest {
  const key = req.metrics?.key;
  return {
    ...req,
    sources: held.sourcesKey === req.sourcesKey ? 'held' : req.sources,
    metrics: req.metrics && key !== undefined && held.metricsKey === key ? { held: key } : req.metrics,
  } as WireRequest;
}

let shared: JobPool | undefined;

/** The process-wide pool (created on first use) that adapters share unless given their own. */
export function sharedJobPool(): JobPool {
  shared ??= new JobPool();
  return shared;
}
