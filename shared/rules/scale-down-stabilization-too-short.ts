import type { Rule } from './types.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { isPubSubTrigger } from '../config/triggers.ts';
import { METRIC_INGESTION_DELAY_SEC, MONITORING_TRIGGER_TYPES } from './lib/limits.ts';

/**
 * docs/sources.md#heuristics: "Scale-down stabilization ≥ metric ingestion delay (2–4 min) avoids flapping on stale data";
 * docs/sources.md#pubsub-metrics: Pub/Sub metrics are visible after up to 120 s; docs/sources.md#crema: CREMA's README warns of a 2+ minute ingestion delay.
 */
export const rule: Rule = {
  meta: {
    id: 'scale-down-stabilization-too-short',
    title: 'Scale-down stabilization shorter than the metrics delay',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Cloud Monitoring shows Pub/Sub backlog two minutes or more late; a shorter scale-down window removes instances on stale numbers and adds them back on the next poll.',
    remediation: 'Set behavior.scaleDown.stabilizationWindowSeconds to at least 120, the metric ingestion delay (pool-tuner tune picks 120 or 300 s by simulation).',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      const windowSec = sc.scaleDown?.stabilizationWindowSec;
      // `selectPolicy: Disabled` never scales down (docs/sources.md#crema), so its window cannot cause flapping.
      if (windowSec === undefined || windowSec >= METRIC_INGESTION_DELAY_SEC || sc.scaleDown?.selectPolicy === 'Disabled') continue;
      // A prometheus query of a Pub/Sub metric on Managed Service for Prometheus reads the same Cloud Monitoring series, with the same delay.
      const monitored = sc.triggers.find((t) => MONITORING_TRIGGER_TYPES.has(t.type) || isPubSubTrigger(t));
      if (!monitored) continue;
      const path = [...sc.basePath, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown', 'stabilizationWindowSeconds'];
      // The floor the tuner also holds (tune.ts ruleFloors): the metric delay itself. `tune` then picks 120 or 300 s
      // by simulation, never less, so review and tune never name two windows for one scaler.
      const target = METRIC_INGESTION_DELAY_SEC;
      const edit = ctx.setEdit(sc, path, target);
      ctx.report({
        message: `Scale-down stabilization is ${windowSec} s but ${monitored.pubsubQuery ? 'Pub/Sub (prometheus query)' : monitored.type} metrics arrive ${METRIC_INGESTION_DELAY_SEC} s or more late; the pool will shed instances on stale backlog.`,
        file: sc.ref.file,
        span: ctx.span(sc, path),
        pool: poolOfScaler(ctx, sc)?.name,
        suggestions: edit ? [{ title: `Set stabilizationWindowSeconds to ${target} (the metric ingestion delay; pool-tuner tune sizes it by simulation, 120 or 300 s)`, edits: [edit] }] : undefined,
        data: { scaler: sc.name, stabilizationWindowSec: windowSec, ingestionDelaySec: METRIC_INGESTION_DELAY_SEC, suggestedSec: target },
      });
    }
  },
};
