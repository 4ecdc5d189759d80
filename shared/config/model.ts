/**
 * The normalised config model: what every rule, the tuner, the MCP server and the extension read.
 * Each document remembers where it came from (`ref`) and the YAML path prefix of its fields (`basePath`),
 * so any field can be located in the source with `spanAt`.
 */
import { z } from 'zod';
import { PoolSettingsSchema, ProjectSettingsSchema } from './settings-schema.ts';

const PathSchema = z.array(z.union([z.string(), z.number()]));

export const DocRefSchema = z.object({
  file: z.string().describe('File path as given to the parser'),
  docIndex: z.number().int().nonnegative().describe('0-based index of the YAML document in the file'),
});
export type DocRef = z.infer<typeof DocRefSchema>;

export const EnvVarSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  value: z.string().optional(),
  fromSecret: z.boolean(),
});

export const ContainerSchema = z.object({
  index: z.number().int(),
  name: z.string().optional(),
  cpuVcpu: z.number().optional().describe('`resources.limits.cpu`'),
  memoryMiB: z.number().optional().describe('`resources.limits.memory`'),
  gpuCount: z.number().optional(),
  /** Kubernetes `resources.requests` (GKE workloads): what the scheduler reserves and GKE Autopilot bills. */
  cpuRequestVcpu: z.number().optional(),
  memoryRequestMiB: z.number().optional(),
  env: z.array(EnvVarSchema),
});
export type Container = z.infer<typeof ContainerSchema>;

export const WorkerPoolSchema = z.object({
  kind: z.literal('WorkerPool'),
  ref: DocRefSchema,
  name: z.string(),
  project: z.string().optional(),
  region: z.string().optional(),
  /** `unset` = no annotation: Cloud Run then runs manual scaling with 1 instance (docs/sources.md#worker-pool-scaling-modes). */
  scalingMode: z.enum(['manual', 'automatic', 'unset']),
  manualInstanceCount: z.number().int().optional(),
  minInstances: z.number().int().optional(),
  maxInstances: z.number().int().optional(),
  /** CPU autoscaling target, 0-1, or 'disabled' (`run.googleapis.com/scaling-cpu-target`; name UNCONFIRMED, docs/tuner.md#scaling-modes). */
  cpuTarget: z.union([z.number(), z.literal('disabled')]).optional(),
  accelerator: z.string().optional(),
  gpuZonalRedundancyDisabled: z.boolean().optional(),
  containers: z.array(ContainerSchema),
  /**
   * Where the workers run: unset = a Cloud Run worker pool; `gke` = the Kubernetes Deployment/StatefulSet a KEDA
   * ScaledObject scales (kinds/workload.ts), read into the same shape so review, tune and simulate serve it alike.
   */
  platform: z.literal('gke').optional(),
  workloadKind: z.enum(['Deployment', 'StatefulSet']).optional(),
  /** Kubernetes `metadata.namespace` (GKE workloads; a ScaledObject scales a workload of its own namespace). */
  namespace: z.string().optional(),
  /** Kubernetes `spec.replicas` as written (the HPA KEDA creates overrides it while the ScaledObject exists). */
  replicas: z.number().int().optional(),
});
export type WorkerPool = z.infer<typeof WorkerPoolSchema>;

