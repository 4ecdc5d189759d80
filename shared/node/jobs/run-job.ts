/**
 * Runs one job (tune, what-if, review) in the current thread: in a job worker (worker.ts) or inline when no worker
 * pool is available. The same code either way, so a worker's answer is exactly the inline one.
 */
import { parseWorkspace, type Workspace } from '../../config/workspace.ts';
import { metricsViewFromSnapshot, type SnapshotView } from '../../metrics/view.ts';
import { review } from '../../rules/engine.ts';
import { simulate } from '../../simulate/engine.ts';
import type { SimConfigInput, SimResult } from '../../simulate/types.ts';
import { tunePool, type TuneOptions } from '../../tune/tune.ts';
import { whatIf, WhatIfError } from '../../tune/what-if.ts';
import { arrivalSeriesOf } from '../../tune/workload.ts';
import { ensureHclParser } from '../hcl-parser.ts';
import type { JobErrorData, JobMetrics, JobProgress, JobRequest, JobResult, WireRequest } from './protocol.ts';

/** Progress is sent at most this often (a tune runs hundreds of simulations). */
const PROGRESS_INTERVAL_MS = 200;

/** What this thread keeps between jobs: the last workspace parsed, the last keyed snapshot and its view. */
let lastParsed: { key: string; ws: Workspace } | undefined;
let lastMetrics: JobMetrics | undefined;
let lastView: { ws: Workspace; metrics: JobMetrics; view: SnapshotView } | undefined;

async function workspaceOf(req: WireRequest): Promise<Workspace> {
  if (lastParsed?.key === req.sourcesKey) return lastParsed.ws;
  if (req.sources === 'held') throw new Error(`job worker: the workspace ${req.sourcesKey.slice(0, 12)} was sent as held but this worker does not hold it`);
  if (req.sources.some((s) => s.path.endsWith('.tf'))) await ensureHclParser();
  const ws = parseWorkspace(req.sources);
  lastParsed = { key: req.sourcesKey, ws };
  return ws;
}

/** The job's metrics view: rebuilt from the snapshot, or reused while the workspace and the keyed snapshot are the same. */
function metricsOf(req: WireRequest, ws: Workspace): SnapshotView | undefined {
  if (!req.metrics) return undefined;
  let m: JobMetrics;
  if ('held' in req.metrics) {
    if (lastMetrics?.key !== req.metrics.held) throw new Error(`job worker: the snapshot ${req.metrics.held.slice(0, 12)} was sent as held but this worker does not hold it`);
    m = lastMetrics;
  } else {
    m = req.metrics;
    if (m.key !== undefined) lastMetrics = m;
  }
  if (m.key !== undefined && lastView?.ws === ws && lastView.metrics === m) return lastView.view;
  const view = metricsViewFromSnapshot(m.snapshot, m.lengthSteps, ws, m.source);
  if (m.key !== undefined) lastView = { ws, metrics: m, view };
  return view;
}

export async function runJob<R extends JobRequest>(req: WireRequest<R> | R, onProgress?: (p: JobProgress) => void): Promise<JobResult<R>> {
  const ws = await workspaceOf(req as WireRequest);
  const metrics = metricsOf(req as WireRequest, ws);
  let simulations = 0;
  let poolsDone = 0;
  let sentAt = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!onProgress || (!force && now - sentAt < PROGRESS_INTERVAL_MS)) return;
    sentAt = now;
    onProgress({ simulations, ...(req.kind === 'tune' ? { poolsDone } : {}) });
  };
  const simulateFn = (config: SimConfigInput): SimResult => {
    const r = simulate(config);
    simulations++;
    report(false);
    return r;
  };
  if (req.kind === 'review') return review(ws, { metrics, ...(req.records ? { records: req.records } : {}) }) as JobResult<R>;
  const options: TuneOptions = { ...req.options, metrics, arrivalSeries: arrivalSeriesOf(metrics), simulateFn };
  if (req.kind === 'whatIf') {
    const pool = ws.pools.find((p) => p.name === req.pool);
    if (!pool) throw new Error(`no pool '${req.pool}' in the job's workspace`);
    return whatIf(ws, pool, req.sets, options) as JobResult<R>;
  }
  const out = [];
  for (const name of req.pools) {
    const pool = ws.pools.find((p) => p.name === name);
    if (!pool) throw new Error(`no pool '${name}' in the job's workspace`);
    out.push(tunePool(ws, pool, options));
    poolsDone++;
    report(true);
  }
  return out as JobResult<R>;
}

export function errorData(err: unknown): JobErrorData {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, code: typeof code === 'string' ? code : undefined, stack: err.stack };
  }
  return { name: 'Error', message: String(err) };
}

/** The error a job threw, rebuilt on this side of the thread boundary (WhatIfError keeps its class and code). */
export function errorFromData(e: JobErrorData): Error {
  const err = e.name === 'WhatIfError' ? new WhatIfError(e.code as WhatIfError['code'], e.message) : Object.assign(new Error(e.message), { name: e.name, code: e.code });
  if (e.stack) err.stack = e.stack;
  return err;
}
