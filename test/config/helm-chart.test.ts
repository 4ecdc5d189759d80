/**
 * A Helm chart (issue 21): placeholder masks never reach an output, no edit writes inside or over a placeholder, and a
 * subscription whose spec is `merge … | toYaml` from values gets no "no dead-letter policy" (unknown, not absent).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { applyEdits, type TextEdit } from '../../shared/config/edits.ts';
import { tune } from '../../shared/tune/tune.ts';
import { formatText } from '../../shared/report/text.ts';
import { formatSarif } from '../../shared/report/sarif.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';
import { RULES } from '../../shared/rules/index.ts';
import { formatTuneText } from '../../shared/tune/render.ts';
import { poolSummary, figuresLensTitle } from '../../extension/lens-text.ts';
import { connect, textOf } from '../mcp/harness.ts';

const CHART = path.resolve('test/fixtures/helm');
const files = readdirSync(path.join(CHART, 'templates')).map((f) => {
  const p = path.join('test/fixtures/helm/templates', f);
  return { path: p, text: readFileSync(p, 'utf8') };
});
/** The stand-in shape `maskTemplates` writes: `z`, a base-26 id, `x` padding. */
const MASK = /\bz[a-y]{0,3}x{4,}/;
const ws = () => parseWorkspace(files);

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{-?[\s\S]*?-?\}\}/g)].map((m) => m[0]);
}

/** Every edit keeps every placeholder of the file it edits, byte for byte. */
function assertPlaceholdersKept(edits: readonly TextEdit[]): void {
  for (const file of new Set(edits.map((e) => e.file))) {
    const list = edits.filter((e) => e.file === file);
    const before = files.find((f) => f.path === file)!.text;
    assert.deepEqual(placeholdersOf(applyEdits(before, list)), placeholdersOf(before), `an edit of ${file} changed a placeholder`);
  }
}

describe('Helm chart', () => {
  it('review: names read as written ({{ .Release.Name }}), never masks, in text, JSON and SARIF', () => {
    const w = ws();
    const { findings } = review(w);
    const pos = new PositionMapper((f) => w.files.get(f)?.text);
    for (const out of [JSON.stringify(findings), formatText(findings, pos, { color: false }), formatSarif(findings, pos, { toolVersion: '0', rules: RULES })]) assert.doesNotMatch(out, MASK);
    const keda = findings.find((f) => f.ruleId === 'keda-gcp-pubsub-deprecated')!;
    assert.equal(keda.data?.['scaler'], '{{ .Release.Name }}-keda-pubsub-scaler');
    assert.equal(keda.pool, '{{ .Release.Name }}-worker');
  });

  it('the KEDA→Prometheus migration, which would rewrite the placeholders, is withheld and says so', () => {
    const keda = review(ws()).findings.find((f) => f.ruleId === 'keda-gcp-pubsub-deprecated')!;
    assert.equal(keda.suggestions, undefined);
    assert.match(keda.message, /No edit offered: it would write over a template placeholder/);
  });

  it('no fix or suggestion of any finding touches a placeholder', () => {
    const { findings } = review(ws());
    const edits = findings.flatMap((f) => [...(f.fix?.edits ?? []), ...(f.suggestions ?? []).flatMap((s) => s.edits)]);
    // A fix beside the placeholders (subscriptionSize → value, on plain lines) is still offered.
    assert.ok(findings.find((f) => f.ruleId === 'keda-subscription-size-deprecated')?.fix, 'the plain-line fix was withheld');
    assertPlaceholdersKept(edits);
  });

  it('a spec from `merge … | toYaml`: no "no dead-letter/retry policy", withheld with a note naming them', () => {
    const { findings } = review(ws());
    assert.deepEqual(findings.filter((f) => f.ruleId === 'no-dead-letter-policy' || f.ruleId === 'no-retry-policy'), []);
    const note = findings.find((f) => f.ruleId === 'yaml-syntax' && f.file.endsWith('subscription.yaml'))!;
    assert.match(note.message, /Withheld, unknown rather than absent \(keys come from `\{\{- merge \.Values\.subscription\.spec.*`\): no-dead-letter-policy, no-retry-policy\./);
  });

  it('the same subscription written out is still reviewed (the note is about the spread, not the chart)', () => {
    const plain = files.map((f) => f.path.endsWith('subscription.yaml') ? { ...f, text: f.text.replace(/ {2}\{\{- merge.*\n/, '') } : f);
    const rules = review(parseWorkspace(plain)).findings.map((f) => f.ruleId);
    assert.ok(rules.includes('no-dead-letter-policy') && rules.includes('no-retry-policy'), rules.join());
  });

  it('tune: no masks in text or JSON, no policy guessed for the templated spec, no edit over a placeholder', () => {
    const w = ws();
    const result = tune(w);
    const text = formatTuneText(result);
    assert.doesNotMatch(JSON.stringify(result), MASK);
    assert.doesNotMatch(text, MASK);
    const p = result.pools[0]!;
    assert.equal(p.pool, '{{ .Release.Name }}-worker');
    assert.equal(p.recommended.deadLetterTopic, undefined);
    assert.ok(p.warnings.some((x) => /spec comes from `\{\{- merge/.test(x)), p.warnings.join('\n'));
    assertPlaceholdersKept(p.edits);
  });

  it('editor CodeLens title and MCP tools show the placeholder text, never a mask', async () => {
    const w = ws();
    const pool = w.pools[0]!;
    assert.doesNotMatch(figuresLensTitle(pool.name, poolSummary(pool.name, undefined, undefined, undefined)), MASK);
    const c = await connect({ roots: [CHART] });
    try {
      const list = await c.call('list_pools', { path: CHART });
      assert.ok(JSON.stringify(list.structuredContent).includes('{{ .Release.Name }}-worker'));
      for (const r of [list, await c.call('analyze_pool', { path: CHART }), await c.call('propose_dlq', { path: CHART, pool: pool.name })]) {
        assert.doesNotMatch(JSON.stringify(r.structuredContent ?? {}) + textOf(r), MASK);
      }
    } finally {
      await c.close();
    }
  });
});
