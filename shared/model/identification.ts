/**
 * A pool's identification as the pool model holds it (no simulation runs), for adapters that show it. Memoised per
 * metrics view, workspace and pool: an MCP client calling analyze_pool again on the same load reads the same fit
 * without refitting (a new load or a new metrics view is a new key, so a changed file is never served stale).
 */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { Identification } from './identify-schema.ts';
import { buildPoolModel } from './pool-model.ts';

const cache = new WeakMap<MetricsView, WeakMap<Workspace, Map<string, Identification | undefined>>>();

export function poolIdentification(ws: Workspace, pool: Pool, metrics: MetricsView | undefined): Identification | undefined {
  if (!metrics) return undefined;
  let byWs = cache.get(metrics);
  if (!byWs) cache.set(metrics, (byWs = new WeakMap()));
  let byPool = byWs.get(ws);
  if (!byPool) byWs.set(ws, (byPool = new Map()));
  if (!byPool.has(pool.name)) byPool.set(pool.name, buildPoolModel(ws, pool, { metrics }).identification);
  return byPool.get(pool.name);
}
