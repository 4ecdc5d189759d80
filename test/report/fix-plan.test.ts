/** `--fix` planning: whole fixes only, overlapping ones deferred, suggestions never included. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeFixPlan, planFixes } from '../../shared/report/fix-plan.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import type { Finding } from '../../shared/rules/finding.ts';

const TEXT = 'aaaa\nbbbb\ncccc\n';
const e = (start: number, end: number, newText: string, file = 'f.yaml') => ({ file, span: { start, end }, newText });
const finding = (id: string, edits: ReturnType<typeof e>[], extra: Partial<Finding> = {}): Finding => ({
  ruleId: id, severity: 'error', message: id, file: 'f.yaml', span: edits[0]?.span ?? { start: 0, end: 0 }, fix: { title: `fix ${id}`, edits }, ...extra,
});

it('takes a fix whole or defers it whole when any edit overlaps', () => {
  const a = finding('a', [e(0, 4, 'AAAA'), e(10, 14, 'CCCC')]);
  const b = finding('b', [e(5, 9, 'BBBB'), e(12, 13, 'x')]); // second edit clashes with a's
  const c = finding('c', [e(5, 9, 'bbbB')]);
  const plan = planFixes([a, b, c]);
  assert.deepEqual(plan.applied.map((f) => f.ruleId), ['a', 'c']);
  assert.deepEqual(plan.deferred.map((f) => f.ruleId), ['b']);
  assert.equal(applyEdits(TEXT, plan.editsByFile.get('f.yaml')!), 'AAAA\nbbbB\nCCCC\n');
  const lines = describeFixPlan(plan, new PositionMapper(() => TEXT));
  assert.deepEqual(lines, ['fixed f.yaml:1:1 a: fix a', 'fixed f.yaml:2:1 c: fix c', '1 more fix overlaps the ones applied; run --fix again to apply it.']);
});

it('two insertions at one offset from different fixes: the second waits', () => {
  const plan = planFixes([finding('a', [e(5, 5, 'x\n')]), finding('b', [e(5, 5, 'y\n')])]);
  assert.deepEqual(plan.deferred.map((f) => f.ruleId), ['b']);
});

it('ignores suggestions and findings without a fix', () => {
  const s: Finding = { ruleId: 's', severity: 'warning', message: 's', file: 'f.yaml', span: { start: 0, end: 1 }, suggestions: [{ title: 't', edits: [e(0, 1, 'Z')] }] };
  const plan = planFixes([s]);
  assert.equal(plan.editsByFile.size, 0);
  assert.deepEqual(plan.applied, []);
});
