/** Human-readable review output: grouped by file, one line per finding, optional ANSI colour. */
import type { Finding } from '../rules/finding.ts';
import type { PositionMapper } from './format-position.ts';
import { countsLine, summarize } from './summary.ts';

export interface TextOptions {
  color: boolean;
  skippedForMetrics?: string[];
}

const C = { red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function formatText(findings: readonly Finding[], pos: PositionMapper, opts: TextOptions): string {
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${C.reset}` : s);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    lines.push(paint(C.bold, file));
    for (const f of list) {
      const r = pos.region(file, f.span);
      const sev = f.severity === 'error' ? paint(C.red, 'error  ') : f.severity === 'warning' ? paint(C.yellow, 'warning') : paint(C.blue, 'info   ');
      const loc = `${r.start.line}:${r.start.column}`.padEnd(8);
      // Position and rule id first, so a wrapped message never hides which rule spoke (issue 21).
      lines.push(`  ${loc}${sev}  ${paint(C.bold, f.ruleId)}  ${f.message}`);
      if (f.fix) lines.push(`          ${paint(C.dim, `fix (--fix): ${f.fix.title}`)}`);
      for (const s of f.suggestions ?? []) lines.push(`          ${paint(C.dim, `suggestion: ${s.title}`)}`);
    }
    lines.push('');
  }
  const summary = summarize(findings);
  lines.push(findings.length === 0
    ? 'No problems found.'
    : `${countsLine(summary)}${summary.fixable ? `; ${summary.fixable} fixable with --fix` : ''}.`);
  if (opts.skippedForMetrics?.length) {
    lines.push(paint(C.dim, `${opts.skippedForMetrics.length} metric-aware rules not run (no metrics; pass --metrics snapshot.json or --metrics live): ${opts.skippedForMetrics.join(', ')}.`));
  }
  return lines.join('\n') + '\n';
}
