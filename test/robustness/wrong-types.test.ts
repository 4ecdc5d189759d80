/**
 * Wrong types in every known kind. Curated cases must raise `invalid-field` at exactly the bad field; then every
 * path of every base document is replaced by every kind of wrong value, which must never throw.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, isMap, isSeq, type Node } from 'yaml';
import { reviewUntrusted } from './harness.ts';

type Seg = string | number;
interface Kind {
  name: string;
  file: string;
  base: string;
  /** [path, wrong value]: must give an invalid-field finding whose `data.field` is the path. */
  cases: [Seg[], unknown][];
}

const C0 = ['spec', 'template', 'spec', 'containers', 0];
const SO0 = ['spec', 'scaledObjects', 0, 'spec'];
const KINDS: Kind[] = [
  {
    name: 'WorkerPool',
    file: 'wp.yaml',
    base: `apiVersion: run.googleapis.com/v1
kind: WorkerPool
metadata:
  name: w
  namespace: p
  labels:
    cloud.googleapis.com/location: europe-west1
  annotations:
    run.googleapis.com/scalingMode: manual
    run.googleapis.com/manualInstanceCount: '2'
    run.googleapis.com/maxScale: '5'
spec:
  template:
    spec:
      containers:
      - name: worker
        image: img
        env:
        - name: MAX_OUTSTANDING_MESSAGES
          value: '10'
        resources:
          limits:
            cpu: '1'
            memory: 512Mi
            nvidia.com/gpu: '1'
      nodeSelector:
        run.googleapis.com/accelerator: nvidia-l4
`,
    cases: [
      [['metadata'], 'oops'],
      [['metadata', 'annotations'], ['a']],
      [['metadata', 'annotations', 'run.googleapis.com/manualInstanceCount'], 'many'],
      [['metadata', 'annotations', 'run.googleapis.com/scalingMode'], 'sometimes'],
      [['metadata', 'annotations', 'run.googleapis.com/maxScale'], { a: 1 }],
      [['metadata', 'labels'], 'eu'],
      [['spec'], ['x']],
      [['spec', 'template', 'spec', 'containers'], { a: 1 }],
      [[...C0, 'resources', 'limits', 'cpu'], ['1']],
      [[...C0, 'resources', 'limits', 'memory'], 'lots'],
      [[...C0, 'resources', 'limits', 'nvidia.com/gpu'], 'one'],
      [[...C0, 'resources'], 'big'],
      [[...C0, 'env'], 'FOO=bar'],
      [[...C0, 'env', 0], 'x'],
      [[...C0, 'env', 0, 'value'], { nested: true }],
      [[...C0, 'name'], ['w']],
      [['spec', 'template', 'spec', 'nodeSelector'], 'l4'],
    ],
  },
  {
    name: 'CremaConfig',
    file: 'crema.yaml',
    base: `apiVersion: crema/v1
kind: CremaConfig
metadata:
  name: c
spec:
  pollingInterval: 30
  scaledObjects:
    - spec:
        scaleTargetRef:
          name: projects/p/locations/r/workerpools/w
        minReplicaCount: 0
        maxReplicaCount: 10
        triggers:
          - type: gcp-pubsub
            metadata:
              subscriptionName: s
              value: "50"
              activationValue: "5"
        advanced:
          horizontalPodAutoscalerConfig:
            behavior:
              scaleDown:
                stabilizationWindowSeconds: 60
                policies:
                  - type: Percent
                    value: 50
                    periodSeconds: 60
`,
    cases: [
      [['spec'], 'x'],
      [['spec', 'pollingInterval'], 'fast'],
      [['spec', 'scaledObjects'], { a: 1 }],
      [[...SO0.slice(0, 3), 'spec'], 'x'],
      [[...SO0, 'triggers'], 'gcp'],
      [[...SO0, 'minReplicaCount'], 'zero'],
      [[...SO0, 'maxReplicaCount'], 2.5],
      [[...SO0, 'scaleTargetRef'], 'name'],
      [[...SO0, 'triggers', 0, 'metadata'], 'x'],
      [[...SO0, 'triggers', 0, 'metadata', 'value'], 'fifty'],
      [[...SO0, 'triggers', 0, 'metadata', 'activationValue'], [5]],
      [[...SO0, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown', 'stabilizationWindowSeconds'], 'long'],
      [[...SO0, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown', 'policies'], 'fast'],
    ],
  },
  {
    name: 'ScaledObject',
    file: 'keda.yaml',
    base: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: k
spec:
  scaleTargetRef:
    name: projects/p/locations/r/workerpools/w
  minReplicaCount: 1
  maxReplicaCount: 20
  pollingInterval: 15
  triggers:
    - type: gcp-pubsub
      metadata:
        subscriptionName: s
        value: "100"
`,
    cases: [
      [['spec'], 'x'],
      [['spec', 'maxReplicaCount'], [1]],
      [['spec', 'pollingInterval'], 'often'],
      [['spec', 'triggers'], { a: 1 }],
      [['spec', 'triggers', 0, 'metadata'], 'x'],
      [['spec', 'triggers', 0, 'type'], ['gcp']],
      [['spec', 'triggers', 0, 'metadata', 'subscriptionName'], { a: 1 }],
    ],
  },
  {
    name: 'gcloud subscription',
    file: 'sub.yaml',
    base: `ackDeadlineSeconds: 60
deadLetterPolicy:
  deadLetterTopic: projects/p/topics/dlq
  maxDeliveryAttempts: 5
retryPolicy:
  minimumBackoff: 10s
  maximumBackoff: 600s
enableExactlyOnceDelivery: false
enableMessageOrdering: false
messageRetentionDuration: 604800s
name: projects/p/subscriptions/s
topic: projects/p/topics/t
`,
    cases: [
      [['ackDeadlineSeconds'], 'ten'],
      [['deadLetterPolicy'], ['x']],
      [['deadLetterPolicy', 'maxDeliveryAttempts'], 'five'],
      [['deadLetterPolicy', 'deadLetterTopic'], { a: 1 }],
      [['retryPolicy'], 'soon'],
      [['retryPolicy', 'minimumBackoff'], 'soon'],
      [['retryPolicy', 'maximumBackoff'], [600]],
      [['enableExactlyOnceDelivery'], 'maybe'],
      [['enableMessageOrdering'], [true]],
      [['messageRetentionDuration'], 'a week'],
      [['topic'], { a: 1 }],
    ],
  },
  {
    name: 'PubSubSubscription',
    file: 'kcc.yaml',
    base: `apiVersion: pubsub.cnrm.cloud.google.com/v1beta1
kind: PubSubSubscription
metadata:
  name: s
spec:
  topicRef:
    name: t
  ackDeadlineSeconds: 60
  messageRetentionDuration: 604800s
  retryPolicy:
    minimumBackoff: 10s
    maximumBackoff: 600s
  deadLetterPolicy:
    deadLetterTopicRef:
      name: dlq
    maxDeliveryAttempts: 5
  enableMessageOrdering: false
`,
    cases: [
      [['spec'], 'x'],
      [['spec', 'ackDeadlineSeconds'], { a: 1 }],
      [['spec', 'topicRef'], 'orders'],
      [['spec', 'retryPolicy', 'maximumBackoff'], [1]],
      [['spec', 'enableMessageOrdering'], 'sure'],
      [['spec', 'deadLetterPolicy'], 'dlq'],
      [['spec', 'deadLetterPolicy', 'deadLetterTopicRef'], 'dlq'],
      [['spec', 'deadLetterPolicy', 'maxDeliveryAttempts'], 'five'],
      [['metadata'], 'x'],
    ],
  },
  {
    name: 'pool-tuner.yaml',
    file: 'pool-tuner.yaml',
    base: `apiVersion: pool-tuner/v1
kind: PoolTunerSettings
project: p
region: europe-west1
priceTier: 1
concurrencyEnvVars: [MAX_MESSAGES]
rules:
  no-dead-letter-policy: info
pools:
  w:
    subscriptions: [s]
    slo:
      queueWaitP95Sec: 30
      duplicateRatioMax: 0.01
    downstreamLimitPerSec: 10
    downstreamMaxInFlight: 4
    processingTimeSec: 2
`,
    cases: [
      [['priceTier'], 3],
      [['pools'], ['a']],
      [['pools', 'w', 'slo', 'queueWaitP95Sec'], 'fast'],
      [['pools', 'w', 'slo', 'duplicateRatioMax'], 2],
      [['pools', 'w', 'downstreamMaxInFlight'], 1.5],
      [['pools', 'w', 'subscriptions'], 's'],
      [['rules', 'no-dead-letter-policy'], 'loud'],
      [['concurrencyEnvVars'], 'A'],
      [['project'], ['p']],
      [['apiVersion'], 'pool-tuner/v9'],
    ],
  },
];

function withValue(base: string, path: Seg[], value: unknown): string {
  const doc = parseDocument(base);
  doc.setIn(path, doc.createNode(value));
  return String(doc);
}

/** Every path (maps and sequences, inner nodes and leaves) of a document. */
function allPaths(base: string): Seg[][] {
  const out: Seg[][] = [];
  const walk = (node: unknown, path: Seg[]) => {
    if (isMap(node)) {
      for (const p of node.items) {
        const key = (p.key as Node & { value?: unknown })?.value;
        if (typeof key !== 'string') continue;
        out.push([...path, key]);
        walk(p.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        out.push([...path, i]);
        walk(item, [...path, i]);
      });
    }
  };
  walk(parseDocument(base).contents, []);
  return out;
}

const WRONG_VALUES: unknown[] = [null, 0, -1, 1.5, 1e21, true, '', 'x', '🙂', [], ['a', 1], {}, { a: { b: [1] } }];

for (const kind of KINDS) {
  describe(`wrong types in ${kind.name}`, () => {
    it('the base document is clean of invalid-field', () => {
      const { findings } = reviewUntrusted([{ path: kind.file, text: kind.base }]);
      assert.deepEqual(findings.filter((f) => f.ruleId === 'invalid-field' || f.ruleId === 'yaml-syntax').map((f) => f.message), []);
    });

    for (const [path, value] of kind.cases) {
      it(`${path.join('.')} = ${JSON.stringify(value)} is an invalid-field finding at that field`, () => {
        const { findings } = reviewUntrusted([{ path: kind.file, text: withValue(kind.base, path, value) }]);
        const fields = findings.filter((f) => f.ruleId === 'invalid-field').map((f) => f.data?.['field']);
        assert.ok(fields.includes(path.join('.')), `expected invalid-field at ${path.join('.')}, got ${JSON.stringify(fields)}`);
      });
    }

    it('every path replaced by every kind of wrong value never throws', () => {
      let n = 0;
      for (const path of allPaths(kind.base)) {
        for (const value of WRONG_VALUES) {
          reviewUntrusted([{ path: kind.file, text: withValue(kind.base, path, value) }]);
          n++;
        }
      }
      assert.ok(n > 100);
    });
  });
}
