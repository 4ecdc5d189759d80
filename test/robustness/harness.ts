/** Runs parse + review on untrusted text and checks the "findings, never exceptions" contract. */
import assert from 'node:assert/strict';
import { parseWorkspace, type SourceFile } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import type { Finding } from '../../shared/rules/finding.ts';

/** Parses and reviews; fails the test if anything throws or a rule crashed (the engine turns that into a finding). */
export function reviewUntrusted(sources: SourceFile[]): { findings: Finding[]; ws: ReturnType<typeof parseWorkspace> } {
  const ws = parseWorkspace(sources);
  const { findings } = review(ws);
  const crashes = findings.filter((f) => f.message.startsWith('Internal error in rule'));
  assert.deepEqual(crashes.map((f) => f.message), [], 'a rule threw on this input');
  for (const f of findings) {
    const text = sources.find((s) => s.path === f.file)?.text;
    assert.ok(text !== undefined, `finding for unknown file ${f.file}`);
    assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${f.ruleId} span ${f.span.start}-${f.span.end} outside ${f.file} (${text.length})`);
  }
  return { findings, ws };
}

export const ids = (findings: readonly Finding[]) => findings.map((f) => f.ruleId);
