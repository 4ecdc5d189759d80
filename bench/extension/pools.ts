/** The workspace of the measurement: `n` pools in 3·n files, `pools/pool-NNN/{worker-pool,scaler,subscription}.yaml`. */
export function poolFiles(n: number): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const [wp, scaler, sub] = poolDocs(i);
    const dir = `pools/${poolName(i)}`;
    out.set(`${dir}/worker-pool.yaml`, `${wp}\n`);
    out.set(`${dir}/scaler.yaml`, `${scaler}\n`);
    out.set(`${dir}/subscription.yaml`, `${sub}\n`);
  }
  return out;
}

/** Generates one YAML file holding `n` pools: per pool a WorkerPool, a CremaConfig and a gcloud subscription. */
export function poolsFile(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(...poolDocs(i));
  return docs.join('\n---\n') + '\n';
}

export function poolName(i: number): string {
  return `pool-${String(i).padStart(3, '0')}`;
}

/** Pool `i`'s three documents: WorkerPool, CremaConfig, gcloud subscription (every tenth at the minimum of 5 delivery attempts). */
function poolDocs(i: number): [string, string, string] {
  const name = poolName(i);
  return [`# pool ${i}
apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: ${name}-worker
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '2'
spec:
  template:
    spec:
      containers:
      - name: worker
        image: us-docker.pkg.dev/acme/apps/${name}:1.0.${i}
        env:
        - name: MAX_OUTSTANDING_MESSAGES
          value: '${10 + (i % 20)}'
        resources:
          limits:
            cpu: '1'
            memory: 512Mi`,
  `apiVersion: crema/v1
kind: CremaConfig
metadata:
  name: ${name}-scaler
spec:
  pollingInterval: 30
  scaledObjects:
    - spec:
        scaleTargetRef:
          name: projects/acme/locations/us-central1/workerpools/${name}-worker
        minReplicaCount: 1
        maxReplicaCount: ${10 + i}
        triggers:
          - type: gcp-pubsub
            metadata:
              subscriptionName: ${name}-sub
              value: "${20 + i}"`,
  `ackDeadlineSeconds: ${30 + (i % 5) * 10}
deadLetterPolicy:
  deadLetterTopic: projects/acme/topics/${name}-dlq
  maxDeliveryAttempts: ${i % 10 === 1 ? 5 : 10}
retryPolicy:
  minimumBackoff: 10s
  maximumBackoff: 600s
name: projects/acme/subscriptions/${name}-sub
topic: projects/acme/topics/${name}`];
}
