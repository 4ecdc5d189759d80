/**
 * Edits are exact on every YAML style. Over generated workspaces (test/robustness/yaml-styles.ts: block scalars with
 * chomping and indentation indicators, flow collections, anchors and aliases, quoted keys, comments between items,
 * CRLF, BOM), applying all fixes, and each suggestion alone, must give text that
 * - parses without errors,
 * - changes only what the edits target: every scalar whose source the edits do not touch reads back the same at the
 *   same path, and every sequence keeps its length (compare the parsed trees),
 * - keeps every comment (the lexer's comment tokens, as a multiset),
 * - keeps the file's line ends (no LF lines in a CRLF file) and its BOM.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isScalar, isSeq, Lexer, parseAllDocuments, visit, type Node } from 'yaml';
import { applyEdits, type TextEdit } from '../../shared/config/edits.ts';
import { planFixes } from '../../shared/report/fix-plan.ts';
import { reviewUntrusted } from './harness.ts';
import { render, styleChoice } from './yaml-styles.ts';

const FILE = 'pool.yaml';

function comments(text: string): string[] {
  return [...new Lexer().lex(text)].filter((t) => t.startsWith('#')).map((t) => t.trimEnd()).sort();
}

type Leaf = { path: (string | number)[]; range: [number, number]; value: unknown };

/** Scalar leaves (with their resolved value) and sequence lengths of every document, by path. */
function shape(text: string): { leaves: Leaf[]; seqs: Map<string, number>; js: unknown[] } {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs));
  const leaves: Leaf[] = [];
  const seqs = new Map<string, number>();
  docs.forEach((doc, d) => {
    assert.deepEqual(doc.errors.map((e) => e.message), [], 'the result does not parse');
    visit(doc, {
      Scalar(_k, node, path) {
        const keys = pathOf(path as readonly unknown[], node);
        if (keys && node.range) leaves.push({ path: [d, ...keys], range: [node.range[0], node.range[1]], value: node.value });
      },
      Alias(_k, node, path) {
        const keys = pathOf(path as readonly unknown[], node);
        const target = node.resolve(doc);
        if (keys && node.range && isScalar(target)) leaves.push({ path: [d, ...keys], range: [node.range[0], node.range[1]], value: target.value });
      },
      Seq(_k, node, path) {
        const keys = pathOf(path as readonly unknown[], node);
        if (keys) seqs.set(JSON.stringify([d, ...keys]), node.items.length);
      },
    });
  });
  return { leaves, seqs, js: docs.map((doc) => doc.toJS()) };
}

/** The key path of a value node, or undefined for keys themselves. */
function pathOf(ancestors: readonly unknown[], node: Node): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const chain = [...ancestors, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1] as { items?: unknown[]; key?: unknown; value?: unknown };
    const child = chain[i];
    if (isSeq(parent as Node)) out.push((parent.items ?? []).indexOf(child));
    else if (parent && typeof parent === 'object' && 'key' in parent && 'value' in parent) {
      if (parent.key === child) return undefined;
      out.push(String((parent.key as { value?: unknown })?.value ?? parent.key));
    }
  }
  return out;
}

function getIn(js: unknown[], path: (string | number)[]): unknown {
  let v: unknown = js;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function check(text: string, edits: TextEdit[], what: string): void {
  if (edits.length === 0) return;
  const out = applyEdits(text, edits);
  const ctx = `${what}\n--- before\n${text}\n--- after\n${out}`;
  let after: ReturnType<typeof shape>;
  try {
    after = shape(out);
  } catch (err) {
    assert.fail(`${ctx}\n${err instanceof Error ? err.message : String(err)}`);
  }
  const before = shape(text);
  const touched = (r: [number, number]) => edits.some((e) => e.span.start < r[1] && r[0] < e.span.end || (e.span.start === e.span.end && e.span.start > r[0] && e.span.start < r[1]));
  for (const leaf of before.leaves) {
    if (touched(leaf.range)) continue;
    // An alias reads its anchor's value: the anchor's source must be untouched too.
    assert.deepEqual(getIn(after.js, leaf.path), getIn(before.js, leaf.path), `${ctx}\nuntargeted value at ${JSON.stringify(leaf.path)} changed`);
  }
  for (const [p, n] of before.seqs) assert.equal(after.seqs.get(p), n, `${ctx}\nsequence ${p} changed length`);
  const left = comments(out);
  for (const cmt of comments(text)) {
    const i = left.indexOf(cmt);
    assert.ok(i >= 0, `${ctx}\ndropped the comment ${cmt}`);
    left.splice(i, 1);
  }
  if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(out), `${ctx}\nLF line end written into a CRLF file`);
  assert.equal(out.startsWith('\uFEFF'), text.startsWith('\uFEFF'), `${ctx}\nBOM changed`);
}

it('fixes and suggestions are exact on every YAML style (parse, only targeted paths change, comments kept)', () => {
  const seed = Number(process.env['FC_SEED'] ?? 20261129);
  const numRuns = Number(process.env['FC_RUNS'] ?? 300);
  let suggestionsSeen = 0;
  fc.assert(
    fc.property(styleChoice, (s) => {
      const text = render(s);
      const { findings } = reviewUntrusted([{ path: FILE, text }]);
      assert.ok(findings.some((f) => f.ruleId === 'secret-in-plain-env-var'), `the plain secret was not found:\n${text}`);
      check(text, [...planFixes(findings).editsByFile.values()].flat(), 'applying all fixes');
      for (const f of findings) {
        for (const sg of f.suggestions ?? []) {
          suggestionsSeen++;
          check(text, sg.edits, `suggestion "${sg.title}" of ${f.ruleId}`);
        }
      }
    }),
    { seed, numRuns, includeErrorInReport: true },
  );
  assert.ok(suggestionsSeen > numRuns, 'too few suggestions exercised');
});
