/**
 * What KEDA itself accepts, read from kedacore/keda at tagged versions (each constant says where). The rules that
 * mirror KEDA's validation import these, so a new KEDA release is one edit here.
 */
import type { Scaler, Trigger, TriggerAuth } from '../../config/model.ts';
import type { RuleContext } from '../types.ts';

/**
 * gcp-pubsub trigger metadata keys KEDA v2.20.0 reads: `pubsubMetadata` in pkg/scalers/gcp_pubsub_scaler.go
 * (subscriptionSize, mode, value, activationValue, aggregation, timeHorizon, valueIfNull, subscriptionName,
 * topicName, credentials; `…FromEnv` for those parsed from resolvedEnv) and pkg/scalers/gcp/gcp_common.go
 * (credentialsFromEnv, credentialsFromEnvFile). Any other key is ignored (KEDA only logs it, and only with
 * KEDA_CHECK_UNEXPECTED_SCALERS_PARAMS set: pkg/scalers/scalersconfig/typed_config.go).
 */
export const KEDA_PUBSUB_KEYS: readonly string[] = [
  'subscriptionName', 'subscriptionNameFromEnv', 'topicName', 'topicNameFromEnv', 'mode', 'value', 'activationValue',
  'aggregation', 'timeHorizon', 'valueIfNull', 'subscriptionSize', 'credentials', 'credentialsFromEnv', 'credentialsFromEnvFile',
];

/**
 * cron trigger metadata keys KEDA v2.20.0 reads: `cronMetadata` in pkg/scalers/cron_scaler.go (timezone, start, end,
 * desiredReplicas, all required: no `optional` tag). Its Validate() rejects start == end and desiredReplicas < 0;
 * start and end must parse with robfig/cron/v3 ParseStandard and the timezone with time.LoadLocation
 * (https://keda.sh/docs/latest/scalers/cron/).
 */
export const KEDA_CRON_KEYS: readonly string[] = ['timezone', 'start', 'end', 'desiredReplicas'];

/** CREMA 1.2 (the preferred image tag) is built on KEDA 2.20 (cloud-run-external-metrics-autoscaling README). */
export const CREMA_KEDA_VERSION = '2.20';

/** KEDA removed `subscriptionSize` in 2.20: a trigger that sets it fails to parse (gcp_pubsub_scaler.go v2.20.0). */
export const SUBSCRIPTION_SIZE_REMOVED_IN = '2.20';

/** KEDA's documented default `cooldownPeriod` (keda-docs 2.20 reference/scaledobject-spec.md). */
export const KEDA_DEFAULT_COOLDOWN_SEC = 300;

/** KEDA's documented default `pollingInterval` (keda-docs 2.20 reference/scaledobject-spec.md). */
export const KEDA_DEFAULT_POLLING_SEC = 30;

/** `2.19.1` / `v2.20` → [2, 19]; undefined when absent or unreadable. */
function parseVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^v?(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function versionAtLeast(v: string | undefined, min: string): boolean | undefined {
  const a = parseVersion(v);
  const b = parseVersion(min)!;
  return a ? a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) : undefined;
}

/**
 * The KEDA version a scaler runs on: CREMA's bundled KEDA for a CremaConfig; `kedaVersion` from pool-tuner.yaml for
 * a plain ScaledObject; undefined when the files do not say (checks then say what differs by version).
 */
export function kedaVersionOf(ctx: RuleContext, sc: Scaler): string | undefined {
  return sc.format === 'crema' ? CREMA_KEDA_VERSION : ctx.ws.settings?.settings.kedaVersion;
}

/** Where the scaler's KEDA version came from, for messages. */
export function kedaVersionSource(ctx: RuleContext, sc: Scaler): string {
  if (sc.format === 'crema') return `CREMA 1.2 runs KEDA ${CREMA_KEDA_VERSION}`;
  const v = ctx.ws.settings?.settings.kedaVersion;
  return v ? `kedaVersion ${v} in pool-tuner.yaml` : 'the files do not say which KEDA runs it: set kedaVersion in pool-tuner.yaml';
}

/**
 * `podIdentity.provider` values KEDA accepts: the CRD enum `+kubebuilder:validation:Enum=azure-workload;gcp;aws;aws-eks;none`
 * on `AuthPodIdentity.Provider` in apis/keda/v1alpha1/triggerauthentication_types.go, v2.15.0 through v2.20.2
 * (kedacore/keda @ 68a5b50). v2.14.0 also accepted `azure` (AAD Pod Identity) and `aws-kiam`, removed in 2.15.
 */
export const KEDA_POD_IDENTITY_PROVIDERS: readonly string[] = ['azure-workload', 'gcp', 'aws', 'aws-eks', 'none'];
export const KEDA_POD_IDENTITY_REMOVED: Readonly<Record<string, string>> = { azure: 'azure-workload', 'aws-kiam': 'aws' };
export const POD_IDENTITY_REMOVED_IN = '2.15';

/** The kinds a trigger's `authenticationRef.kind` may name (keda-docs 2.20 concepts/authentication; default TriggerAuthentication). */
export const KEDA_AUTH_KINDS: readonly string[] = ['TriggerAuthentication', 'ClusterTriggerAuthentication'];

/** The kind a trigger's authenticationRef names: CREMA has only its own list; KEDA defaults to TriggerAuthentication. */
export function authRefKind(sc: Scaler, t: Trigger): string {
  return sc.format === 'crema' ? 'TriggerAuthentication' : t.authenticationRefKind ?? 'TriggerAuthentication';
}

/**
 * The authentication objects a trigger of `sc` can resolve to: in a CremaConfig, its own `triggerAuthentications`;
 * for KEDA, the objects of the referenced kind, a TriggerAuthentication only in the ScaledObject's namespace (a side
 * without a namespace matches any: kubectl -n decides).
 */
export function authCandidates(auths: readonly TriggerAuth[], sc: Scaler, t: Trigger): TriggerAuth[] {
  if (sc.format === 'crema') return auths.filter((a) => a.cremaConfig !== undefined && a.ref.file === sc.ref.file && a.ref.docIndex === sc.ref.docIndex);
  const kind = authRefKind(sc, t);
  return auths.filter((a) => a.cremaConfig === undefined && a.authKind === kind
    && (kind === 'ClusterTriggerAuthentication' || a.namespace === undefined || sc.namespace === undefined || a.namespace === sc.namespace));
}
