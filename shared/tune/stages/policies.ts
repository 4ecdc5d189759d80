/**
 * Stage "policies": the subscription's ack deadline, retry backoff, delivery attempts and dead-letter topic, from
 * the pool model (one ack-deadline function, model/ack-deadline.ts; retry and attempts, policy.ts). Pure.
 */
import type { PoolModel } from '../../model/pool-model.ts';
import type { PoolSlo } from '../../config/settings-schema.ts';
import { primarySubscription } from '../current.ts';
import { proposeAckDeadline, proposeRetry } from '../policy.ts';
import type { PoolSettingsValues, Rationale } from '../schema.ts';

export interface PolicyStage {
  values: Partial<PoolSettingsValues>;
  rationale: Rationale[];
  /** What was not proposed and why (a templated subscription spec). */
  warnings: string[];
}

export function proposePolicies(model: PoolModel, slo: PoolSlo): PolicyStage {
  const sub = primarySubscription(model.pool);
  const current = model.current;
  const workload = model.workload;
  const values: Partial<PoolSettingsValues> = {};
  const rationale: Rationale[] = [];
  if (sub?.templatedFrom !== undefined) {
    // Keys rendered from values cannot be read: "no retry policy" would be a guess (lib/template-guard.ts).
    return { values, rationale, warnings: [`Subscription ${sub.name}: ack deadline, retry and dead-letter policy not proposed: its spec comes from \`${sub.templatedFrom}\` (values unknown). Render the chart (helm template) and tune the output.`] };
  }
  if (sub && workload) {
    const ack = proposeAckDeadline(workload.processingP99Sec, workload.processingBasis, current.ackDeadlineSec ?? 10, sub.exactlyOnce);
    values.ackDeadlineSec = ack.ackDeadlineSec;
    rationale.push({ setting: 'ackDeadlineSec', text: ack.text });
  }
  if (!sub) return { values, rationale, warnings: [] };
  const retry = proposeRetry(workload?.failureRatio ?? 0, workload?.processingP99Sec ?? 0, slo.maxMessageAgeSec, current);
  if (!sub.hasRetryPolicy) {
    values.minimumBackoffSec = retry.minimumBackoffSec;
    values.maximumBackoffSec = retry.maximumBackoffSec;
    rationale.push({ setting: 'retryPolicy', text: retry.text.retry });
  }
  if (current.maxDeliveryAttempts !== retry.maxDeliveryAttempts || !sub.hasDeadLetterPolicy) {
    values.maxDeliveryAttempts = retry.maxDeliveryAttempts;
    rationale.push({ setting: 'maxDeliveryAttempts', text: retry.text.attempts });
  }
  if (sub.hasDeadLetterPolicy && sub.deadLetterTopic && sub.deadLetterTopic === sub.topic) {
    // Never the source topic: Pub/Sub requires a different dead-letter topic (rule dlq-same-as-source-topic).
    values.deadLetterTopic = `${sub.topic}-dlq`;
    rationale.push({ setting: 'deadLetterTopic', text: `Dead-letter into ${values.deadLetterTopic}, not the source topic ${sub.topic}: Pub/Sub requires a different topic (https://cloud.google.com/pubsub/docs/handling-failures). A message is parked there after ${values.maxDeliveryAttempts ?? current.maxDeliveryAttempts ?? retry.maxDeliveryAttempts} attempts. Create the topic and a subscription on it (messages to a topic without one are lost; in a YAML subscription file the proposal adds that subscription), and grant the Pub/Sub service agent publish on it.` });
  }
  if (!sub.hasDeadLetterPolicy) {
    values.deadLetterTopic = `${sub.topic ?? sub.name}-dlq`;
    rationale.push({ setting: 'deadLetterTopic', text: `Add dead-letter topic ${values.deadLetterTopic}: a poison message is parked there after ${retry.maxDeliveryAttempts} attempts; without one it is redelivered until it ages out of retention. Create the topic, a subscription on it (messages to a topic without one are lost), and grant the Pub/Sub service agent publish on it and subscribe on ${sub.name} (docs/sources.md#dead-letter-topics).` });
  }
  return { values, rationale, warnings: [] };
}
