/** Resolves `--metrics FILE|live` into a MetricsView: filled in by the metrics work. */
import type { Workspace } from '../shared/config/workspace.ts';
import type { MetricsView } from '../shared/metrics/figures.ts';
import { UsageError } from './usage.ts';

export async function loadMetricsForCli(spec: string, _ws: Workspace): Promise<MetricsView | undefined> {
  throw new UsageError(`--metrics ${spec}: metrics are not available yet`);
}
