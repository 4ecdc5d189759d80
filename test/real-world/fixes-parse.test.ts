/**
 * Every edit Pool Tuner offers on the golden public corpus (issue 23) leaves a file that still parses and no longer
 * raises what it fixed: each finding's fix and each of its suggestions is applied on its own, and `--fix`'s whole plan
 * (planFixes) once per folder. Terraform is re-read with HashiCorp's own HCL parser (@cdktf/hcl2json, the Go
 * hashicorp/hcl compiled to wasm) as well as the product's; YAML with the product's parser (templates masked as the
 * review masks them). The fixed file is then reviewed again: the finding it fixed is gone.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, type SourceFile } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { applyEdits, type TextEdit } from '../../shared/config/edits.ts';
import { planFixes } from '../../shared/report/fix-plan.ts';
import type { Finding } from '../../shared/rules/finding.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { CORPUS } from './yaml-corpus.ts';
import { TF_ROOT } from './score.ts';
import { configFiles, parser } from '../terraform/load.ts';

interface Folder { name: string; sources: SourceFile[] }

async function folders(): Promise<Folder[]> {
  const yaml = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const out: Folder[] = [];
  for (const repo of yaml) out.push({ name: repo, sources: (await loadSources([join(CORPUS, repo)])).sources });
  out.push({ name: 'terraform', sources: configFiles(TF_ROOT).map((p) => ({ path: p, text: readFileSync(p, 'utf8') })) });
  return out;
}

function applyTo(sources: SourceFile[], edits: readonly TextEdit[]): { sources: SourceFile[]; changed: string[] } {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const next = sources.map((s) => (byFile.has(s.path) ? { path: s.path, text: applyEdits(s.text, byFile.get(s.path)!) } : s));
  const unknown = [...byFile.keys()].filter((f) => !sources.some((s) => s.path === f));
  // An edit creating a file is not offered today; if one appears, it is parsed like the others.
  for (const f of unknown) next.push({ path: f, text: applyEdits('', byFile.get(f)!) });
  return { sources: next, changed: [...byFile.keys()] };
}

/** The file parses: Terraform with HashiCorp's HCL parser and the product's; YAML with no syntax error. */
async function assertParses(label: string, sources: SourceFile[], changed: string[], hcl: HclParser): Promise<void> {
  const ws = parseWorkspace(sources, { hcl });
  for (const file of changed) {
    const text = sources.find((s) => s.path === file)!.text;
    if (file.endsWith('.tf')) {
      await assert.doesNotReject(parseHcl(file, text), `${label}: ${file} no longer parses with hashicorp/hcl`);
      assert.ok(!hcl.parse(text).error, `${label}: ${file} has a syntax error for tree-sitter-hcl`);
    }
    const broken = ws.problems.filter((p) => p.file === file && p.ruleId === 'yaml-syntax' && p.severity !== 'info');
    assert.deepEqual(broken.map((p) => p.message), [], `${label}: ${file} no longer parses`);
  }
}

const key = (f: Finding) => `${f.file} ${f.ruleId}: ${f.message}`;

describe('every edit on the golden corpus still parses and removes its finding', () => {
  let hcl: HclParser;
  let all: Folder[];
  before(async () => {
    hcl = await parser();
    all = await folders();
  });

  it('each fix and each suggestion, one at a time', async () => {
    let applied = 0;
    const perRule = new Map<string, number>();
    for (const folder of all) {
      const findings = review(parseWorkspace(folder.sources, { hcl })).findings;
      for (const f of findings) {
        const options = [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])];
        for (const o of options) {
          const label = `${folder.name}: ${f.ruleId} "${o.title}"`;
          const { sources, changed } = applyTo(folder.sources, o.edits);
          await assertParses(label, sources, changed, hcl);
          const after = review(parseWorkspace(sources, { hcl })).findings.map(key);
          assert.ok(!after.includes(key(f)), `${label}: the finding is still raised after the edit`);
          applied++;
          perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
        }
      }
    }
    process.stdout.write(`# ${applied} edits applied and re-read: ${[...perRule].map(([r, n]) => `${r} ${n}`).join(', ')}\n`);
    assert.ok(applied >= 20, `${applied} edits`);
    assert.ok(perRule.has('no-dead-letter-policy') && perRule.has('no-retry-policy'), [...perRule.keys()].join());
  });

  it('--fix (the whole plan, every run until nothing is left) parses, and its findings are gone', async () => {
    for (const folder of all) {
      let sources = folder.sources;
      for (let run = 0; run < 5; run++) {
        const findings = review(parseWorkspace(sources, { hcl })).findings;
        const plan = planFixes(findings);
        if (plan.applied.length === 0) break;
        const next = applyTo(sources, [...plan.editsByFile.values()].flat());
        await assertParses(`${folder.name} --fix run ${run + 1}`, next.sources, next.changed, hcl);
        const after = review(parseWorkspace(next.sources, { hcl })).findings.map(key);
        for (const f of plan.applied) assert.ok(!after.includes(key(f)), `${folder.name}: ${key(f)} still raised after --fix`);
        sources = next.sources;
      }
    }
  });
});
