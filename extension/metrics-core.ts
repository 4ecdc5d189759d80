/**
 * Bridge to the core's metrics: snapshot text → loaded snapshot (validated once per file change) → a view for
 * the current workspace (cheap, rebuilt per review; figures derived lazily per pool).
 */
import { loadSnapshot, metricsViewFromSnapshot, type MetricsView, type SnapshotLoad, type Workspace } from '../shared/index.ts';

export type LoadedSnapshot = Extract<SnapshotLoad, { ok: true }>;

export class MetricsUnavailableError extends Error {
  readonly code = 'METRICS_UNAVAILABLE';
}

/** Validates snapshot text; the error lists the first problems with their paths. */
export function parseSnapshot(text: string): { loaded: LoadedSnapshot } | { error: string } {
  const r = loadSnapshot(text);
  if (r.ok) return { loaded: r };
  const first = r.errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  return { error: `${first}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}` };
}

export function snapshotView(loaded: LoadedSnapshot, source: string, ws: Workspace): MetricsView {
  return metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, source, loaded.warnings);
}

export interface RecordRequest {
  project: string;
  region?: string;
  ws: Workspace;
}

/** Fetches live metrics for the workspace's pools and returns snapshot JSON text. */
export async function recordSnapshot(_req: RecordRequest): Promise<string> {
  throw new MetricsUnavailableError('recording live metrics is not available in this build yet');
}
