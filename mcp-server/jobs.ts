/**
 * Builds worker-job requests (shared/node/jobs) from a loaded workspace: the files as read and, when the metrics
 * are a snapshot view, the snapshot itself, so the worker rebuilds exactly the view this thread has. A view that
 * is not a snapshot (an injected source) cannot cross threads: callers then compute inline.
 */
import type { MetricsView, SnapshotView } from '../shared/index.ts';
import type { JobMetrics } from '../shared/node/jobs/protocol.ts';
import type { LoadedWorkspace } from './roots.ts';
import { sha256 } from './proposals.ts';

export interface JobBaseFields {
  sources: { path: string; text: string }[];
  sourcesKey: string;
  metrics?: JobMetrics;
}

/** Files + metrics of a job, or undefined when the metrics view cannot be shipped to a worker. */
export function jobBase(loaded: LoadedWorkspace, metrics: MetricsView | undefined): JobBaseFields | undefined {
  let jm: JobMetrics | undefined;
  if (metrics) {
    const sv = metrics as Partial<SnapshotView>;
    if (!sv.snapshot || typeof sv.lengthSteps !== 'number') return undefined;
    // Keyed by the snapshot's hash: a worker that holds it is not sent it again (shared/node/jobs/pool.ts).
    jm = { snapshot: sv.snapshot, lengthSteps: sv.lengthSteps, source: metrics.source, key: metricsHash(loaded, metrics) };
  }
  const sources = [...loaded.ws.files.values()].map((f) => ({ path: f.path, text: f.text }));
  return { sources, sourcesKey: inputKey(loaded, undefined), metrics: jm };
}

/**
 * A cache key for a result computed from this workspace state: every file's path and content hash (so
 * pool-tuner.yaml settings are in it), plus the metrics behind the view (source and the hash of the snapshot).
 */
export function inputKey(loaded: LoadedWorkspace, metrics: MetricsView | undefined): string {
  const files = [...loaded.ws.files.values()].map((f) => [f.path, sha256(f.text)]);
  return sha256(JSON.stringify([loaded.base, files, metrics ? [metrics.source, metricsHash(loaded, metrics)] : []]));
}

const hashes = new WeakMap<MetricsView, string>();

/** The snapshot's hash (once per view object); for a view without a snapshot, the figures and series it gives. */
function metricsHash(loaded: LoadedWorkspace, view: MetricsView): string {
  let h = hashes.get(view);
  if (h === undefined) {
    const snap = (view as Partial<SnapshotView>).snapshot;
    h = sha256(JSON.stringify(snap ?? loaded.ws.pools.map((p) => [p.name, view.forPool(p.name), view.arrivalsPerMinute?.(p.name)])));
    if (snap) hashes.set(view, h);
  }
  return h;
}
