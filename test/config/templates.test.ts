/** Templated YAML (issue 10): each placeholder style is read around, never a YAML error, never a wrong value. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { isYamlFileName } from '../../shared/node/files.ts';

function run(path: string, text: string) {
  const ws = parseWorkspace([{ path, text }]);
  return { ws, findings: review(ws).findings };
}

// A KEDA trigger with a real defect (subscriptionSize) next to a placeholder in the target value.
const keda = (sub: string, extra = '') => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  scaleTargetRef:
    name: worker
${extra}  minReplicaCount: PLACEHOLDER_MIN
  triggers:
  - type: gcp-pubsub
    metadata:
      subscriptionName: ${sub}
      subscriptionSize: "5"
`;

const STYLES: { name: string; path: string; text: string; style: string }[] = [
  { name: 'Helm {{ }} with block constructs', path: 'templates/so.yaml', style: 'Helm', text: `{{- if .Values.keda.enabled }}\n${keda('{{ .Values.subscription | quote }}', '  {{- with .Values.keda.behavior }}\n  advanced:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n').replace('PLACEHOLDER_MIN', '{{ .Values.keda.min }}')}{{- end }}\n` },
  { name: 'envsubst ${VAR}', path: 'so.yaml', style: 'envsubst', text: keda('${SUBSCRIPTION}').replace('PLACEHOLDER_MIN', '${MIN_REPLICAS}') },
  { name: 'shell $VAR', path: 'so.yaml', style: 'envsubst', text: keda('$SUBSCRIPTION').replace('PLACEHOLDER_MIN', '$MIN_REPLICAS') },
  { name: '%VAR%', path: 'so.yaml', style: '%VAR%', text: keda('%SUBSCRIPTION%').replace('PLACEHOLDER_MIN', '%MIN_REPLICAS%') },
  { name: '__VAR__', path: 'so.yaml', style: '__VAR__', text: keda('__SUBSCRIPTION__').replace('PLACEHOLDER_MIN', '__MIN_REPLICAS__') },
  { name: '.yaml.tpl file', path: 'so.yaml.tpl', style: 'envsubst', text: keda('${SUBSCRIPTION}').replace('PLACEHOLDER_MIN', '${MIN_REPLICAS}') },
];

describe('templates', () => {
  for (const s of STYLES) {
    it(`${s.name}: no YAML error, one note, placeholders never wrong, the rest still reviewed`, () => {
      const { findings } = run(s.path, s.text);
      const notes = findings.filter((f) => f.ruleId === 'yaml-syntax');
      assert.equal(notes.length, 1, JSON.stringify(notes));
      assert.equal(notes[0]!.severity, 'info');
      assert.match(notes[0]!.message, new RegExp(`Template \\(.*${s.style.replace(/[%$]/g, '\\$&')}`));
      // minReplicaCount is a placeholder: not an invalid whole number.
      assert.deepEqual(findings.filter((f) => f.ruleId === 'invalid-field').map((f) => f.message), []);
      // Read around the placeholders: the deprecated subscriptionSize on the next line is still found.
      assert.ok(findings.some((f) => f.ruleId === 'keda-subscription-size-deprecated'), findings.map((f) => f.ruleId).join());
    });
  }

  it('a file without placeholders gets no note, and broken YAML is still an error', () => {
    assert.deepEqual(run('so.yaml', keda('jobs-sub').replace('PLACEHOLDER_MIN', '0')).findings.filter((f) => f.ruleId === 'yaml-syntax'), []);
    const broken = run('bad.yaml', 'a: "unclosed\nb: 1\n').findings.filter((f) => f.ruleId === 'yaml-syntax');
    assert.ok(broken.length > 0 && broken.every((f) => f.severity === 'error'));
  });

  it('placeholders in YAML comments (kpt setters) are no placeholders: no note, the values are checked', () => {
    const text = keda('jobs-sub # kpt-set: ${subscription}').replace('PLACEHOLDER_MIN', '0 # kpt-set: ${min-replicas}')
      .replace('name: worker\n', 'name: worker # kpt-set: "${name}"\n');
    const { ws, findings } = run('so.yaml', text);
    assert.equal(ws.templates.size, 0);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'yaml-syntax'), []);
    // A `#` inside a quoted value is no comment: that placeholder still counts.
    assert.equal(run('so.yaml', keda('"a#${SUB}"').replace('PLACEHOLDER_MIN', '0')).ws.templates.size, 1);
  });

  it('a template of something else (a chart\'s Deployment) gets nothing at all', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  {{- with .Values.strategy }}\n  strategy:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n  replicas: {{ .Values.replicas }}\n';
    assert.deepEqual(run('templates/deployment.yaml', text).findings, []);
  });

  it('spans stay on the original text', () => {
    const text = STYLES[0]!.text;
    const { ws, findings } = run('templates/so.yaml', text);
    assert.equal(ws.files.get('templates/so.yaml')!.text, text);
    const f = findings.find((x) => x.ruleId === 'keda-subscription-size-deprecated')!;
    assert.equal(text.slice(f.span.start, f.span.end), 'subscriptionSize');
  });

  it('loads *.yaml.tpl, not a bare _helpers.tpl', () => {
    assert.equal(isYamlFileName('so.yaml.tpl'), true);
    assert.equal(isYamlFileName('so.yml.TPL'), true);
    assert.equal(isYamlFileName('_helpers.tpl'), false);
  });
});
