/** A pool's identification as the pool model holds it (cheap: no simulation runs), for adapters that show it. */
import type { Pool } from '../config/model.ts';
import type { Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { Identification } from './identify-schema.ts';
import { buildPoolModel } from './pool-model.ts';

export function poolIdentification(ws: Workspace, pool: Pool, metrics: MetricsView | undefined): Identification | undefined {
  return metrics ? buildPoolModel(ws, pool, { metrics }).identification : undefined;
}
