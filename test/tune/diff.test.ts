import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { unifiedDiff } from '../../shared/tune/diff.ts';

/** A strict applier for one-file unified diffs: checks every context and removed line against the old text. */
function applyUnified(oldText: string, diff: string): string {
  if (diff === '') return oldText;
  const oldLines = oldText === '' ? [] : oldText.split(/(?<=\n)/);
  const lines = diff.split('\n');
  assert.ok(lines[0]!.startsWith('--- ') && lines[1]!.startsWith('+++ '));
  const out: string[] = [];
  let cursor = 0;
  let i = 2;
  while (i < lines.length && lines[i] !== '') {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[i]!);
    assert.ok(m, `bad hunk header: ${lines[i]}`);
    const oldStart = Number(m[1]);
    const oldCount = m[2] === undefined ? 1 : Number(m[2]);
    const startIdx = oldCount === 0 ? oldStart : oldStart - 1;
    while (cursor < startIdx) out.push(oldLines[cursor++]!);
    i++;
    let seenOld = 0;
    while (i < lines.length && /^[ +\-\\]/.test(lines[i]!)) {
      const l = lines[i]!;
      const noEol = lines[i + 1] === '\\ No newline at end of file';
      const text = l.slice(1) + (noEol ? '' : '\n');
      if (l[0] === ' ' || l[0] === '-') {
        assert.equal(oldLines[cursor], text, `context/removed line mismatch at old line ${cursor + 1}`);
        cursor++;
        seenOld++;
      }
      if (l[0] === ' ' || l[0] === '+') out.push(text);
      i += noEol ? 2 : 1;
    }
    assert.equal(seenOld, oldCount, 'hunk old count');
  }
  while (cursor < oldLines.length) out.push(oldLines[cursor++]!);
  return out.join('');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('f.yaml', 'a\nb\n', 'a\nb\n'), '');
  });

  it('writes GNU-style headers, ranges and context for a one-line change', () => {
    const oldText = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n') + '\n';
    const newText = oldText.replace('e\n', 'E\n');
    assert.equal(unifiedDiff('x.yaml', oldText, newText), [
      '--- a/x.yaml', '+++ b/x.yaml', '@@ -2,7 +2,7 @@', ' b', ' c', ' d', '-e', '+E', ' f', ' g', ' h', '',
    ].join('\n'));
  });

  it('marks a missing final newline and uses -0,0 for an empty old file', () => {
    assert.equal(unifiedDiff('n', 'a', 'b'), '--- a/n\n+++ b/n\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n');
    assert.equal(unifiedDiff('n', '', 'x\n'), '--- a/n\n+++ b/n\n@@ -0,0 +1 @@\n+x\n');
  });

  it('splits distant changes into separate hunks and merges close ones', () => {
    const base = Array.from({ length: 30 }, (_, i) => `l${i}`);
    const far = [...base];
    far[2] = 'X';
    far[25] = 'Y';
    const d = unifiedDiff('f', `${base.join('\n')}\n`, `${far.join('\n')}\n`);
    assert.equal(d.match(/^@@/gm)?.length, 2);
    const near = [...base];
    near[10] = 'X';
    near[16] = 'Y'; // 5 unchanged lines between: ≤ 2×3, one hunk
    assert.equal(unifiedDiff('f', `${base.join('\n')}\n`, `${near.join('\n')}\n`).match(/^@@/gm)?.length, 1);
  });

  it('round-trips: applying the diff to the old text gives the new text (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'key: 1', '  - x', ''), { maxLength: 25 })
      .chain((ls) => fc.boolean().map((eol) => (ls.length ? ls.join('\n') + (eol ? '\n' : '') : '')));
    fc.assert(fc.property(text, text, fc.integer({ min: 0, max: 4 }), (a, b, context) => {
      assert.equal(applyUnified(a, unifiedDiff('f', a, b, { context })), b);
    }), { numRuns: 400 });
  });

  it('is accepted by GNU patch, which reproduces the new text', (t) => {
    if (spawnSync('patch', ['--version']).status !== 0) {
      t.skip('GNU patch not installed');
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'pt-diff-'));
    try {
      const cases: [string, string][] = [
        ['# c\nkey: 1\nother: 2\n', '# c\nkey: 3\nother: 2\nnew: x\n'],
        ['a\nb\nc', 'a\nB\nc'],
        ['', 'x\ny\n'],
        ['x\ny\n', ''],
      ];
      cases.forEach(([a, b], i) => {
        const f = path.join(dir, `f${i}.yaml`);
        writeFileSync(f, a);
        const d = unifiedDiff(`f${i}.yaml`, a, b);
        const r = spawnSync('patch', ['-p1', '-s', '-d', dir, '--posix'], { input: d });
        assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
        assert.equal(readFileSync(f, 'utf8'), b);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
