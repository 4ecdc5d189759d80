/**
 * Findings → diagnostics, for every pool file in the workspace (open or not). `source: 'pool-tuner'`,
 * `code: { value: ruleId, target: the rule's doc }` (bundled or web, rule-docs.ts); `poolTuner.rules.severity` overrides apply on top of the
 * severities the engine already resolved from pool-tuner.yaml.
 */
import { editorRedactor } from './redact.ts';
import * as vscode from 'vscode';
import type { Finding } from '../shared/index.ts';
import { fileUri, spanToRange, toDiagnosticSeverity, type EditorSeverity } from './convert.ts';
import type { ExtensionSettings } from './settings.ts';
import type { ReviewState, WorkspaceModel } from './workspace-model.ts';

export const DIAGNOSTIC_SOURCE = 'pool-tuner';

/** The rule id behind a pool-tuner diagnostic, or undefined for anyone else's. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return typeof code === 'string' ? code : undefined;
}

export function effectiveSeverity(f: Finding, settings: ExtensionSettings): EditorSeverity | 'off' {
  return settings.severity[f.ruleId] ?? f.severity;
}

/** `docTarget`: where the rule id links to (rule-docs.ts: the bundled page or the web). */
export function toDiagnostic(f: Finding, range: vscode.Range, severity: EditorSeverity, docTarget: vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, editorRedactor.text(f.message), toDiagnosticSeverity(severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.ruleId, target: docTarget };
  return d;
}

export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly subscription: vscode.Disposable;
  private published = new Set<string>();

  constructor(private readonly model: WorkspaceModel, private readonly settings: () => ExtensionSettings, private readonly docTarget: (ruleId: string, settings: ExtensionSettings) => vscode.Uri) {
    this.subscription = model.onDidUpdate((s) => this.publish(s));
  }

  publish(state: ReviewState): void {
    const settings = this.settings();
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const file of state.texts.keys()) {
      const pos = this.model.positionsOf(file);
      const list: vscode.Diagnostic[] = [];
      for (const f of state.byFile.get(file) ?? []) {
        const sev = effectiveSeverity(f, settings);
        if (sev === 'off' || !pos) continue;
        list.push(toDiagnostic(f, spanToRange(pos, f.span), sev, this.docTarget(f.ruleId, settings)));
      }
      entries.push([fileUri(file), list]);
    }
    // Files that left the model (deleted, excluded, no longer a pool config) lose their diagnostics.
    const now = new Set(state.texts.keys());
    for (const file of this.published) if (!now.has(file)) this.collection.delete(fileUri(file));
    this.published = now;
    this.collection.set(entries);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
