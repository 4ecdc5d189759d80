/**
 * Documented limits and defaults the config rules compare against. Each constant cites DOMAIN.md; change a number
 * here and every rule, message and doc example that reads it follows.
 */

/** §3.1: `ackDeadlineSeconds` custom range 10–600 s; 0 (or unset) means the default of 10 s. */
export const ACK_DEADLINE = { minSec: 10, maxSec: 600, defaultSec: 10 } as const;
/** §3.1: `retryPolicy.minimumBackoff` / `maximumBackoff` each 0–600 s; defaults 10 s / 600 s once a policy exists. */
export const BACKOFF = { minSec: 0, maxSec: 600, defaultMinSec: 10, defaultMaxSec: 600 } as const;
/** §3.1, §6.2: `maxDeliveryAttempts` 5–100; 0 (or unset) means the default of 5. */
export const DELIVERY_ATTEMPTS = { min: 5, max: 100, default: 5 } as const;
/** §3.1: `messageRetentionDuration` 10 minutes to 31 days, default 7 days. */
export const RETENTION = { minSec: 600, maxSec: 31 * 86400, defaultSec: 7 * 86400 } as const;
/** §3.5 / §6.1: the Node client uses a 60 s minimum ack deadline when exactly-once delivery is on. */
export const EXACTLY_ONCE_MIN_ACK_SEC = 60;
/** §2.1 (CREMA provider.go) and §2.3 (KEDA): `maxReplicaCount` defaults to 100, `minReplicaCount` to 0. */
export const SCALER_DEFAULTS = { minReplicas: 0, maxReplicas: 100, scaleDownStabilizationSec: 300 } as const;
/** §1.4: CPU autoscaling of a worker pool scales between 1 and 100 instances by default. */
export const CPU_AUTOSCALING_DEFAULTS = { minInstances: 1, maxInstances: 100 } as const;
/**
 * §4.1: Pub/Sub subscription metrics are sampled every 60 s and visible after up to 120 s; CREMA's README warns of
 * a "2+ minute ingestion delay" (§2.1). A scaler sees backlog at least this late.
 */
export const METRIC_INGESTION_DELAY_SEC = 120;
/** §4.1: Pub/Sub subscription metrics are sampled every 60 s (cloud.google.com/monitoring/api/metrics_gcp#gcp-pubsub). */
export const METRIC_SAMPLE_PERIOD_SEC = 60;
/** §2.2: KEDA `gcp-pubsub` trigger `value` (target per instance) defaults to 10. */
export const KEDA_PUBSUB_DEFAULT_VALUE = 10;
/** §3.5: client flow control `maxMessages` default (Node, and Java/Go/Python per the same section). */
export const CLIENT_DEFAULT_MAX_MESSAGES = 1000;
/** §2.1: without `spec.pollingInterval` CREMA runs only when POSTed to, e.g. by Cloud Scheduler at most once a minute. */
export const CREMA_UNSET_POLLING_SEC = 60;
/** Trigger types whose metric comes from Cloud Monitoring and so arrives with the ingestion delay (§2.1, §2.2, §4.1). */
export const MONITORING_TRIGGER_TYPES: ReadonlySet<string> = new Set(['gcp-pubsub', 'gcp-stackdriver', 'gcp-cloudtasks']);

/**
 * §6.4 CPU → memory ranges per worker pool instance (MiB). Terraform only allows 1/2/4/6/8 vCPU for pools (§1.3);
 * values above 1 vCPU must be integers. Where the pages disagree on the floor (128 vs 512 MiB) the table's 128 is used.
 */
export const CPU_MEMORY_MIB: ReadonlyMap<number, { minMiB: number; maxMiB: number }> = new Map([
  [1, { minMiB: 128, maxMiB: 4 * 1024 }],
  [2, { minMiB: 128, maxMiB: 8 * 1024 }],
  [4, { minMiB: 2 * 1024, maxMiB: 16 * 1024 }],
  [6, { minMiB: 4 * 1024, maxMiB: 24 * 1024 }],
  [8, { minMiB: 4 * 1024, maxMiB: 32 * 1024 }],
]);
/** §6.4: defaults when a container sets no limits. */
export const DEFAULT_RESOURCES = { cpuVcpu: 1, memoryMiB: 512 } as const;
/** §6.4: NVIDIA L4 needs at least 4 vCPU and 16 GiB; one GPU per instance, on one container. */
export const L4 = { accelerator: 'nvidia-l4', minVcpu: 4, minMemoryMiB: 16 * 1024 } as const;
