/**
 * Documented limits and defaults the config rules compare against. Each constant cites docs/sources.md; change a number
 * here and every rule, message and doc example that reads it follows.
 */

/** docs/sources.md#subscription-fields: `ackDeadlineSeconds` custom range 10–600 s; 0 (or unset) means the default of 10 s. */
export const ACK_DEADLINE = { minSec: 10, maxSec: 600, defaultSec: 10 } as const;
/** docs/sources.md#subscription-fields: `retryPolicy.minimumBackoff` / `maximumBackoff` each 0–600 s; defaults 10 s / 600 s once a policy exists. */
export const BACKOFF = { minSec: 0, maxSec: 600, defaultMinSec: 10, defaultMaxSec: 600 } as const;
/** docs/sources.md#subscription-fields, #dead-letter-topics: `maxDeliveryAttempts` 5–100; 0 (or unset) means the default of 5. */
export const DELIVERY_ATTEMPTS = { min: 5, max: 100, default: 5 } as const;
/** docs/sources.md#subscription-fields: `messageRetentionDuration` 10 minutes to 31 days, default 7 days. */
export const RETENTION = { minSec: 600, maxSec: 31 * 86400, defaultSec: 7 * 86400 } as const;
/** docs/sources.md#client-flow-control-and-leases / #ack-deadlines: the Node client uses a 60 s minimum ack deadline when exactly-once delivery is on. */
export const EXACTLY_ONCE_MIN_ACK_SEC = 60;
/** docs/sources.md#crema (CREMA provider.go) and docs/sources.md#keda-scaledobject-defaults (KEDA): `maxReplicaCount` defaults to 100, `minReplicaCount` to 0. */
export const SCALER_DEFAULTS = { minReplicas: 0, maxReplicas: 100, scaleDownStabilizationSec: 300 } as const;
/** docs/sources.md#worker-pool-scaling-modes: CPU autoscaling of a worker pool scales between 1 and 100 instances by default. */
export const CPU_AUTOSCALING_DEFAULTS = { minInstances: 1, maxInstances: 100 } as const;
/**
 * docs/sources.md#pubsub-metrics: Pub/Sub subscription metrics are sampled every 60 s and visible after up to 120 s; CREMA's README warns of
 * a "2+ minute ingestion delay" (docs/sources.md#crema). A scaler sees backlog at least this late.
 */
export const METRIC_INGESTION_DELAY_SEC = 120;
/** docs/sources.md#keda-gcp-pubsub-trigger: KEDA `gcp-pubsub` trigger `value` (target per instance) defaults to 10. */
export const KEDA_PUBSUB_DEFAULT_VALUE = 10;
/** docs/sources.md#client-flow-control-and-leases: client flow control `maxMessages` default (Node, and Java/Go/Python per the same section). */
export const CLIENT_DEFAULT_MAX_MESSAGES = 1000;
/** docs/sources.md#crema: without `spec.pollingInterval` CREMA runs only when POSTed to, e.g. by Cloud Scheduler at most once a minute. */
export const CREMA_UNSET_POLLING_SEC = 60;
/** Trigger types whose metric comes from Cloud Monitoring and so arrives with the ingestion delay (docs/sources.md#crema, #keda-gcp-pubsub-trigger, #pubsub-metrics). */
export const MONITORING_TRIGGER_TYPES: ReadonlySet<string> = new Set(['gcp-pubsub', 'gcp-stackdriver', 'gcp-cloudtasks']);

/**
 * docs/sources.md#worker-pool-limits CPU → memory ranges per worker pool instance (MiB). Terraform only allows 1/2/4/6/8 vCPU for pools (docs/sources.md#worker-pool-terraform);
 * values above 1 vCPU must be integers. Where the pages disagree on the floor (128 vs 512 MiB) the table's 128 is used.
 */
export const CPU_MEMORY_MIB: ReadonlyMap<number, { minMiB: number; maxMiB: number }> = new Map([
  [1, { minMiB: 128, maxMiB: 4 * 1024 }],
  [2, { minMiB: 128, maxMiB: 8 * 1024 }],
  [4, { minMiB: 2 * 1024, maxMiB: 16 * 1024 }],
  [6, { minMiB: 4 * 1024, maxMiB: 24 * 1024 }],
  [8, { minMiB: 4 * 1024, maxMiB: 32 * 1024 }],
]);
/** docs/sources.md#worker-pool-limits: defaults when a container sets no limits. */
export const DEFAULT_RESOURCES = { cpuVcpu: 1, memoryMiB: 512 } as const;
/** docs/sources.md#worker-pool-limits: NVIDIA L4 needs at least 4 vCPU and 16 GiB; one GPU per instance, on one container. */
export const L4 = { accelerator: 'nvidia-l4', minVcpu: 4, minMemoryMiB: 16 * 1024 } as const;
