/**
 * The rule-fixture conventions of test/fixtures/rules, on Terraform: test/fixtures/terraform/<rule-id>/
 * - `fail.<case>.tf` must raise the rule; its first line `# expect: L:C[, L:C…]` lists the exact start positions;
 * - `pass.<case>.tf` must not raise it;
 * - `fail.<case>.fixed.tf`: applying the rule's fixes (or first suggestion of each finding) reproduces it byte for
 *   byte, and the fixed file no longer raises the rule;
 * - `pool-tuner.yaml` (optional) is the project settings every case of the folder runs with.
 * Each case is a module of its own (one .tf file).
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { RULES } from '../../shared/rules/index.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { lineStarts, toLineCol } from '../../shared/config/span.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { parser } from './load.ts';

const ROOT = 'test/fixtures/terraform';
let hcl: HclParser;

function run(ruleId: string, dir: string, text: string) {
  const rule = RULES.find((r) => r.meta.id === ruleId)!;
  const settings = join(dir, 'pool-tuner.yaml');
  const sources = [{ path: 'case/main.tf', text }, ...(existsSync(settings) ? [{ path: 'pool-tuner.yaml', text: readFileSync(settings, 'utf8') }] : [])];
  return review(parseWorkspace(sources, { hcl }), { rules: [rule] }).findings;
}

const folders = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => RULES.some((r) => r.meta.id === d)).sort() : [];

describe('rules on Terraform', () => {
  before(async () => {
    hcl = await parser();
  });

  it('covers at least 12 rules', () => {
    assert.ok(folders.length >= 12, `${folders.length}: ${folders.join(', ')}`);
  });

  for (const id of folders) {
    const dir = join(ROOT, id);
    const files = readdirSync(dir).filter((f) => f.endsWith('.tf') && !f.endsWith('.fixed.tf')).sort();
    describe(id, () => {
      it('has a failing and a passing case', () => {
        assert.ok(files.some((f) => f.startsWith('fail.')) && files.some((f) => f.startsWith('pass.')), files.join(', '));
      });
      for (const name of files) {
        const text = readFileSync(join(dir, name), 'utf8');
        if (name.startsWith('pass.')) {
          it(`${name} raises nothing`, () => assert.deepEqual(run(id, dir, text).map((f) => f.message), []));
          continue;
        }
        it(`${name} raises ${id} at the expected positions`, () => {
          const m = /^# expect: (.+)$/.exec(text.split('\n')[0] ?? '');
          assert.ok(m, `${name}: first line must be "# expect: L:C[, L:C…]"`);
          const starts = lineStarts(text);
          const actual = run(id, dir, text).map((f) => {
            const p = toLineCol(starts, f.span.start);
            return `${p.line}:${p.column}`;
          });
          assert.deepEqual(actual, m[1]!.split(',').map((s) => s.trim()));
        });
        const fixed = join(dir, name.replace(/\.tf$/, '.fixed.tf'));
        if (existsSync(fixed)) {
          it(`${name} fixed equals ${fixed.split('/').pop()}`, () => {
            const edits = run(id, dir, text).flatMap((f) => f.fix?.edits ?? f.suggestions?.[0]?.edits ?? []);
            assert.ok(edits.length > 0, 'the rule offered no edit');
            const out = applyEdits(text, edits);
            assert.equal(out, readFileSync(fixed, 'utf8'));
            assert.deepEqual(run(id, dir, out).map((f) => f.message), [], 'the fixed file still raises the rule');
          });
        }
      }
    });
  }
});
