/**
 * Bridge to the core's metrics: snapshot text → loaded snapshot (validated once per file change) → a view for
 * the current workspace (cheap, rebuilt per review; figures derived lazily per pool).
 */
import { loadSnapshot, metricsViewFromSnapshot, subscriptionIdsOf, type MetricsView, type SnapshotLoad, type Workspace } from '../shared/index.ts';

export type LoadedSnapshot = Extract<SnapshotLoad, { ok: true }>;

export class MetricsUnavailableError extends Error {
  readonly code = 'METRICS_UNAVAILABLE';
}

/** Validates snapshot text; the error lists the first problems with their paths. */
export function parseSnapshot(text: string): { loaded: LoadedSnapshot } | { error: string } {
  const r = loadSnapshot(text);
  if (r.ok) return { loaded: r };
  const first = r.errors.slice(0, 3).map((e) => e.message).join('; ');
  return { error: `${first}${r.errors.length > 3 ? ` (and ${r.errors.length - 3} more)` : ''}` };
}

export function snapshotView(loaded: LoadedSnapshot, source: string, ws: Workspace): MetricsView {
  return metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, source, loaded.warnings);
}

export interface RecordRequest {
  project: string;
  region?: string;
  /** Window to record, seconds (default one day). */
  windowSec?: number;
  ws: Workspace;
  progress?: (message: string) => void;
}

/**
 * Records live metrics from Cloud Monitoring for the workspace's pools and returns snapshot JSON text. The
 * recorder (and through it the Cloud Monitoring client) is loaded only here, on first use.
 */
export async function recordSnapshot(req: RecordRequest): Promise<string> {
  const { CloudMonitoringSource, localEndpointOptions } = await import('../shared/node/cloud-monitoring.ts');
  // A local stand-in MetricService (tests, demos), as for the CLI; loopback only.
  const endpoint = process.env['POOL_TUNER_MONITORING_ENDPOINT'];
  const clientOptions = endpoint ? await localEndpointOptions(endpoint) : undefined;
  const topics = new Map(req.ws.subscriptions.map((s) => [s.name, s.topic]));
  const subscriptions = [...new Set(req.ws.pools.flatMap(subscriptionIdsOf))].map((id) => ({ id, topic: topics.get(id) }));
  const pools = req.ws.pools.map((p) => p.workerPool?.name ?? p.name);
  if (pools.length === 0) throw new MetricsUnavailableError('no pools in the workspace: nothing to record');
  const source = new CloudMonitoringSource({ clientOptions });
  try {
    const { snapshot } = await source.record({ project: req.project, region: req.region, windowSec: req.windowSec ?? 86_400, pools, subscriptions, progress: req.progress });
    return `${JSON.stringify(snapshot)}\n`;
  } finally {
    await source.close().catch(() => undefined);
  }
}
