/**
 * The mail-worker project the observe and editor-alerts tests share: a manual worker pool reading one subscription
 * (no dead-letter policy), and its pool-tuner.yaml (max-age SLO, declared processing time; `extra` goes above pools).
 */
export const MAIL_POOL = `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: mail-worker
  namespace: acme
  labels:
    cloud.googleapis.com/location: us-central1
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '2'
spec:
  template:
    spec:
      containers:
      - image: mail:1
        env:
        - name: SUBSCRIPTION_ID
          value: mail-sub
---
name: projects/acme-prod/subscriptions/mail-sub
topic: projects/acme-prod/topics/mail
ackDeadlineSeconds: 60
`;

/** MAIL_POOL with a dead-letter policy on its subscription. */
export const MAIL_POOL_WITH_DLQ = `${MAIL_POOL}deadLetterPolicy:
  deadLetterTopic: projects/acme-prod/topics/mail-dlq
  maxDeliveryAttempts: 5
`;

export const mailSettings = (extra = '') => `apiVersion: pool-tuner/v1
kind: PoolTunerSettings
project: acme-prod
${extra}pools:
  mail-worker:
    slo:
      maxMessageAgeSec: 300
    processingTimeSec: 2
`;
