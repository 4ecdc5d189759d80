/**
 * Worker thread (dist/tune-worker.js) that runs the tuner for CodeLens figures off the extension host's main
 * thread: a tune simulates for hundreds of milliseconds per pool, which would otherwise hold up diagnostics and
 * typing. Keeps the last workspace and snapshot it was sent (by version) so a request carries only the pool name.
 */
import './zod-config.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { parseWorkspace, type Workspace } from '../shared/index.ts';
import { ensureHclParser } from '../shared/node/hcl-parser.ts';
import { parseSnapshot, snapshotView, type LoadedSnapshot } from './metrics-core.ts';
import { proposeFor } from './tuner.ts';
import type { TuneRequest, TuneResponse } from './tune-protocol.ts';

let ws: { version: number; ws: Workspace } | undefined;
let snapshot: { version: number; loaded: LoadedSnapshot; source: string } | undefined;
const hcl = ensureHclParser([String((workerData as { dist?: string } | undefined)?.dist ?? __dirname)]).catch(() => undefined);

async function handle(req: TuneRequest): Promise<TuneResponse> {
  if (req.files) {
    if (req.files.some(([p]) => /\.tf$/i.test(p))) await hcl;
    ws = { version: req.version, ws: parseWorkspace(req.files.map(([path, text]) => ({ path, text }))) };
  }
  if (req.snapshot) {
    const parsed = parseSnapshot(req.snapshot.text);
    snapshot = 'loaded' in parsed ? { version: req.snapshot.version, loaded: parsed.loaded, source: req.snapshot.source } : undefined;
  }
  if (!ws || ws.version !== req.version) return { id: req.id, stale: true };
  const metrics = snapshot && snapshot.version === req.snapshotVersion ? snapshotView(snapshot.loaded, snapshot.source, ws.ws) : undefined;
  try {
    return { id: req.id, proposal: proposeFor(ws.ws, req.pool, metrics) };
  } catch (err) {
    return { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
}

parentPort?.on('message', (req: TuneRequest) => {
  void handle(req).then((res) => parentPort!.postMessage(res));
});
