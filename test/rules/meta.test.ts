/** Keeps the registry, rule files, docs and fixtures in step (typescript-eslint style meta-tests). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { RULES } from '../../shared/rules/index.ts';
import { RuleMetaSchema } from '../../shared/rules/types.ts';

const NOT_RULES = new Set(['index.ts', 'types.ts', 'engine.ts', 'finding.ts']);

it('every rule file is registered and every registered rule has a file named after its id', () => {
  const files = readdirSync('shared/rules').filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f)).map((f) => f.replace(/\.ts$/, '')).sort();
  assert.deepEqual(RULES.map((r) => r.meta.id).sort(), files);
});

it('rule ids are unique and metadata is well formed', () => {
  assert.equal(new Set(RULES.map((r) => r.meta.id)).size, RULES.length);
  for (const r of RULES) RuleMetaSchema.parse(r.meta);
});

for (const r of RULES) {
  it(`${r.meta.id} has docs and passing + failing fixtures`, () => {
    assert.ok(existsSync(`docs/rules/${r.meta.id}.md`), `docs/rules/${r.meta.id}.md missing`);
    const dir = `test/fixtures/rules/${r.meta.id}`;
    assert.ok(existsSync(dir), `${dir} missing`);
    const names = readdirSync(dir);
    assert.ok(names.some((n) => n.startsWith('pass.') && n.endsWith('.yaml')), 'no pass.*.yaml');
    // A Terraform-only rule (nothing in YAML can raise it) keeps its failing cases in test/fixtures/terraform/<id>/.
    const tfDir = `test/fixtures/terraform/${r.meta.id}`;
    const tf = existsSync(tfDir) ? readdirSync(tfDir) : [];
    const yamlFail = names.some((n) => n.startsWith('fail.') && n.endsWith('.yaml') && !n.endsWith('.fixed.yaml'));
    assert.ok(yamlFail || tf.some((n) => n.startsWith('fail.') && !n.endsWith('.fixed.tf')), 'no fail.*.yaml (or fail.*.tf for a Terraform-only rule)');
    if (r.meta.fixable !== 'none') assert.ok(names.some((n) => n.endsWith('.fixed.yaml')) || (!yamlFail && tf.some((n) => n.endsWith('.fixed.tf'))), 'fixable rule without a .fixed.yaml');
  });
}
