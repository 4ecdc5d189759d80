/**
 * Commands: Tune… (the proposal's diff shown and a notification asking to apply it, warnings included, before
 * anything changes), Select metrics source…, Record metrics snapshot…, Write .vscode/mcp.json, Generate alerts for
 * this pool (alerts.ts; asks before overwriting).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toWorkspaceEdit } from './convert.ts';
import { errorText, type Log } from './log.ts';
import type { PoolTunerMcp } from './mcp.ts';
import { MetricsSource } from './metrics.ts';
import { recordSnapshot } from './metrics-core.ts';
import type { PoolSummaries } from './pool-summary.ts';
import type { Proposal } from './tuner.ts';
import { recordApplied } from './proposal-record.ts';
import { tuneNotice } from './tune-preview.ts';
import { readSettings, updateSetting } from './settings.ts';
import { TUNE_COMMAND } from './codelens.ts';
import { SELECT_SOURCE_COMMAND } from './status-bar.ts';
import type { WorkspaceModel } from './workspace-model.ts';
import { GENERATE_ALERTS_COMMAND } from './code-actions.ts';
import { overwriteQuestion, planAlerts, writeAlerts } from './alerts.ts';

export const COMMANDS = {
  tune: TUNE_COMMAND,
  selectMetricsSource: SELECT_SOURCE_COMMAND,
  recordSnapshot: 'poolTuner.recordMetricsSnapshot',
  writeMcpJson: 'poolTuner.writeMcpJson',
  showOutput: 'poolTuner.showOutput',
  generateAlerts: GENERATE_ALERTS_COMMAND,
} as const;

export interface TuneOptions {
  /** false: build the edit and return it without applying (tests, other extensions). */
  apply?: boolean;
}

export interface CommandDeps {
  model: WorkspaceModel;
  summaries: PoolSummaries;
  mcp: PoolTunerMcp;
  log: Log;
}

async function pickPool(model: WorkspaceModel, title = 'Tune which pool?'): Promise<string | undefined> {
  const pools = model.state?.ws.pools.map((p) => p.name) ?? [];
  if (pools.length <= 1) return pools[0];
  return vscode.window.showQuickPick(pools, { title });
}

