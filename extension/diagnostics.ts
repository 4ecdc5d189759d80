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

/**
 * Rules that report an absence across files ("no subscription reads this topic", "target not found"). While only
 * the open documents are known (state.partial), their findings would be false alarms that the scan takes back, so
 * they wait for the scan.
 */
export const WAIT_FOR_SCAN_RULES: ReadonlySet<string> = new Set(['scaler-target-not-found', 'trigger-subscription-not-found', 'dlq-topic-without-subscription']);

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
  /** What each file's diagnostics were built from: a file whose text and findings are unchanged is not re-sent. */
  private published = new Map<string, { text: string; signature: string }>();

  constructor(private readonly model: WorkspaceModel, private readonly settings: () => ExtensionSettings, private readonly docTarget: (ruleId: string, settings: ExtensionSettings) => vscode.Uri) {
    this.subscription = model.onDidUpdate((s) => this.publish(s));
  }

  /**
   * Sends the diagnostics of the files whose text or findings changed since the last call (`all`: every file, after
   * a settings change), so an edit in one file of a large workspace sends one file's diagnostics.
   */
  publish(state: ReviewState, all = false): void {
    const settings = this.settings();
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    const next = new Map<string, { text: string; signature: string }>();
    for (const [file, text] of state.texts) {
      const shown = (state.byFile.get(file) ?? []).filter((f) => !(state.partial && WAIT_FOR_SCAN_RULES.has(f.ruleId)));
      const signature = shown.map((f) => `${f.ruleId}\u0000${effectiveSeverity(f, settings)}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`).join('\u0001');
      next.set(file, { text, signature });
      const before = this.published.get(file);
      if (!all && before && before.text === text && before.signature === signature) continue;
      const pos = this.model.positionsOf(file);
      const list: vscode.Diagnostic[] = [];
      for (const f of shown) {
        const sev = effectiveSeverity(f, settings);
        if (sev === 'off' || !pos) continue;
        list.push(toDiagnostic(f, spanToRange(pos, f.span), sev, this.docTarget(f.ruleId, settings)));
      }
      entries.push([fileUri(file), list]);
    }
    // Files that left the model (deleted, excluded, no longer a pool config) lose their diagnostics; while the scan
    // runs, files not read yet keep theirs.
    for (const [file, before] of this.published) {
      if (next.has(file)) continue;
      if (state.partial) next.set(file, before);
      else this.collection.delete(fileUri(file));
    }
    this.published = next;
    if (entries.length > 0) this.collection.set(entries);
  }

  /** Removes every diagnostic (a reload starts from nothing, as activation does). */
  clear(): void {
    this.collection.clear();
    this.published.clear();
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
