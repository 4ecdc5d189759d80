/** The committed rules table must equal what scripts/gen-rule-docs.ts generates from the registry. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULES } from '../../shared/rules/index.ts';
import { renderRulesReadme, RULES_README_PATH } from '../../scripts/gen-rule-docs.ts';

it('docs/rules/README.md is current (run `npm run docs:rules` to regenerate)', () => {
  assert.equal(readFileSync(RULES_README_PATH, 'utf8'), renderRulesReadme(RULES));
});

it('the table lists every registered rule once, linked to its page', () => {
  const text = renderRulesReadme(RULES);
  for (const r of RULES) {
    assert.equal(text.split(`| [${r.meta.id}](${r.meta.id}.md) |`).length - 1, 1, r.meta.id);
  }
});

it('table cells escape pipes so a title cannot break the table', () => {
  const [first] = RULES;
  assert.ok(first);
  const text = renderRulesReadme([{ ...first, meta: { ...first.meta, title: 'a | b' } }]);
  assert.match(text, /\| a \\\| b \|/);
});

it('every config rule page has the standard sections, YAML examples and its id as the title', () => {
  const sections = ['## Why it matters', '## Bad', '## Good', '## How to fix', '## Options and notes'];
  for (const r of RULES.filter((x) => x.meta.needs === 'config')) {
    const text = readFileSync(`docs/rules/${r.meta.id}.md`, 'utf8');
    assert.equal(text.split('\n')[0], `# ${r.meta.id}`, r.meta.id);
    let at = 0;
    for (const s of sections) {
      const i = text.indexOf(`\n${s}\n`, at);
      assert.ok(i > at, `${r.meta.id}: missing or misplaced "${s}"`);
      at = i;
    }
    // A Terraform-only rule shows HCL (nothing in YAML raises it).
    assert.ok((text.match(/```(yaml|hcl)\n/g) ?? []).length >= 2, `${r.meta.id}: needs bad and good YAML (or HCL) examples`);
  }
});
