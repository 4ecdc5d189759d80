/** Counts shared by every output format, so the text, JSON, Markdown and GitHub summaries agree. */
import type { Finding } from '../rules/finding.ts';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings with a meaning-preserving fix (`--fix` applies these). */
  fixable: number;
  /** Findings with at least one behaviour-changing suggestion. */
  withSuggestions: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, infos: 0, fixable: 0, withSuggestions: 0 };
  for (const f of findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.infos++;
    if (f.fix) s.fixable++;
    if (f.suggestions?.length) s.withSuggestions++;
  }
  return s;
}

/** "3 problems (2 errors, 1 warning, 0 info)" with correct plurals. */
export function countsLine(s: Summary): string {
  const total = s.errors + s.warnings + s.infos;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${plural(total, 'problem', 'problems')} (${plural(s.errors, 'error', 'errors')}, ${plural(s.warnings, 'warning', 'warnings')}, ${s.infos} info)`;
}
