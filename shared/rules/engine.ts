/** Runs the registered rules over a workspace and returns findings sorted by file and position. */
import { withFileLineEnds, type TextEdit } from '../config/edits.ts';
import type { Workspace } from '../config/workspace.ts';
import { docOf } from '../config/workspace.ts';
import { withhold } from './lib/withheld.ts';
import { guardTemplates } from './lib/template-guard.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { Finding } from './finding.ts';
import type { Rule, RuleContext } from './types.ts';
import type { ProposalRecord } from '../verify/schema.ts';
import { RULES } from './index.ts';

export interface ReviewOptions {
  metrics?: MetricsView;
  /** Applied proposal records (read by the front from .pool-tuner/proposals/); metric rules compare against them. */
  records?: readonly ProposalRecord[];
  rules?: readonly Rule[];
}

export interface ReviewResult {
  findings: Finding[];
  /** Rules that need metrics and were skipped because none were given. */
  skippedForMetrics: string[];
}

export function review(ws: Workspace, options: ReviewOptions = {}): ReviewResult {
  const rules = options.rules ?? RULES;
  const overrides = ws.settings?.settings.rules ?? {};
  const findings: Finding[] = [];
  const crlf = new Map<string, boolean>();
  const usesCrlf = (file: string): boolean => {
    let v = crlf.get(file);
    if (v === undefined) crlf.set(file, (v = /\r\n/.test(ws.files.get(file)?.text.slice(0, 65536) ?? '')));
    return v;
  };
  const skippedForMetrics: string[] = [];
  for (const rule of rules) {
    const override = overrides[rule.meta.id];
    if (override === 'off') continue;
    if (rule.meta.needs === 'metrics' && !options.metrics) {
      skippedForMetrics.push(rule.meta.id);
      continue;
    }
    const ctx = makeContext(ws, options.metrics, (raw) => {
      const eol = (f: { title: string; edits: TextEdit[] }) => ({ ...f, edits: withFileLineEnds(f.edits, usesCrlf) });
      findings.push({
        ...raw, ruleId: rule.meta.id, severity: override ?? raw.severity ?? rule.meta.defaultSeverity,
        ...(raw.fix ? { fix: eol(raw.fix) } : {}), ...(raw.suggestions ? { suggestions: raw.suggestions.map(eol) } : {}),
      });
    }, options.records);
    try {
      rule.check(ctx);
    } catch (err) {
      // A rule bug must not hide the other findings; report it where the user can see it.
      const message = err instanceof Error ? err.message : String(err);
      findings.push({ ruleId: rule.meta.id, severity: 'error', message: `Internal error in rule ${rule.meta.id}: ${message}`, file: [...ws.files.keys()][0] ?? '', span: { start: 0, end: 0 } });
    }
  }
  // A placeholder's value is unknown: nothing found on it is a finding, and no edit writes over it (lib/template-guard.ts).
  const kept = guardTemplates(ws, withhold(ws, findings));
  kept.sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: kept, skippedForMetrics };
}

export function makeContext(ws: Workspace, metrics: MetricsView | undefined, report: RuleContext['report'], records?: readonly ProposalRecord[]): RuleContext {
  return {
    ws,
    metrics,
    ...(records ? { records } : {}),
    report,
    pools: ws.pools,
    span(at, path, prefer) {
      return docOf(ws, at.ref)?.span(path, prefer) ?? { start: 0, end: 0 };
    },
    setEdit(at, path, value) {
      return docOf(ws, at.ref)?.setEdit(path, value);
    },
    treeEdits(at, path, tree) {
      return docOf(ws, at.ref)?.treeEdits(path, tree);
    },
    removeEdit(at, path) {
      return docOf(ws, at.ref)?.removeEdit(path);
    },
  };
}
