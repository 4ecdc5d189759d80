/** Status bar item: which metrics source feeds hovers, CodeLens and metric rules (snapshot / live / none). */
import * as vscode from 'vscode';
import type { MetricsStatus } from './metrics.ts';
import { statusPresentation } from './status-text.ts';

export const SELECT_SOURCE_COMMAND = 'poolTuner.selectMetricsSource';

export class MetricsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('poolTuner.metricsSource', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Pool Tuner metrics source';
    this.item.command = SELECT_SOURCE_COMMAND;
  }

  show(status: MetricsStatus, poolFiles: number): void {
    const p = statusPresentation(status, poolFiles);
    if (!p.visible) {
      this.item.hide();
      return;
    }
    this.item.text = p.text;
    this.item.tooltip = new vscode.MarkdownString(p.tooltip);
    this.item.backgroundColor = p.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Current text (for tests and logs). */
  get text(): string {
    return this.item.text;
  }

  /** Current tooltip (Markdown) and warning state (for tests). */
  get tooltip(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : t?.value ?? '';
  }

  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
