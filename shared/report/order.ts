/**
 * The one order findings are shown in, in every output (CLI text, JSON, Markdown, SARIF, GitHub, the Action, MCP):
 * most severe first (error, warning, info), and within a severity the engine's order (file, position, rule id).
 */
import type { Finding } from '../rules/finding.ts';

const RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** A new array, most severe first; stable, so equal severities keep their file and position order. */
export function bySeverity<F extends Pick<Finding, 'severity'>>(findings: readonly F[]): F[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
