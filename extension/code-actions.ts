/**
 * Quick fixes and suggestions, matched to diagnostics by rule id and range (never by message text, STYLE.md §9):
 * a finding's `fix` is preferred and bulk-applicable ("fix all" source action); each suggestion is offered on its
 * own, never preferred, with a title that says why the number.
 */
import * as vscode from 'vscode';
import { planFixes, type Finding, type Fix } from '../shared/index.ts';
import { fileKey, spanToRange, toWorkspaceEdit } from './convert.ts';
import { ruleIdOf } from './diagnostics.ts';
import { OPEN_RULE_DOC_COMMAND } from './rule-docs.ts';
import type { WorkspaceModel } from './workspace-model.ts';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('pool-tuner');

/** The command the quick fix on `dead-letters-without-alerting` runs (commands.ts registers it). */
export const GENERATE_ALERTS_COMMAND = 'poolTuner.generateAlerts';
/** Findings whose quick fix is generating the pool's alerts (the dead-letters alert among them). */
const ALERT_RULES = new Set(['dead-letters-without-alerting']);

export class PoolCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly model: WorkspaceModel) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const state = this.model.ensureFresh(doc);
    const findings = state?.byFile.get(fileKey(doc.uri)) ?? [];
    if (findings.length === 0) return [];
    const wants = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.QuickFix)) {
      for (const d of context.diagnostics) {
        const ruleId = ruleIdOf(d);
        if (!ruleId) continue;
        for (const f of findings) {
          if (f.ruleId !== ruleId || !spanToRange(doc, f.span).isEqual(d.range)) continue;
          if (f.fix) actions.push(this.action(f.fix, d, true));
          for (const s of f.suggestions ?? []) actions.push(this.action(s, d, false));
          if (ALERT_RULES.has(f.ruleId) && f.pool) actions.push(generateAlertsAction(f.pool, d));
        }
        const open = new vscode.CodeAction(`Open documentation: ${ruleId}`, vscode.CodeActionKind.QuickFix);
        open.diagnostics = [d];
        open.command = { command: OPEN_RULE_DOC_COMMAND, title: open.title, arguments: [ruleId] };
        actions.push(open);
      }
    }
    const fixAll = this.fixAll(findings);
    if (fixAll && wants(FIX_ALL_KIND)) actions.push(fixAll);
    return actions;
  }

  private action(fix: Fix, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
    const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    a.diagnostics = [diagnostic];
    a.isPreferred = preferred;
    a.edit = toWorkspaceEdit(fix.edits, (f) => this.model.positionsOf(f));
    return a;
  }

  /** Every whole, non-overlapping fix in the file (suggestions are never bulk-applied). */
  private fixAll(findings: readonly Finding[]): vscode.CodeAction | undefined {
    const plan = planFixes(findings);
    if (plan.applied.length === 0) return undefined;
    const n = plan.applied.length;
    const a = new vscode.CodeAction(`Fix all ${n} auto-fixable pool-tuner problem${n === 1 ? '' : 's'}`, FIX_ALL_KIND);
    a.edit = toWorkspaceEdit([...plan.editsByFile.values()].flat(), (f) => this.model.positionsOf(f));
    return a;
  }
}

/** Runs "Generate alerts for this pool" for the finding's pool (it writes files, so it is a command, not an edit). */
function generateAlertsAction(pool: string, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const a = new vscode.CodeAction(`Generate alerts for ${pool} (dead letters, oldest age, backlog, …)`, vscode.CodeActionKind.QuickFix);
  a.diagnostics = [diagnostic];
  a.command = { command: GENERATE_ALERTS_COMMAND, title: a.title, arguments: [pool] };
  return a;
}
