/**
 * Discovers test/fixtures/rules/<id>/ and checks every rule against its fixtures:
 * - `fail.<case>.yaml` must raise the rule; its first line `# expect: L:C[, L:C…]` lists the exact start positions.
 * - `pass.<case>.yaml` must not raise it.
 * - `fail.<case>.fixed.yaml`: applying the rule's fixes (or first suggestion of each finding) reproduces it byte for byte.
 * - `metrics.json` (optional) is a snapshot the rule runs with; `fail.<case>.metrics.json` overrides it for one case.
 * - `<case>.snapshot.json` (or `snapshot.json`): a whole metrics snapshot (per-minute series), used instead.
 * - `records.json` (or `<case>.records.json`): applied proposal records (an array) the rule compares against.
 * Each fixture file is a workspace of its own (multi-document YAML). Adding a rule needs no new test code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { RULES } from '../../shared/rules/index.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { lineStarts, toLineCol } from '../../shared/config/span.ts';
import { fixtureMetrics } from './fixture-metrics.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { ProposalRecordSchema } from '../../shared/verify/schema.ts';

const ROOT = 'test/fixtures/rules';

function runRule(ruleId: string, file: string, text: string, dir: string) {
  const rule = RULES.find((r) => r.meta.id === ruleId)!;
  const fileName = file.split('/').pop()!;
  const ws = parseWorkspace([{ path: fileName.startsWith('pool-tuner') ? 'pool-tuner.yaml' : fileName, text }]);
  const metricsFile = [file.replace(/\.yaml$/, '.metrics.json'), join(dir, 'metrics.json')].find((f) => existsSync(f));
  const snapshotFile = [file.replace(/\.yaml$/, '.snapshot.json'), join(dir, 'snapshot.json')].find((f) => existsSync(f));
  const metrics = snapshotFile
    ? snapshotViewFromText(readFileSync(snapshotFile, 'utf8'), snapshotFile, ws)
    : metricsFile ? fixtureMetrics(readFileSync(metricsFile, 'utf8'), ws) : undefined;
  const recordsFile = [file.replace(/\.yaml$/, '.records.json'), join(dir, 'records.json')].find((f) => existsSync(f));
  const records = recordsFile ? ProposalRecordSchema.array().parse(JSON.parse(readFileSync(recordsFile, 'utf8'))) : undefined;
  return review(ws, { rules: [rule], metrics, records }).findings;
}

for (const rule of RULES) {
  const dir = join(ROOT, rule.meta.id);
  if (!existsSync(dir)) continue;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml')).sort();
  describe(`rule ${rule.meta.id}`, () => {
    for (const name of files) {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      if (name.startsWith('pass.')) {
        it(`${name} raises nothing`, () => {
          const findings = runRule(rule.meta.id, path, text, dir);
          assert.deepEqual(findings.map((f) => f.message), []);
        });
      } else if (name.startsWith('fail.')) {
        it(`${name} raises ${rule.meta.id} at the expected positions`, () => {
          const findings = runRule(rule.meta.id, path, text, dir);
          const m = /^# expect: (.+)$/m.exec(text.split('\n')[0] ?? '');
          assert.ok(m, `${path}: first line must be "# expect: L:C[, L:C…]"`);
          const expected = m[1]!.split(',').map((s) => s.trim());
          const starts = lineStarts(text);
          const actual = findings.map((f) => {
            const p = toLineCol(starts, f.span.start);
            return `${p.line}:${p.column}`;
          });
          assert.deepEqual(actual, expected);
          for (const f of findings) assert.equal(f.ruleId, rule.meta.id);
        });
        const fixedPath = path.replace(/\.yaml$/, '.fixed.yaml');
        if (existsSync(fixedPath)) {
          it(`${name} fixed equals ${fixedPath.split('/').pop()}`, () => {
            const findings = runRule(rule.meta.id, path, text, dir);
            const edits = findings.flatMap((f) => f.fix?.edits ?? f.suggestions?.[0]?.edits ?? []);
            assert.ok(edits.length > 0, 'the rule offered no edit');
            assert.equal(applyEdits(text, edits), readFileSync(fixedPath, 'utf8'));
          });
        }
      }
    }
  });
}
