/**
 * How the server reaches metrics: handed in by the launcher (`--metrics FILE|live`), never opened by a tool.
 * Loading is cached per workspace state so concurrent calls share one read (and one live query).
 */
import type { MetricsView } from '../shared/index.ts';
import type { LoadedWorkspace } from './roots.ts';

export interface MetricsAccess {
  /** A file path or 'live', for messages. */
  source: string;
  /** True when figures come from Cloud Monitoring (the tools reading them are then open-world). */
  live: boolean;
  view(loaded: LoadedWorkspace): Promise<MetricsView | undefined>;
}
