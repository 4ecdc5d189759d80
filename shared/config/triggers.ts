/** What kind of backlog a trigger reads, in one place for the linker, rules and tuner. */
import type { Trigger } from './model.ts';

/** A trigger that scales on a Pub/Sub metric: `gcp-pubsub`, or a `prometheus` query on a Pub/Sub subscription metric. */
export function isPubSubTrigger(t: Trigger): boolean {
  return t.type === 'gcp-pubsub' || t.pubsubQuery === true;
}

/** The metadata key that holds (or would hold) the trigger's target: `value`, `subscriptionSize` or `threshold`. */
export function targetKeyOf(t: Trigger): 'value' | 'subscriptionSize' | 'threshold' {
  return t.valueKey ?? (t.type === 'prometheus' ? 'threshold' : 'value');
}

/**
 * Trigger modes whose metric is a backlog count, so `value` is messages per instance. docs/sources.md#keda-gcp-pubsub-trigger: the default
 * mode `SubscriptionSize` = `NumUndeliveredMessages`; other modes (e.g. `OldestUnackedMessageAge`) are not counts.
 */
const BACKLOG_MODES: ReadonlySet<string> = new Set(['subscriptionsize', 'numundeliveredmessages']);

/** A Pub/Sub trigger on a backlog count with an AverageValue target (docs/sources.md#keda-gcp-pubsub-trigger, #keda-scaledobject-defaults). */
export function isBacklogTarget(t: Trigger): boolean {
  if (!isPubSubTrigger(t)) return false;
  if (t.metricType !== undefined && t.metricType !== 'AverageValue') return false;
  return t.mode === undefined || BACKLOG_MODES.has(t.mode.toLowerCase());
}
