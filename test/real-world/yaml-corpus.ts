/** Reviews the real-world YAML corpus as its users would: one `review` per repository folder. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { lineStarts, toLineCol } from '../../shared/config/span.ts';

export const CORPUS = 'test/fixtures/real-world/yaml';
export const GOLDEN = 'test/fixtures/real-world/yaml-findings.golden.json';

export interface CorpusFinding {
  file: string;
  at: string;
  ruleId: string;
  severity: string;
  message: string;
}

export async function reviewCorpus(): Promise<CorpusFinding[]> {
  const out: CorpusFinding[] = [];
  for (const repo of readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const { sources } = await loadSources([join(CORPUS, repo)]);
    const ws = parseWorkspace(sources);
    for (const f of review(ws).findings) {
      const text = ws.files.get(f.file)?.text ?? '';
      const p = toLineCol(lineStarts(text), f.span.start);
      out.push({ file: f.file.slice(CORPUS.length + 1), at: `${p.line}:${p.column}`, ruleId: f.ruleId, severity: f.severity, message: f.message });
    }
  }
  return out;
}
