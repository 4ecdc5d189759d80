/** Generates one YAML file holding `n` pools: per pool a WorkerPool, a CremaConfig and a gcloud subscription. */
export function poolsFile(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `pool-${String(i).padStart(3, '0')}`;
    docs.push(`# pool ${i}
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
  maxDeliveryAttempts: 10
retryPolicy:
  minimumBackoff: 10s
  maximumBackoff: 600s
name: projects/acme/subscriptions/${name}-sub
topic: projects/acme/topics/${name}`);
  }
  return docs.join('\n---\n') + '\n';
}
