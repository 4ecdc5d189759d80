/**
 * The extension host's side of the tuner's worker thread: the same job worker the CLI and the MCP server use
 * (shared/node/jobs, `dist/worker.js` beside extension.js), so CodeLens figures and the Tune command come from the
 * same code on the same inputs. The pool sends a workspace version and a snapshot to the worker once (by key) and
 * then only the pool's name. When the worker cannot run (no bundle, or it crashed) `propose` answers undefined and
 * the caller tunes in-process.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { MetricsView, Proposal, SnapshotView } from '../shared/index.ts';
import { JobPool, JobWorkerError } from '../shared/node/jobs/pool.ts';
import type { JobMetrics } from '../shared/node/jobs/protocol.ts';
import { errorText, type Log } from './log.ts';

export interface TuneInput {
  /** Changes with every rebuild of the workspace model: names `texts` for the worker. */
  version: number;
  texts: ReadonlyMap<string, string>;
  metrics?: MetricsView;
}

/** A number per snapshot object: a new snapshot (file reloaded, live fetch) gets a new key. */
const snapshotKeys = new WeakMap<object, string>();
let nextSnapshotKey = 1;

function jobMetrics(view: MetricsView | undefined): JobMetrics | undefined | 'unshippable' {
  if (!view) return undefined;
  const sv = view as Partial<SnapshotView>;
  if (!sv.snapshot || typeof sv.lengthSteps !== 'number') return 'unshippable';
  let key = snapshotKeys.get(sv.snapshot);
  if (key === undefined) snapshotKeys.set(sv.snapshot, (key = `snapshot-${nextSnapshotKey++}`));
  return { snapshot: sv.snapshot, lengthSteps: sv.lengthSteps, source: view.source, key };
}

export class TuneWorkerClient {
  private pool: JobPool | undefined;
  private broken = false;
  /** Proposals (or tuner errors) the worker has answered with. */
  answered = 0;

  constructor(private readonly dist: string, private readonly log: Log) {}

  private start(): JobPool | undefined {
    if (this.pool || this.broken) return this.pool;
    const script = path.join(this.dist, 'worker.js');
    if (!existsSync(script)) {
      this.broken = true;
      return undefined;
    }
    // One thread: CodeLens asks pool by pool, and the extension host shares the machine with the editor.
    this.pool = new JobPool({ size: 1, script });
    return this.pool;
  }

  /** The proposal for `pool` on `input`, computed in the worker; undefined when the worker is unavailable. */
  async propose(input: TuneInput, pool: string): Promise<{ proposal?: Proposal; error?: string } | undefined> {
    const metrics = jobMetrics(input.metrics);
    const jobs = metrics === 'unshippable' ? undefined : this.start();
    if (!jobs || metrics === 'unshippable') return undefined;
    const sources = [...input.texts].map(([p, text]) => ({ path: p, text }));
    try {
      const [proposal] = await jobs.run({ kind: 'tune', sources, sourcesKey: `workspace-${input.version}`, metrics, pools: [pool], options: {} });
      this.answered++;
      return proposal ? { proposal } : { error: `the tuner gave no proposal for ${pool}` };
    } catch (err) {
      if (err instanceof JobWorkerError) {
        this.log.warn(`tuner worker stopped (${err.message}); tuning in the extension host`);
        this.broken = true;
        void this.pool?.close();
        this.pool = undefined;
        return undefined;
      }
      this.answered++;
      return { error: errorText(err) };
    }
  }

  dispose(): void {
    void this.pool?.close();
    this.pool = undefined;
  }
}
