/**
 * The metrics source behind hovers, CodeLens, metric rules and tuning: a snapshot file (watched; reloaded on
 * change), live Cloud Monitoring (client loaded lazily, only when chosen), or none. Failures become a status
 * with the reason (shown in the status bar and the output channel), never an exception in a provider.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MetricsView, Workspace } from '../shared/index.ts';
import { errorText, type Log } from './log.ts';
import { parseSnapshot, recordSnapshot, snapshotView, type LoadedSnapshot } from './metrics-core.ts';
import type { ExtensionSettings } from './settings.ts';
import type { MetricsStatus } from './status-text.ts';

export type { MetricsStatus } from './status-text.ts';

export class MetricsSource implements vscode.Disposable {
  private view: { ws: Workspace; view: MetricsView } | undefined;
  private loaded: LoadedSnapshot | undefined;
  private sourceName = '';
  private live: { project?: string; region?: string; inFlight: boolean; failed: boolean } | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the view or the status changed. */
  readonly onDidChange = this.changed.event;
  status: MetricsStatus = { kind: 'none', label: 'no metrics', detail: 'No metrics source selected.' };

  constructor(private readonly log: Log) {}

  current(): MetricsView | undefined {
    return this.view?.view;
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
    this.loaded = undefined;
    this.live = undefined;
    if (settings.metricsSource === 'off') {
      this.set({ kind: 'none', label: 'no metrics', detail: 'Metrics are off (poolTuner.metrics.source).' });
      return;
    }
    if (settings.metricsSource === 'cloudMonitoring') {
      // Fetched on the first review that needs it (the project may come from pool-tuner.yaml).
      this.live = { project: settings.project || undefined, region: settings.region || undefined, inFlight: false, failed: false };
      const project = settings.project || '(project from pool-tuner.yaml)';
      this.set({ kind: 'live', label: `live: ${project}`, detail: `Cloud Monitoring, project ${project}: not fetched yet.` });
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
    this.loaded = undefined;
    this.view = undefined;
    this.sourceName = name;
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      const missing = err instanceof vscode.FileSystemError;
      this.status = { kind: 'none', label: 'no metrics', detail: missing ? `No snapshot at ${name} (poolTuner.metrics.snapshotPath).` : `Cannot read ${name}: ${errorText(err)}`, error: missing ? undefined : errorText(err) };
      return;
    }
    const parsed = parseSnapshot(text);
    if ('error' in parsed) {
      this.status = { kind: 'none', label: 'snapshot invalid', detail: `${name}: ${parsed.error}`, error: parsed.error };
      this.log.warn(`metrics snapshot ${name}: ${parsed.error}`);
      return;
    }
    this.loaded = parsed.loaded;
    const w = parsed.loaded.snapshot.window;
    this.status = { kind: 'snapshot', label: `snapshot ${path.basename(uri.fsPath)}`, detail: `Metrics snapshot ${name}: ${parsed.loaded.lengthSteps} steps of ${w.stepSec} s` };
    for (const warning of parsed.loaded.warnings.slice(0, 20)) this.log.info(`metrics snapshot ${name}: ${warning.message}`);
    this.log.info(`metrics snapshot ${name} loaded`);
  }

  /**
   * The view for the workspace's pools (called before each review; one per workspace model). `complete` false:
   * the workspace holds only the open documents, so live metrics are not fetched for it yet (they would miss
   * the other pools).
   */
  viewFor(ws: Workspace, complete = true): MetricsView | undefined {
    if (complete && this.live && !this.loaded && !this.live.inFlight && !this.live.failed) this.fetchLive(ws);
    if (!this.loaded) return undefined;
    if (this.view?.ws !== ws) this.view = { ws, view: snapshotView(this.loaded, this.sourceName, ws) };
    return this.view.view;
  }

  /** Records the last day from Cloud Monitoring in the background, then reviews again with it. */
  private fetchLive(ws: Workspace): void {
    const live = this.live!;
    const project = live.project ?? ws.settings?.settings.project;
    if (!project) {
      live.failed = true;
      this.set({ kind: 'live', label: 'live: no project', detail: 'Set poolTuner.metrics.project or `project` in pool-tuner.yaml.', error: 'no project' });
      return;
    }
    live.inFlight = true;
    this.set({ kind: 'live', label: `live: ${project} (fetching…)`, detail: `Recording the last 24 h from Cloud Monitoring, project ${project}…` });
    recordSnapshot({ project, region: live.region ?? ws.settings?.settings.region, ws, progress: (m) => this.log.info(`live metrics: ${m}`) })
      .then((text) => {
        if (this.live !== live) return; // settings changed meanwhile
        const parsed = parseSnapshot(text);
        if ('error' in parsed) throw new Error(parsed.error);
        this.loaded = parsed.loaded;
        this.sourceName = `live: ${project}`;
        this.set({ kind: 'live', label: `live: ${project}`, detail: `Cloud Monitoring, project ${project}, last 24 h (fetched ${new Date().toLocaleTimeString()})` });
      })
      .catch((err: unknown) => {
        if (this.live !== live) return;
        live.failed = true;
        this.log.error(`live metrics: ${errorText(err)}`);
        this.set({ kind: 'live', label: `live: ${project} (failed)`, detail: `Cloud Monitoring: ${errorText(err)}`, error: errorText(err) });
      })
      .finally(() => {
        live.inFlight = false;
      });
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
