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
