/** Markdown PR-comment output: grouping, escaping, links and diffs. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { cell, formatMarkdown } from '../../shared/report/markdown.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';
import type { Finding } from '../../shared/rules/finding.ts';
import { reviewFixture } from './review-fixture.ts';

it('table cells escape pipes, HTML and line breaks', () => {
  assert.equal(cell('a | b <c>\nd & e'), 'a \\| b &lt;c&gt; d &amp; e');
});

it('no findings says so', () => {
  assert.match(formatMarkdown([], new PositionMapper(() => '')), /No problems found\./);
});

it('groups by pool, then files without a pool; links every rule id to its docs', async () => {
  const r = await reviewFixture();
  const md = formatMarkdown(r.findings, r.pos, ['some-metric-rule']);
  const headings = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
  const poolHeadings = headings.filter((h) => h!.startsWith('Pool '));
  assert.deepEqual(poolHeadings, [...poolHeadings].sort());
  assert.ok(headings.indexOf(poolHeadings[poolHeadings.length - 1]) < headings.findIndex((h) => h!.startsWith('File ')));
  for (const f of r.findings) {
    assert.ok(md.includes(`[${f.ruleId}](https://github.com/pool-tuner/pool-tuner/blob/main/docs/rules/${f.ruleId}.md)`));
  }
  const rows = md.split('\n').filter((l) => /^\| :/.test(l));
  assert.equal(rows.length, r.findings.length);
  assert.match(md, /<sub>1 metric-aware rule not run .*`some-metric-rule`/);
});

it('fixes and suggestions render as collapsed diffs of the changed lines only', () => {
  const text = 'spec:\n  pollingInterval: 20\n  keep: 1\n';
  const f: Finding = {
    ruleId: 'r', severity: 'error', message: 'm', file: 'f.yaml', span: { start: 8, end: 23 },
    fix: { title: 'Remove it', edits: [{ file: 'f.yaml', span: { start: 6, end: 28 }, newText: '' }] },
    suggestions: [{ title: 'Add one', edits: [{ file: 'f.yaml', span: { start: 38, end: 38 }, newText: 'new: 2\n' }] }],
  };
  const md = formatMarkdown([f], new PositionMapper(() => text));
  assert.match(md, /<details><summary>1 fix, 1 suggestion<\/summary>/);
  assert.match(md, /```diff\n {2}- {2}pollingInterval: 20\n {2}```/);
  assert.match(md, /```diff\n {2}\+new: 2\n {2}```/);
  assert.ok(!md.includes('-  keep: 1'));
});
