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
