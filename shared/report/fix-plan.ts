/**
 * Which fixes `--fix` applies in one pass. A fix is taken whole or not at all: when any of its edits overlaps
 * an edit already taken, the whole fix waits for the next run (which re-parses and re-reviews), so no fix is
 * ever half-applied. Only `fix` (meaning-preserving) is considered; suggestions are never bulk-applied.
 */
import type { TextEdit } from '../config/edits.ts';
import type { Finding } from '../rules/finding.ts';
import type { PositionMapper } from './format-position.ts';

export interface FixPlan {
  /** Edits to apply, per file. */
  editsByFile: Map<string, TextEdit[]>;
  /** Findings whose fix is in the plan, in review order. */
  applied: Finding[];
  /** Findings whose fix overlaps one already planned (applied on a later run). */
  deferred: Finding[];
}

export function planFixes(findings: readonly Finding[]): FixPlan {
  const plan: FixPlan = { editsByFile: new Map(), applied: [], deferred: [] };
  for (const f of findings) {
    const edits = f.fix?.edits ?? [];
    if (edits.length === 0) continue;
    const clashes = edits.some((e, i) =>
      (plan.editsByFile.get(e.file) ?? []).some((o) => overlaps(e, o))
      || edits.slice(0, i).some((o) => o.file === e.file && overlaps(e, o)));
    if (clashes) {
      plan.deferred.push(f);
      continue;
    }
    for (const e of edits) plan.editsByFile.set(e.file, [...(plan.editsByFile.get(e.file) ?? []), e]);
    plan.applied.push(f);
  }
  return plan;
}

/** Two edits clash when their spans intersect, or both insert at the same offset (order would be ambiguous). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** One stderr line per applied fix: `file:line:col rule-id: title`, plus a note for deferred ones. */
export function describeFixPlan(plan: FixPlan, pos: PositionMapper): string[] {
  const lines = plan.applied.map((f) => {
    const r = pos.region(f.file, f.span);
    return `fixed ${f.file}:${r.start.line}:${r.start.column} ${f.ruleId}: ${f.fix!.title}`;
  });
  if (plan.deferred.length) {
    const one = plan.deferred.length === 1;
    lines.push(`${plan.deferred.length} more ${one ? 'fix overlaps' : 'fixes overlap'} the ones applied; run --fix again to apply ${one ? 'it' : 'them'}.`);
  }
  return lines;
}
