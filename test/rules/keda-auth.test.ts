/** TriggerAuthentication parsing and the two rules that read it: names only, never a credential value. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';

const TOKEN = 'ghp_R2d2C3poBb8Lk4Vq9Xz7Wm1Ns6Tf0Yh3Ju5K';

it('parses TriggerAuthentication, ClusterTriggerAuthentication and CremaConfig triggerAuthentications without values', () => {
  const ws = parseWorkspace([{ path: 'a.yaml', text: `apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: a, namespace: ns}
spec:
  secretTargetRef:
  - {parameter: GoogleApplicationCredentials, name: pubsub-secret, key: creds.json}
---
apiVersion: keda.sh/v1alpha1
kind: ClusterTriggerAuthentication
metadata: {name: c}
spec: {podIdentity: {provider: gcp}}
---
apiVersion: crema/v1
kind: CremaConfig
metadata: {name: cc}
spec:
  triggerAuthentications:
  - metadata: {name: adc}
    spec: {podIdentity: {provider: gcp}}
  scaledObjects:
  - spec:
      scaleTargetRef: {name: projects/p/locations/r/workerpools/w}
      triggers: [{type: gcp-pubsub, metadata: {subscriptionName: s}, authenticationRef: {name: adc}}]
` }]);
  assert.deepEqual(ws.triggerAuths.map((a) => [a.authKind, a.name, a.namespace, a.podIdentityProvider, a.cremaConfig]), [
    ['TriggerAuthentication', 'a', 'ns', undefined, undefined],
    ['ClusterTriggerAuthentication', 'c', undefined, 'gcp', undefined],
    ['TriggerAuthentication', 'adc', undefined, 'gcp', 'cc'],
  ]);
  assert.doesNotMatch(JSON.stringify(ws.triggerAuths), /pubsub-secret|creds\.json/);
  assert.deepEqual(review(ws).findings.filter((f) => f.ruleId.startsWith('keda-')).map((f) => f.ruleId).filter((id) => id === 'keda-trigger-auth-not-found'), []);
});

it('a credential-shaped podIdentity provider is reported without its value', () => {
  const ws = parseWorkspace([{ path: 'a.yaml', text: `apiVersion: keda.sh/v1alpha1\nkind: TriggerAuthentication\nmetadata: {name: a}\nspec:\n  podIdentity:\n    provider: ${TOKEN}\n` }]);
  const f = review(ws).findings.find((x) => x.ruleId === 'keda-pod-identity-invalid');
  assert.ok(f);
  assert.match(f.message, /podIdentity provider \(value not shown\) is not one KEDA accepts/);
  assert.doesNotMatch(JSON.stringify(f), new RegExp(TOKEN.slice(4, 20)));
});
