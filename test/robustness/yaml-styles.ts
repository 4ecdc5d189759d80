/**
 * Generated pool workspaces written in every YAML style a person uses: block scalars (`|`, `>`, chomping and
 * indentation indicators), flow collections, anchors and aliases, quoted keys, comments between items, CRLF line
 * ends and a BOM. Shared by the edit property test and the mutation fuzz.
 */
import fc from 'fast-check';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'literal-strip' | 'literal-keep' | 'literal-indent' | 'folded' | 'folded-strip';
const SCALAR_STYLES: ScalarStyle[] = ['plain', 'single', 'double', 'literal', 'literal-strip', 'literal-keep', 'literal-indent', 'folded', 'folded-strip'];

export interface StyleChoice {
  bom: boolean;
  crlf: boolean;
  quotedKeys: boolean;
  flowEnv: boolean[];
  flowLimits: boolean;
  flowSubscription: boolean;
  anchors: boolean;
  comments: boolean;
  secretStyle: ScalarStyle;
  secretBefore: number;
  automatic: boolean;
  ackDeadline: number;
}

export const styleChoice: fc.Arbitrary<StyleChoice> = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  quotedKeys: fc.boolean(),
  flowEnv: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  flowLimits: fc.boolean(),
  flowSubscription: fc.boolean(),
  anchors: fc.boolean(),
  comments: fc.boolean(),
  secretStyle: fc.constantFrom(...SCALAR_STYLES),
  secretBefore: fc.nat({ max: 2 }),
  automatic: fc.boolean(),
  ackDeadline: fc.constantFrom(10, 20, 600),
});

function scalar(value: string, style: ScalarStyle, indent: string): string {
  const lines = (v: string) => v.split('\n').map((l) => (l ? `${indent}  ${l}` : '')).join('\n');
  switch (style) {
    case 'plain': return value;
    case 'single': return `'${value}'`;
    case 'double': return JSON.stringify(value);
    case 'literal': return `|\n${lines(value)}`;
    case 'literal-strip': return `|-\n${lines(value)}`;
    case 'literal-keep': return `|+\n${lines(value)}\n`;
    case 'literal-indent': return `|2\n${lines(value)}`;
    case 'folded': return `>\n${lines(value)}`;
    case 'folded-strip': return `>-\n${lines(value)}`;
  }
}

/** A three-document file: worker pool (with a plain secret), CREMA config, subscription. */
export function render(s: StyleChoice): string {
  const k = (key: string) => (s.quotedKeys ? `"${key}"` : key);
  const c = (text: string) => (s.comments ? text : '');
  const secretValue = s.secretStyle.startsWith('literal') || s.secretStyle.startsWith('folded') ? 'tok-abc-123\nsecond-line-456' : 'tok-abc-123';
  const item = '        ';
  const env: string[] = [
    s.flowEnv[0] ? `${item}- {${k('name')}: SUBSCRIPTION_ID, ${k('value')}: orders-sub}` : `${item}- ${k('name')}: SUBSCRIPTION_ID\n${item}  ${k('value')}: orders-sub`,
    s.flowEnv[1] ? `${item}- {name: MAX_OUTSTANDING_MESSAGES, value: '20'}` : `${item}- name: MAX_OUTSTANDING_MESSAGES\n${item}  value: '20'${c('   # flow control')}`,
    s.flowEnv[2] ? `${item}- {name: IMAGE_COPY, value: ${s.anchors ? '*img' : 'plain-copy'}}` : `${item}- name: IMAGE_COPY\n${item}  value: ${s.anchors ? '*img' : 'plain-copy'}`,
  ];
  const secret = `${item}- ${k('name')}: PAYMENTS_API_TOKEN\n${item}  ${k('value')}: ${scalar(secretValue, s.secretStyle, `${item}  `)}${s.secretStyle === 'plain' ? c('   # TODO move') : ''}`;
  env.splice(s.secretBefore, 0, secret);
  const envText = env.join(c(`\n${item}# between items`) + '\n');
  const limits = s.flowLimits ? `          limits: {cpu: '1', memory: 512Mi}` : `          limits:\n            cpu: '1'${c('  # one vCPU')}\n            memory: 512Mi`;
  const wp = [
    c('# orders worker pool'),
    'apiVersion: run.googleapis.com/v1',
    'kind: WorkerPool',
    'metadata:',
    '  name: orders-worker',
    '  annotations:',
    `    ${s.quotedKeys ? '"run.googleapis.com/scalingMode"' : 'run.googleapis.com/scalingMode'}: ${s.automatic ? 'automatic' : 'manual'}${c('  # mode')}`,
    ...(s.automatic ? [] : [`    run.googleapis.com/manualInstanceCount: '2'`]),
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: worker',
    `        image: ${s.anchors ? '&img ' : ''}us-docker.pkg.dev/acme/apps/orders:1.0`,
    '        env:',
    envText,
    '        resources:',
    limits,
  ].filter((l) => l !== '').join('\n');
  const crema = [
    'apiVersion: crema/v1',
    'kind: CremaConfig',
    'metadata:',
    '  name: orders-autoscaler',
    'spec:',
    '  scaledObjects:',
    '    - spec:',
    '        scaleTargetRef:',
    '          name: projects/acme/locations/us-central1/workerpools/orders-worker',
    c('        # backlog trigger'),
    '        triggers:',
    '          - type: gcp-pubsub',
    '            metadata:',
    '              subscriptionName: projects/acme/subscriptions/orders-sub',
    `              value: ${s.anchors ? '&target "50"' : '"50"'}`,
    `              activationValue: ${s.anchors ? '*target' : '"5"'}`,
  ].filter((l) => l !== '').join('\n');
  const sub = s.flowSubscription
    ? `{ackDeadlineSeconds: ${s.ackDeadline}, name: projects/acme/subscriptions/orders-sub, topic: projects/acme/topics/orders}`
    : [c('# gcloud pubsub subscriptions describe'), `ackDeadlineSeconds: ${s.ackDeadline}`, 'name: projects/acme/subscriptions/orders-sub', c('# topic below'), 'topic: projects/acme/topics/orders'].filter((l) => l !== '').join('\n');
  const text = `${wp}\n---\n${crema}\n---\n${sub}\n`;
  return (s.bom ? '\uFEFF' : '') + (s.crlf ? text.replace(/\n/g, '\r\n') : text);
}
