/** Status bar item: which metrics source feeds hovers, CodeLens and metric rules (snapshot / live / none). */
import * as vscode from 'vscode';
import type { MetricsStatus } from './metrics.ts';

export const SELECT_SOURCE_COMMAND = 'poolTuner.selectMetricsSource';

export class MetricsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('poolTuner.metricsSource', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Pool Tuner metrics source';
    this.item.command = SELECT_SOURCE_COMMAND;
  }

  show(status: MetricsStatus, poolFiles: number): void {
    if (poolFiles === 0) {
      this.item.hide();
      return;
    }
    const icon = status.kind === 'none' ? '$(circle-slash)' : status.error ? '$(warning)' : '$(pulse)';
    this.item.text = `${icon} Pool Tuner: ${status.label}`;
    this.item.tooltip = new vscode.MarkdownString(`${status.detail}\n\n${poolFiles} pool config file${poolFiles === 1 ? '' : 's'} · click to choose the metrics source`);
    this.item.backgroundColor = status.error ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Current text (for tests and logs). */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
