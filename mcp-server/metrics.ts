/**
 * How the server reaches metrics: handed in by the launcher (`--metrics FILE|live`), never opened by a tool.
 * Loading is cached per workspace state so concurrent calls share one read (and one live query).
 */
import type { MetricsView } from '../shared/index.ts';
import type { LoadedWorkspace } from './roots.ts';
import { MetricsUnavailableError } from './metrics-cache.ts';

export interface MetricsAccess {
  /** A file path or 'live', for messages. */
  source: string;
  /** True when figures come from Cloud Monitoring (the tools reading them are then open-world). */
  live: boolean;
  view(loaded: LoadedWorkspace): Promise<MetricsView | undefined>;
}

/** Metrics for a tool that can still answer from the config files alone, or why they are missing. */
export interface MetricsOrWhy {
  metrics?: MetricsView;
  /** Set when the server has a metrics source that failed: the answer is config-only and says so. */
  metricsWarning?: string;
}

/**
 * Degrade, don't fail: when the metrics source (a live query without credentials, an unreadable snapshot) fails,
 * tools that can answer from the config alone do so and carry this warning (tools about metrics themselves,
 * get_pool_metrics and verify_pool, still fail with the source's error).
 */
export async function metricsOrConfigOnly(access: MetricsAccess | undefined, loaded: LoadedWorkspace): Promise<MetricsOrWhy> {
  if (!access) return {};
  try {
    return { metrics: await access.view(loaded) };
  } catch (err) {
    const why = err instanceof MetricsUnavailableError ? `Metrics from '${err.source}' are unavailable: ${err.reason.replace(/\.$/, '')}` : (err instanceof Error ? err.message : String(err));
    return { metricsWarning: `${why}. This answer comes from the config files alone: figures that need metrics are missing until the source works again.` };
  }
}
