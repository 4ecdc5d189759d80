/**
 * Adapts a metrics loader (`--metrics FILE|live`, resolved by the launcher) to `MetricsAccess`: one load shared by
 * concurrent calls and reused for a short time (live queries cost API calls; a snapshot file may be edited).
 */
import type { MetricsView, Workspace } from '../shared/index.ts';
import type { MetricsAccess } from './metrics.ts';
import { ToolError } from './tool.ts';

export type MetricsLoader = (spec: string, ws: Workspace) => Promise<MetricsView | undefined>;

/** How long a loaded view is reused: live figures change slowly (1-min samples, docs/sources.md#monitoring-metrics), files rarely. */
const TTL_MS = { live: 60_000, file: 5_000 };

export function cachedMetrics(spec: string, load: MetricsLoader, now: () => number = Date.now): MetricsAccess {
  const live = spec === 'live';
  let cached: { key: string; at: number; view: Promise<MetricsView | undefined> } | undefined;
  return {
    source: spec,
    live,
    view(loaded) {
      // The view depends on which pools and subscriptions exist, not on the rest of the config.
      const key = JSON.stringify(loaded.ws.pools.map((p) => [p.name, p.workerPool?.name, p.subscriptions.map((s) => s.name)]));
      const t = now();
      if (!cached || cached.key !== key || t - cached.at > (live ? TTL_MS.live : TTL_MS.file)) {
        const view = load(spec, loaded.ws).catch((err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          throw new MetricsUnavailableError(spec, message);
        });
        cached = { key, at: t, view };
        view.catch(() => {
          if (cached?.view === view) cached = undefined;
        });
      }
      return cached.view;
    },
  };
}

/** The metrics source failed; `reason` is the source's own message (tools that can answer without metrics use it). */
export class MetricsUnavailableError extends ToolError {
  constructor(readonly source: string, readonly reason: string) {
    super(`Metrics from '${source}' are unavailable: ${reason}. Fix the source, or restart the server without --metrics for config-only answers.`);
  }
}