export const SubscriptionSchema = z.object({
  kind: z.literal('Subscription'),
  format: z.enum(['gcloud', 'kcc']),
  ref: DocRefSchema,
  basePath: PathSchema,
  name: z.string().describe('Short subscription id'),
  project: z.string().optional(),
  topic: z.string().optional().describe('Short topic id'),
  ackDeadlineSec: z.number().optional().describe('As written; 0 means the default of 10 s'),
  minimumBackoffSec: z.number().optional(),
  maximumBackoffSec: z.number().optional(),
  hasRetryPolicy: z.boolean(),
  hasDeadLetterPolicy: z.boolean(),
  deadLetterTopic: z.string().optional().describe('Short topic id of the dead-letter topic'),
  deadLetterTopicPath: PathSchema.optional(),
  maxDeliveryAttempts: z.number().int().optional().describe('As written; 0 means the default of 5'),
  exactlyOnce: z.boolean(),
  ordering: z.boolean(),
  retentionSec: z.number().optional(),
  push: z.boolean(),
  /** An export subscription (`bigqueryConfig` / `cloudStorageConfig`): Pub/Sub writes the messages, no consumer nacks. */
  exportTo: z.enum(['bigquery', 'cloudStorage']).optional(),
  /** A templated spec filled from values (`{{- merge .Values.spec … | toYaml }}`): the action; its policies are unknown, not absent. */
  templatedFrom: z.string().optional(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/**
 * A Dataflow job that reads a subscription (Config Connector `DataflowFlexTemplateJob`/`DataflowJob`, Terraform
 * `google_dataflow_flex_template_job`/`google_dataflow_job`, a `parameters` entry naming it). Dataflow acks on its
 * own terms and does not support dead-letter topics or retry policies (docs/sources.md#subscriptions-read-by-dataflow),
 * so worker-consumer rules skip such a subscription.
 */
export const DataflowReadSchema = z.object({
  kind: z.literal('DataflowRead'),
  ref: DocRefSchema,
  job: z.string().describe('The job as written: metadata.name or the Terraform address'),
  subscription: z.string().describe('Short subscription id the job reads'),
  parameter: z.string().describe('The parameters key naming it (inputSubscription, …)'),
});
export type DataflowRead = z.infer<typeof DataflowReadSchema>;

export const ScalingPolicySchema = z.object({ type: z.string(), value: z.number(), periodSec: z.number() });
export const ScalingRulesSchema = z.object({
  stabilizationWindowSec: z.number().optional(),
  selectPolicy: z.string().optional(),
  policies: z.array(ScalingPolicySchema).optional(),
});
export type ScalingRules = z.infer<typeof ScalingRulesSchema>;

export const TriggerSchema = z.object({
  index: z.number().int(),
  type: z.string(),
  name: z.string().optional(),
  subscription: z.string().optional().describe('Short subscription id'),
  mode: z.string().optional(),
  targetValue: z.number().optional().describe('`value`: target backlog per instance (AverageValue)'),
  targetValueRaw: z.unknown().optional(),
  activationValue: z.number().optional(),
  metricType: z.string().optional(),
  /**
   * Metadata key that carries the target: `value`, the deprecated `subscriptionSize` (KEDA ≤2.19 reads it as
   * mode SubscriptionSize + value N), or `threshold` of a Prometheus trigger read as Pub/Sub. Unset: the default.
   */
  valueKey: z.enum(['value', 'subscriptionSize', 'threshold']).optional(),
  topic: z.string().optional().describe('Short topic id (gcp-pubsub `topicName`)'),
  metadataKeys: z.array(z.string()).describe('Keys written under the trigger\'s `metadata`, in order'),
  authenticationRef: z.string().optional().describe('`authenticationRef.name`'),
  authenticationRefKind: z.string().optional().describe('`authenticationRef.kind` as written (KEDA default: TriggerAuthentication)'),
  /** A `prometheus` trigger whose query reads a Pub/Sub subscription metric (Managed Service for Prometheus). */
  pubsubQuery: z.boolean().optional(),
  /** A KEDA `cron` trigger's metadata as written (https://keda.sh/docs/latest/scalers/cron/); desiredReplicas as a number when it parses. */
  cron: z.object({
    start: z.string().optional(),
    end: z.string().optional(),
    timezone: z.string().optional(),
    desiredReplicas: z.number().optional(),
    desiredReplicasRaw: z.unknown().optional(),
  }).optional(),
});
export type Trigger = z.infer<typeof TriggerSchema>;

export const ScalerSchema = z.object({
  kind: z.literal('Scaler'),
  format: z.enum(['crema', 'keda']),
  ref: DocRefSchema,
  basePath: PathSchema.describe('Path to the ScaledObject spec inside the document'),
  name: z.string().describe('metadata.name of the CremaConfig / ScaledObject, or the target when unnamed'),
  targetName: z.string().optional().describe('Short name of the scaled worker pool'),
  targetKind: z.enum(['workerpools', 'services', 'unknown']),
  minReplicas: z.number().int().optional(),
  maxReplicas: z.number().int().optional(),
  pollingIntervalSec: z.number().optional().describe('Effective polling interval (CREMA: top level; KEDA: per object)'),
  perObjectPollingInterval: z.boolean().describe('CREMA only: pollingInterval set inside a scaledObject (rejected)'),
  triggers: z.array(TriggerSchema),
  scaleUp: ScalingRulesSchema.optional(),
  scaleDown: ScalingRulesSchema.optional(),
  idleReplicas: z.number().int().optional().describe('KEDA `idleReplicaCount`'),
  cooldownPeriodSec: z.number().optional().describe('KEDA `cooldownPeriod` as written (default 300 s)'),
  pollingIntervalWritten: z.boolean().optional().describe('`pollingInterval` written on the object (not the default)'),
  specKeys: z.array(z.string()).describe('Keys written in the ScaledObject spec, in order'),
  /** Namespace of a KEDA ScaledObject (`metadata.namespace`); TriggerAuthentication links are per namespace. */
  namespace: z.string().optional(),
  /** KEDA `scaleTargetRef.kind` (Deployment by default); CREMA targets are Cloud Run FQNs. */
  targetRefKind: z.string().optional(),
  /** KEDA `spec.fallback` as written (keys present, whole-number values when readable); CREMA ignores it. */
  fallback: z.object({
    keys: z.array(z.string()),
    failureThreshold: z.number().optional(),
    replicas: z.number().optional(),
    behavior: z.string().optional(),
  }).optional(),
  /** `advanced.scalingModifiers.formula` is written (KEDA composite metric). */
  scalingModifiersFormula: z.boolean().optional(),
});
export type Scaler = z.infer<typeof ScalerSchema>;

/**
 * A KEDA `TriggerAuthentication` / `ClusterTriggerAuthentication` (keda.sh/v1alpha1), or an entry of a CremaConfig's
 * `spec.triggerAuthentications`. Only names, the pod identity provider and which credential sources are used are
 * kept: never a value (secret names and keys stay in the file).
 */
export const TriggerAuthSchema = z.object({
  kind: z.literal('TriggerAuth'),
  authKind: z.enum(['TriggerAuthentication', 'ClusterTriggerAuthentication']),
  ref: DocRefSchema,
  basePath: PathSchema.describe('Path to the object (its `metadata` and `spec`) inside the document'),
  name: z.string(),
  namespace: z.string().optional(),
  /** `spec.podIdentity.provider` as written. */
  podIdentityProvider: z.string().optional(),
  /** Keys written under `spec` (podIdentity, secretTargetRef, env, …), in order. */
  specKeys: z.array(z.string()),
  /** The CremaConfig that declares it (its `spec.triggerAuthentications`), when not a KEDA object. */
  cremaConfig: z.string().optional(),
});
export type TriggerAuth = z.infer<typeof TriggerAuthSchema>;

export const SettingsDocSchema = z.object({
  kind: z.literal('Settings'),
  ref: DocRefSchema,
  settings: ProjectSettingsSchema,
});
export type SettingsDoc = z.infer<typeof SettingsDocSchema>;

export const ConcurrencySchema = z.object({
  value: z.number(),
  envName: z.string(),
  containerIndex: z.number().int(),
  envIndex: z.number().int(),
});

export const PoolSchema = z.object({
  name: z.string().describe('Pool name: the worker pool name, or the settings key'),
  workerPool: WorkerPoolSchema.optional(),
  subscriptions: z.array(SubscriptionSchema),
  scaler: ScalerSchema.optional(),
  settings: PoolSettingsSchema.optional(),
  concurrency: ConcurrencySchema.optional().describe('Per-instance concurrency read from the container env'),
  concurrencyInvalid: ConcurrencySchema.omit({ value: true }).extend({ raw: z.string() }).optional()
    .describe('The concurrency env var is written but is not a whole number ≥ 1 (an `invalid-field` finding; commands refuse to size the pool)'),
});
export type Pool = z.infer<typeof PoolSchema>;
