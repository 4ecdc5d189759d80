/**
 * The pool model (shared/model/pool-model.ts) as the metric rules see it: built once per pool, workspace and
 * metrics view, and shared by every rule of a review, so review's figures (capacity per instance, CPU per message,
 * today's simulated waits) are the tuner's. Without metrics the model is built from pool-tuner.yaml alone.
 */
import type { Pool } from '../../config/model.ts';
import type { Workspace } from '../../config/workspace.ts';
import type { MetricsView } from '../../metrics/figures.ts';
import { buildPoolModel, type PoolModel } from '../../model/pool-model.ts';
import { arrivalSeriesOf } from '../../tune/workload.ts';
import type { RuleContext } from '../types.ts';

const NO_METRICS: object = {};
const cache = new WeakMap<object, WeakMap<Workspace, Map<string, PoolModel>>>();

export function poolModelOf(ctx: Pick<RuleContext, 'ws' | 'metrics'>, pool: Pool): PoolModel {
  const key: object = ctx.metrics ?? NO_METRICS;
  let byWs = cache.get(key);
  if (!byWs) cache.set(key, (byWs = new WeakMap()));
  let byPool = byWs.get(ctx.ws);
  if (!byPool) byWs.set(ctx.ws, (byPool = new Map()));
  let model = byPool.get(pool.name);
  if (!model) {
    const metrics: MetricsView | undefined = ctx.metrics;
    model = buildPoolModel(ctx.ws, pool, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
    byPool.set(pool.name, model);
  }
  return model;
}
