/** Which known kind a YAML document is. Unknown kinds are ignored quietly. */
import { asRecord } from './context.ts';
import { DATAFLOW_KINDS } from './dataflow.ts';

export type DocKind = 'workerPool' | 'crema' | 'keda' | 'gcloudSubscription' | 'kccSubscription' | 'settings' | 'workload' | 'triggerAuth' | 'dataflowJob' | 'unknown';

export function detectKind(value: unknown, fileName: string): DocKind {
  const root = asRecord(value);
  if (!root) return 'unknown';
  const apiVersion = typeof root['apiVersion'] === 'string' ? root['apiVersion'] : '';
  const kind = typeof root['kind'] === 'string' ? root['kind'] : '';
  if (kind === 'WorkerPool' && apiVersion.startsWith('run.googleapis.com/')) return 'workerPool';
  if (kind === 'CremaConfig') return 'crema';
  if (kind === 'ScaledObject' && apiVersion.startsWith('keda.sh/')) return 'keda';
  if ((kind === 'TriggerAuthentication' || kind === 'ClusterTriggerAuthentication') && apiVersion.startsWith('keda.sh/')) return 'triggerAuth';
  if (kind === 'PubSubSubscription' && apiVersion.startsWith('pubsub.cnrm.cloud.google.com/')) return 'kccSubscription';
  // A Kubernetes workload: read as a GKE pool's workers when a KEDA ScaledObject targets it (link.ts).
  if ((kind === 'Deployment' || kind === 'StatefulSet') && apiVersion.startsWith('apps/')) return 'workload';
  // A Dataflow job is no pool, but it tells which subscriptions Dataflow reads (not a worker's: kinds/dataflow.ts).
  if (DATAFLOW_KINDS.has(kind) && apiVersion.startsWith('dataflow.cnrm.cloud.google.com/')) return 'dataflowJob';
  if (kind === 'PoolTunerSettings' || apiVersion.startsWith('pool-tuner/')) return 'settings';
  if (!kind && /(^|\/)pool-tuner\.ya?ml$/.test(fileName)) return 'settings';
  // gcloud describe output has no kind: recognise it by a subscription resource name.
  if (!kind && typeof root['name'] === 'string' && /^projects\/[^/]+\/subscriptions\/[^/]+$/.test(root['name'])) return 'gcloudSubscription';
  return 'unknown';
}
