/**
 * Property test over mutated real configs (examples/ and every fixture): delete, duplicate and re-indent lines,
 * swap value types, truncate, insert random characters. For any such text:
 * - parseWorkspace + review never throw, no rule crashes, every span lies inside its file;
 * - applying all `fix` edits (as `--fix` plans them) and, separately, each suggestion yields text with no new
 *   yaml-syntax errors that keeps every comment line (lines whose trimmed text starts with '#').
 * The same over generated documents in every YAML style (test/robustness/yaml-styles.ts).
 * Deterministic seed so CI is reproducible; set FC_SEED / FC_RUNS to explore more.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { applyEdits, type TextEdit } from '../../shared/config/edits.ts';
import { planFixes } from '../../shared/report/fix-plan.ts';
import { reviewUntrusted } from './harness.ts';
import { render, styleChoice } from './yaml-styles.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

const CORPUS = ['examples', 'test/fixtures/rules', 'test/fixtures/review'].flatMap(yamlFiles).sort()
  .map((p) => ({ name: path.basename(p).startsWith('pool-tuner') ? 'pool-tuner.yaml' : path.basename(p), text: readFileSync(p, 'utf8') }));

const VALUES = ['[1, 2]', '{}', '"str"', "'s'", '42', '-1', '1.5', 'true', 'null', '~', '{a: [b]}', '""', '0s', '600s', 'manual', '*x', '&x v'];
const CHARS = [':', '-', '#', '"', "'", '[', ']', '{', '}', '&', '*', '!', '|', '>', '\t', '\n', ' ', '%', '@', '`', ',', '?', 'a', '0', '\u00e9', '\r'];

type Mutation =
  | { op: 'delete' | 'duplicate' | 'indent' | 'dedent'; at: number }
  | { op: 'value'; at: number; value: string }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; chars: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('value'), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.constantFrom(...VALUES) }),
  fc.record({ op: fc.constant('truncate'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('insert'), at: fc.double({ min: 0, max: 1, noNaN: true }), chars: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 4 }).map((a) => a.join('')) }),
) as fc.Arbitrary<Mutation>;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = Math.min(lines.length - 1, Math.floor(m.at * lines.length));
  switch (m.op) {
    case 'delete': lines.splice(i, 1); return lines.join('\n');
    case 'duplicate': lines.splice(i, 0, lines[i]!); return lines.join('\n');
    case 'indent': lines[i] = `  ${lines[i]}`; return lines.join('\n');
    case 'dedent': lines[i] = lines[i]!.replace(/^ {1,2}/, ''); return lines.join('\n');
    case 'value': {
      // Replace the value of the first `key: value` line at or after i.
      for (let k = i; k < lines.length; k++) {
        const match = /^(\s*(?:- )?[^\s:#][^:#]*:\s+)(\S.*)$/.exec(lines[k]!);
        if (match) {
          lines[k] = match[1] + m.value;
          break;
        }
      }
      return lines.join('\n');
    }
    case 'truncate': return text.slice(0, Math.floor(m.at * text.length));
    case 'insert': {
      const at = Math.floor(m.at * text.length);
      return text.slice(0, at) + m.chars + text.slice(at);
    }
  }
}

const commentLines = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('#'));
const yamlErrors = (name: string, t: string) => parseWorkspace([{ path: name, text: t }]).problems.filter((p) => p.ruleId === 'yaml-syntax').length;

/** Every comment line of `before` is still in `after` (as a multiset). */
function assertCommentsKept(before: string, after: string, what: string) {
  const left = commentLines(after);
  for (const c of commentLines(before)) {
    const k = left.indexOf(c);
    assert.ok(k !== -1, `${what} dropped the comment line ${JSON.stringify(c)}`);
    left.splice(k, 1);
  }
}

function checkEdits(name: string, text: string, edits: TextEdit[], what: string) {
  const mine = edits.filter((e) => e.file === name);
  if (mine.length === 0) return;
  const out = applyEdits(text, mine);
  assert.ok(yamlErrors(name, out) <= yamlErrors(name, text), `${what} introduced a YAML syntax error:\n--- before\n${text}\n--- after\n${out}`);
  assertCommentsKept(text, out, what);
}

it('mutated real configs: review never throws; fixes and suggestions keep YAML valid and comments intact', () => {
  assert.ok(CORPUS.length >= 10, 'corpus too small');
  const seed = Number(process.env['FC_SEED'] ?? 20261129);
  const numRuns = Number(process.env['FC_RUNS'] ?? 400);
  fc.assert(
    fc.property(fc.nat({ max: CORPUS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (idx, muts) => {
      const { name, text: original } = CORPUS[idx]!;
      const text = muts.reduce(mutate, original);
      const { findings } = reviewUntrusted([{ path: name, text }]);
      const plan = planFixes(findings);
      checkEdits(name, text, [...plan.editsByFile.values()].flat(), 'applying all fixes');
      for (const f of findings) {
        for (const s of f.suggestions ?? []) checkEdits(name, text, s.edits, `suggestion "${s.title}" of ${f.ruleId}`);
      }
    }),
    { seed, numRuns },
  );
});

it('unmutated corpus: the same properties hold for every file as written', () => {
  for (const { name, text } of CORPUS) {
    const { findings } = reviewUntrusted([{ path: name, text }]);
    checkEdits(name, text, [...planFixes(findings).editsByFile.values()].flat(), `${name}: applying all fixes`);
    for (const f of findings) for (const s of f.suggestions ?? []) checkEdits(name, text, s.edits, `${name}: suggestion of ${f.ruleId}`);
  }
});

it('mutated documents in every YAML style (block scalars, flow, anchors, quoted keys, CRLF, BOM): the same properties', () => {
  const seed = Number(process.env['FC_SEED'] ?? 20261129);
  const numRuns = Number(process.env['FC_RUNS'] ?? 300);
  fc.assert(
    fc.property(styleChoice, fc.array(mutation, { minLength: 1, maxLength: 3 }), (style, muts) => {
      const name = 'styled.yaml';
      const text = muts.reduce(mutate, render(style));
      const { findings } = reviewUntrusted([{ path: name, text }]);
      checkEdits(name, text, [...planFixes(findings).editsByFile.values()].flat(), 'applying all fixes');
      for (const f of findings) {
        for (const s of f.suggestions ?? []) checkEdits(name, text, s.edits, `suggestion "${s.title}" of ${f.ruleId}`);
      }
    }),
    { seed, numRuns, includeErrorInReport: true },
  );
});
