/** Builds a MetricsView for rule fixtures from a `metrics.json` file: a map of pool name → PoolFigures. */
import type { Workspace } from '../../shared/config/workspace.ts';
import { PoolFiguresSchema, type MetricsView } from '../../shared/metrics/figures.ts';

export function fixtureMetrics(json: string, _ws: Workspace): MetricsView {
  const raw = JSON.parse(json) as Record<string, unknown>;
  const figures = new Map(Object.entries(raw).map(([pool, v]) => [pool, PoolFiguresSchema.parse({ pool, windowSec: 86400, stepSec: 60, missing: [], ...(v as object) })]));
  return { source: 'fixture', forPool: (p) => figures.get(p) };
}
