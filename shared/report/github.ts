/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): annotations on the PR diff without
 * uploading SARIF. Escaping follows the Actions toolkit (`@actions/core` command.ts): in the message,
 * `%`, CR and LF; in property values also `:` and `,`.
 */
import type { Finding } from '../rules/finding.ts';
import { docsUrl } from '../rules/types.ts';
import type { PositionMapper } from './format-position.ts';
import { countsLine, summarize } from './summary.ts';

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command's message (the part after `::`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value (`file=`, `title=`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(findings: readonly Finding[], pos: PositionMapper, skippedForMetrics: string[] = []): string {
  const lines = findings.map((f) => {
    const r = pos.region(f.file, f.span);
    const props = [`file=${escapeProperty(f.file)}`, `line=${r.start.line}`];
    // The toolkit: columns "cannot be sent when startLine and endLine are different values".
    if (r.start.line === r.end.line) props.push(`col=${r.start.column}`);
    props.push(`endLine=${r.end.line}`);
    if (r.start.line === r.end.line) props.push(`endColumn=${Math.max(r.end.column, r.start.column)}`);
    props.push(`title=${escapeProperty(f.ruleId)}`);
    const body = [f.message];
    if (f.fix) body.push(`Fix (pool-tuner review --fix): ${f.fix.title}`);
    for (const s of f.suggestions ?? []) body.push(`Suggestion: ${s.title}`);
    body.push(`Docs: ${docsUrl(f.ruleId)}`);
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body.join('\n'))}`;
  });
  const s = summarize(findings);
  lines.push(findings.length === 0 ? 'Pool Tuner: no problems found.' : `Pool Tuner: ${countsLine(s)}${s.fixable ? `; ${s.fixable} fixable with --fix` : ''}.`);
  if (skippedForMetrics.length) lines.push(`Pool Tuner: ${skippedForMetrics.length} metric-aware rules not run (no --metrics): ${skippedForMetrics.join(', ')}.`);
  return lines.join('\n') + '\n';
}
