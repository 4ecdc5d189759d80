/** Runs the registered rules over a workspace and returns findings sorted by file and position. */
import type { Workspace } from '../config/workspace.ts';
import { yamlDocOf } from '../config/workspace.ts';
import { spanAt } from '../config/yaml-source.ts';
import { removeKeyEdit, setTreeEdits, setValueEdit } from '../config/yaml-edit.ts';
import { overlapsPlaceholder } from '../config/templates.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { Finding } from './finding.ts';
import type { Rule, RuleContext } from './types.ts';
import { RULES } from './index.ts';

export interface ReviewOptions {
  metrics?: MetricsView;
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
  const skippedForMetrics: string[] = [];
  for (const rule of rules) {
    const override = overrides[rule.meta.id];
    if (override === 'off') continue;
    if (rule.meta.needs === 'metrics' && !options.metrics) {
      skippedForMetrics.push(rule.meta.id);
      continue;
    }
    const ctx = makeContext(ws, options.metrics, (raw) => {
      findings.push({ ...raw, ruleId: rule.meta.id, severity: override ?? raw.severity ?? rule.meta.defaultSeverity });
    });
    try {
      rule.check(ctx);
    } catch (err) {
      // A rule bug must not hide the other findings; report it where the user can see it.
      const message = err instanceof Error ? err.message : String(err);
      findings.push({ ruleId: rule.meta.id, severity: 'error', message: `Internal error in rule ${rule.meta.id}: ${message}`, file: [...ws.files.keys()][0] ?? '', span: { start: 0, end: 0 } });
    }
  }
  // A placeholder's value is unknown: nothing found on it is a finding (the file's template note says so).
  const kept = findings.filter((f) => {
    const t = ws.templates.get(f.file);
    return !t || f.ruleId === 'yaml-syntax' || !overlapsPlaceholder(t.placeholders, f.span);
  });
  findings.length = 0;
  findings.push(...kept);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { findings, skippedForMetrics };
}

export function makeContext(ws: Workspace, metrics: MetricsView | undefined, report: RuleContext['report']): RuleContext {
  return {
    ws,
    metrics,
    report,
    pools: ws.pools,
    span(at, path, prefer) {
      const d = yamlDocOf(ws, at.ref);
      return d ? spanAt(d.ydoc, path, prefer) : { start: 0, end: 0 };
    },
    setEdit(at, path, value) {
      const d = yamlDocOf(ws, at.ref);
      return d ? setValueEdit(d.file, d.ydoc, path, value) : undefined;
    },
    treeEdits(at, path, tree) {
      const d = yamlDocOf(ws, at.ref);
      return d ? setTreeEdits(d.file, d.ydoc, path, tree) : undefined;
    },
    removeEdit(at, path) {
      const d = yamlDocOf(ws, at.ref);
      return d ? removeKeyEdit(d.file, d.ydoc, path) : undefined;
    },
  };
}
