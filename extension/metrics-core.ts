/** Bridge to the core's metrics snapshot loader (shared/metrics). */
import type { MetricsView, Workspace } from '../shared/index.ts';

export class MetricsUnavailableError extends Error {
  readonly code = 'METRICS_UNAVAILABLE';
}

/** Parses a snapshot file's text into a view for the workspace's pools. */
export function snapshotView(_text: string, _source: string, _ws: Workspace): MetricsView {
  throw new MetricsUnavailableError('metrics snapshots are not supported by this build');
}

export interface RecordRequest {
  project: string;
  region?: string;
  ws: Workspace;
}

/** Fetches live metrics for the workspace's pools and returns snapshot JSON text. */
export async function recordSnapshot(_req: RecordRequest): Promise<string> {
  throw new MetricsUnavailableError('live metrics are not supported by this build');
}