/** Tune: the proposal's diff beside, a notification with its warnings, and Apply writes every edit it listed. */
export async function tune(deps: CommandDeps, poolArg?: string, options: TuneOptions = {}): Promise<vscode.WorkspaceEdit | undefined> {
  const pool = poolArg ?? (await pickPool(deps.model));
  if (!pool) return undefined;
  // The tuner runs on the worker thread (CodeLens figures share its cache), so the extension host keeps typing and
  // diagnostics responsive during the search; in-process only when the worker cannot start.
  // The edits are offsets into the texts the search saw: if the files changed meanwhile, search again on the new ones.
  const search = async (): Promise<{ proposal?: Proposal; error?: string }> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = deps.model.state;
      const r = await deps.summaries.proposalAsync(pool);
      if (deps.model.state === before) return r;
    }
    return { error: 'the pool files kept changing while it was tuned; try again' };
  };
  const { proposal, error } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Pool Tuner: tuning ${pool}…` }, search);
  if (!proposal) {
    void vscode.window.showErrorMessage(`Cannot tune ${pool}: ${error ?? 'no proposal'}`);
    return undefined;
  }
  deps.log.info(`tune ${pool}: ${proposal.status}\n${proposal.rationale.map((r) => `  ${r.setting}: ${r.text}`).join('\n')}${proposal.warnings.map((w) => `\n  ! ${w}`).join('')}\n${proposal.diff}`);
  if (proposal.edits.length === 0) {
    void vscode.window.showInformationMessage(`${pool}: ${proposal.status === 'no-change' ? 'the current settings are already the cheapest that meet the SLO' : proposal.status}.`);
    return undefined;
  }
  const label = `Tune ${pool}`;
  const description = proposal.rationale.map((r) => r.text).join(' ');
  // No entry needs confirmation: VS Code's refactor preview opens those unchecked, and Apply then applied nothing
  // (issue 21). The diff is shown as a document and the notification (with the warnings) asks instead.
  const edit = toWorkspaceEdit(proposal.edits, (f) => deps.model.positionsOf(f), { needsConfirmation: false, label, description });
  if (options.apply === false) return edit;
  const notice = tuneNotice(pool, proposal);
  const diff = await vscode.workspace.openTextDocument({ language: 'diff', content: proposal.diff });
  await vscode.window.showTextDocument(diff, { preview: true, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside });
  const ask = notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await ask(notice.message, ...notice.actions);
  if (choice !== notice.actions[0]) {
    deps.log.info(`tune ${pool}: not applied (${choice ?? 'dismissed'})`);
    return undefined;
  }
  const applied = await vscode.workspace.applyEdit(edit);
  deps.log.info(`tune ${pool}: ${applied ? 'applied' : 'not applied'}`);
  const state = deps.model.state;
  if (applied && state) {
    try {
      const file = await recordApplied(state.ws, proposal, state.metrics, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(proposal.edits[0]!.file));
      deps.log.info(`tune ${pool}: recorded ${proposal.id} in ${file}`);
    } catch (err) {
      deps.log.error(`tune ${pool}: applied, but the proposal record was not written: ${errorText(err)}`);
    }
  }
  return edit;
}

export async function selectMetricsSource(): Promise<void> {
  type Item = vscode.QuickPickItem & { id: 'snapshot' | 'cloudMonitoring' | 'off' };
  const settings = readSettings();
  const items: Item[] = [
    { id: 'snapshot', label: '$(file) Snapshot file…', description: settings.snapshotPath, detail: 'Read metrics from a JSON snapshot (offline, reproducible)' },
    { id: 'cloudMonitoring', label: '$(cloud) Cloud Monitoring (live)…', description: settings.project, detail: 'Fetch from a Google Cloud project with your Application Default Credentials' },
    { id: 'off', label: '$(circle-slash) Off', detail: 'Config-only review; hovers and CodeLens show "no metrics"' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: 'Pool Tuner: metrics source' });
  if (!pick) return;
  if (pick.id === 'snapshot') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, defaultUri: folder, filters: { 'Metrics snapshot': ['json'] }, title: 'Metrics snapshot' });
    const file = files?.[0];
    if (!file) return;
    const rel = folder ? path.relative(folder.fsPath, file.fsPath) : file.fsPath;
    await updateSetting('snapshotPath', rel.startsWith('..') ? file.fsPath : rel.split(path.sep).join('/'));
  } else if (pick.id === 'cloudMonitoring') {
    const project = await vscode.window.showInputBox({ title: 'Google Cloud project id', value: settings.project, prompt: 'Leave empty to use `project` from pool-tuner.yaml' });
    if (project === undefined) return;
    await updateSetting('project', project.trim());
  }
  await updateSetting('metricsSource', pick.id);
}

/** Fetches live metrics for every pool and writes them as a snapshot file, then selects that snapshot. */
export async function recordMetricsSnapshot(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const settings = readSettings();
  const ws = deps.model.state?.ws;
  const project = settings.project || ws?.settings?.settings.project;
  if (!ws || !project) {
    void vscode.window.showErrorMessage('Recording needs a project: set poolTuner.metrics.project or `project` in pool-tuner.yaml.');
    return undefined;
  }
  const target = await vscode.window.showSaveDialog({ defaultUri: MetricsSource.snapshotUri(settings), filters: { 'Metrics snapshot': ['json'] }, title: 'Save metrics snapshot' });
  if (!target) return undefined;
  try {
    const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Recording metrics from ${project}…`, cancellable: false },
      () => recordSnapshot({ project, region: settings.region || ws.settings?.settings.region, ws }));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (err) {
    deps.log.error(`record snapshot: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`Could not record metrics: ${errorText(err)}`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const rel = folder ? path.relative(folder.fsPath, target.fsPath) : target.fsPath;
  await updateSetting('snapshotPath', rel.startsWith('..') ? target.fsPath : rel.split(path.sep).join('/'));
  await updateSetting('metricsSource', 'snapshot');
  return target;
}

export interface GenerateAlertsOptions {
  /** Overwrite existing files without asking (tests, other extensions); default: ask. */
  overwrite?: boolean;
}

/**
 * Generate alerts for this pool: observes the pool (and the other pools of its Terraform module, which share the
 * file) on the proposals the Tune command uses, asks before overwriting, writes each file atomically. Returns the
 * files written (undefined when nothing was written).
 */
export async function generateAlerts(deps: CommandDeps, poolArg?: string, options: GenerateAlertsOptions = {}): Promise<string[] | undefined> {
  const pool = poolArg ?? (await pickPool(deps.model, 'Generate alerts for which pool?'));
  const state = deps.model.state;
  if (!pool || !state) return undefined;
  const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pool Tuner: generating alerts for ${pool}…` },
    () => planAlerts(state.ws, pool, state.metrics, (p) => deps.summaries.proposalAsync(p)));
  if ('error' in plan) {
    void vscode.window.showErrorMessage(`Cannot generate alerts: ${plan.error}`);
    return undefined;
  }
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (plan.existing.length && !options.overwrite) {
    const answer = await vscode.window.showWarningMessage(overwriteQuestion(plan, root), { modal: true }, 'Overwrite');
    if (answer !== 'Overwrite') return undefined;
  }
  try {
    const written = await writeAlerts(plan);
    deps.log.info(`alerts for ${pool}: wrote ${written.join(', ')}${plan.notes.map((n) => `\n  ${n}`).join('')}`);
    const first = written[0]!;
    const rel = root ? path.relative(root, first) : first;
    const more = written.length > 1 ? ` and ${written.length - 1} more` : '';
    void vscode.window.showInformationMessage(`Pool Tuner: wrote the alerts for ${pool} to ${rel}${more}.`, 'Open').then((a) => {
      if (a === 'Open') void vscode.window.showTextDocument(vscode.Uri.file(first));
    });
    return written;
  } catch (err) {
    deps.log.error(`alerts for ${pool}: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`Could not write the alerts for ${pool}: ${errorText(err)}`);
    return undefined;
  }
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.tune, (pool?: string, options?: TuneOptions) => tune(deps, pool, options)),
    vscode.commands.registerCommand(COMMANDS.selectMetricsSource, selectMetricsSource),
    vscode.commands.registerCommand(COMMANDS.recordSnapshot, () => recordMetricsSnapshot(deps)),
    vscode.commands.registerCommand(COMMANDS.writeMcpJson, () => deps.mcp.writeMcpJson()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => deps.log.show()),
    vscode.commands.registerCommand(COMMANDS.generateAlerts, (pool?: string, options?: GenerateAlertsOptions) => generateAlerts(deps, pool, options)),
  ];
}
