/**
 * The metrics source behind hovers, CodeLens, metric rules and tuning: a snapshot file (watched; reloaded on
 * change), live Cloud Monitoring (client loaded lazily, only when chosen), or none. Failures become a status
 * with the reason (shown in the status bar and the output channel), never an exception in a provider.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MetricsView, Workspace } from '../shared/index.ts';
import { errorText, type Log } from './log.ts';
import { snapshotView } from './metrics-core.ts';
import type { ExtensionSettings } from './settings.ts';

export interface MetricsStatus {
  kind: 'snapshot' | 'live' | 'none';
  label: string;
  detail: string;
  error?: string;
}

export class MetricsSource implements vscode.Disposable {
  private view: MetricsView | undefined;
  private snapshotText: string | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the view or the status changed. */
  readonly onDidChange = this.changed.event;
  status: MetricsStatus = { kind: 'none', label: 'no metrics', detail: 'No metrics source selected.' };

  constructor(private readonly log: Log) {}

  current(): MetricsView | undefined {
    return this.view;
  }

  /** Absolute path of the snapshot the settings point at (relative paths: first workspace folder). */
  static snapshotUri(settings: ExtensionSettings): vscode.Uri | undefined {
    if (path.isAbsolute(settings.snapshotPath)) return vscode.Uri.file(settings.snapshotPath);
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, settings.snapshotPath) : undefined;
  }

  /** Re-reads the source named by the settings. */
  async configure(settings: ExtensionSettings): Promise<void> {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.view = undefined;
    this.snapshotText = undefined;
    if (settings.metricsSource === 'off') {
      this.set({ kind: 'none', label: 'no metrics', detail: 'Metrics are off (poolTuner.metrics.source).' });
      return;
    }
    if (settings.metricsSource === 'cloudMonitoring') {
      const project = settings.project || '(project from pool-tuner.yaml)';
      this.set({ kind: 'live', label: `live: ${project}`, detail: `Cloud Monitoring, project ${project}. Use "Pool Tuner: Record metrics snapshot…" to fetch.` });
      return;
    }
    const uri = MetricsSource.snapshotUri(settings);
    if (!uri) {
      this.set({ kind: 'none', label: 'no metrics', detail: 'Open a folder to use a metrics snapshot.' });
      return;
    }
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(uri.fsPath)), path.basename(uri.fsPath)));
    const reload = (): void => void this.readSnapshot(uri).then(() => this.changed.fire());
    this.watcher.onDidChange(reload);
    this.watcher.onDidCreate(reload);
    this.watcher.onDidDelete(reload);
    await this.readSnapshot(uri);
  }

  private async readSnapshot(uri: vscode.Uri): Promise<void> {
    const name = vscode.workspace.asRelativePath(uri);
    try {
      this.snapshotText = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      this.status = { kind: 'snapshot', label: `snapshot ${path.basename(uri.fsPath)}`, detail: `Metrics snapshot ${name}` };
      this.log.info(`metrics snapshot ${name} read`);
    } catch (err) {
      this.snapshotText = undefined;
      this.view = undefined;
      const missing = err instanceof vscode.FileSystemError;
      this.status = { kind: 'none', label: 'no metrics', detail: missing ? `No snapshot at ${name} (poolTuner.metrics.snapshotPath).` : `Cannot read ${name}: ${errorText(err)}`, error: missing ? undefined : errorText(err) };
    }
  }

  /** Builds the view for the workspace's pools (called before each review; cheap when nothing changed). */
  viewFor(ws: Workspace): MetricsView | undefined {
    if (this.snapshotText === undefined || this.status.kind !== 'snapshot') return undefined;
    try {
      this.view = snapshotView(this.snapshotText, this.status.detail.replace(/^Metrics snapshot /, ''), ws);
      if (this.status.error) this.status = { ...this.status, error: undefined };
    } catch (err) {
      this.view = undefined;
      this.status = { ...this.status, label: `snapshot (invalid)`, error: errorText(err), detail: `${this.status.detail}: ${errorText(err)}` };
      this.log.warn(`metrics snapshot: ${errorText(err)}`);
    }
    return this.view;
  }

  private set(status: MetricsStatus): void {
    this.status = status;
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.changed.dispose();
  }
}
