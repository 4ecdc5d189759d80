/** The explicit rule registry. A meta-test checks that every file in this folder is listed here and vice versa. */
import type { Rule } from './types.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
import { rule as invalidField } from './invalid-field.ts';
import { rule as noDeadLetterPolicy } from './no-dead-letter-policy.ts';
import { rule as cremaPoolNotManual } from './crema-pool-not-manual.ts';
import { rule as cremaPerObjectPollingInterval } from './crema-per-object-polling-interval.ts';
import { rule as dlqSameAsSourceTopic } from './dlq-same-as-source-topic.ts';
import { rule as dlqTopicWithoutSubscription } from './dlq-topic-without-subscription.ts';
import { rule as maxDeliveryAttemptsAtMinimum } from './max-delivery-attempts-at-minimum.ts';
import { rule as noRetryPolicy } from './no-retry-policy.ts';
import { rule as ackDeadlineBelowProcessingTime } from './ack-deadline-below-processing-time.ts';
import { rule as exactlyOnceShortAckDeadline } from './exactly-once-short-ack-deadline.ts';
import { rule as subscriptionValueOutOfRange } from './subscription-value-out-of-range.ts';
import { rule as activationValueIgnored } from './activation-value-ignored.ts';
import { rule as scaleDownStabilizationTooShort } from './scale-down-stabilization-too-short.ts';
import { rule as maxReplicasExceedDownstreamLimit } from './max-replicas-exceed-downstream-limit.ts';
import { rule as minInstancesZeroWithLatencySlo } from './min-instances-zero-with-latency-slo.ts';
import { rule as scalerTargetNotFound } from './scaler-target-not-found.ts';
import { rule as triggerSubscriptionNotFound } from './trigger-subscription-not-found.ts';
import { rule as scalerTargetsService } from './scaler-targets-service.ts';
import { rule as triggerValueMissing } from './trigger-value-missing.ts';
import { rule as manualInstanceCountZero } from './manual-instance-count-zero.ts';
import { rule as workerPoolResourcesInvalid } from './worker-pool-resources-invalid.ts';
import { rule as workerPoolScalingNotInApi } from './worker-pool-scaling-not-in-api.ts';
import { rule as terraformNotChecked } from './terraform-not-checked.ts';
import { rule as messageRetentionTooShort } from './message-retention-too-short.ts';
import { rule as kedaGcpStackdriverDeprecated } from './keda-gcp-stackdriver-deprecated.ts';
import { rule as credentialsInTriggerMetadata } from './credentials-in-trigger-metadata.ts';
import { rule as secretInPlainEnvVar } from './secret-in-plain-env-var.ts';
import { rule as concurrencyEnvVarMissing } from './concurrency-env-var-missing.ts';
import { rule as ackDeadlineBelowP99 } from './ack-deadline-below-p99.ts';
import { rule as expiredAckDeadlinesHigh } from './expired-ack-deadlines-high.ts';
import { rule as backlogGrowing } from './backlog-growing.ts';
import { rule as oldestMessageNearRetention } from './oldest-message-near-retention.ts';
import { rule as deadLettersWithoutAlerting } from './dead-letters-without-alerting.ts';
import { rule as nacksWithoutRetryBackoff } from './nacks-without-retry-backoff.ts';
import { rule as utilizationLow } from './utilization-low.ts';
import { rule as utilizationHigh } from './utilization-high.ts';
import { rule as observedLoadExceedsDownstreamLimit } from './observed-load-exceeds-downstream-limit.ts';
import { rule as autoscalerTargetExceedsSlo } from './autoscaler-target-exceeds-slo.ts';
import { rule as kedaTriggerInvalid } from './keda-trigger-invalid.ts';
import { rule as kedaCronTriggerInvalid } from './keda-cron-trigger-invalid.ts';
import { rule as kedaTriggerUnknownKey } from './keda-trigger-unknown-key.ts';
import { rule as kedaSubscriptionSizeDeprecated } from './keda-subscription-size-deprecated.ts';
import { rule as kedaReplicaBoundsInvalid } from './keda-replica-bounds-invalid.ts';
import { rule as kedaPeriodsBelowMetricDelay } from './keda-periods-below-metric-delay.ts';
import { rule as cremaIgnoredField } from './crema-ignored-field.ts';
import { rule as kedaGcpPubsubDeprecated } from './keda-gcp-pubsub-deprecated.ts';
import { rule as kedaTriggerAuthNotFound } from './keda-trigger-auth-not-found.ts';
import { rule as kedaPodIdentityInvalid } from './keda-pod-identity-invalid.ts';
import { rule as kedaFallbackInvalid } from './keda-fallback-invalid.ts';
import { rule as hpaBehaviorInvalid } from './hpa-behavior-invalid.ts';
import { rule as trafficDrift } from './traffic-drift.ts';

export const RULES: readonly Rule[] = [
  yamlSyntax,
  invalidField,
  noDeadLetterPolicy,
  cremaPoolNotManual,
  cremaPerObjectPollingInterval,
  dlqSameAsSourceTopic,
  dlqTopicWithoutSubscription,
  maxDeliveryAttemptsAtMinimum,
  noRetryPolicy,
  ackDeadlineBelowProcessingTime,
  exactlyOnceShortAckDeadline,
  subscriptionValueOutOfRange,
  activationValueIgnored,
  scaleDownStabilizationTooShort,
  maxReplicasExceedDownstreamLimit,
  minInstancesZeroWithLatencySlo,
  scalerTargetNotFound,
  triggerSubscriptionNotFound,
  scalerTargetsService,
  triggerValueMissing,
  manualInstanceCountZero,
  workerPoolResourcesInvalid,
  workerPoolScalingNotInApi,
  terraformNotChecked,
  messageRetentionTooShort,
  kedaGcpStackdriverDeprecated,
  credentialsInTriggerMetadata,
  secretInPlainEnvVar,
  concurrencyEnvVarMissing,
  ackDeadlineBelowP99,
  expiredAckDeadlinesHigh,
  backlogGrowing,
  oldestMessageNearRetention,
  deadLettersWithoutAlerting,
  nacksWithoutRetryBackoff,
  utilizationLow,
  utilizationHigh,
  observedLoadExceedsDownstreamLimit,
  autoscalerTargetExceedsSlo,
  kedaTriggerInvalid,
  kedaCronTriggerInvalid,
  kedaTriggerUnknownKey,
  kedaSubscriptionSizeDeprecated,
  kedaReplicaBoundsInvalid,
  kedaPeriodsBelowMetricDelay,
  cremaIgnoredField,
  kedaGcpPubsubDeprecated,
  kedaTriggerAuthNotFound,
  kedaPodIdentityInvalid,
  kedaFallbackInvalid,
  hpaBehaviorInvalid,
  trafficDrift,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
