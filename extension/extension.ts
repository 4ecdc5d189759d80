/**
 * Entry point: activate registers everything and pushes each disposable; all logic lives in the core
 * (shared/index.ts) and the small modules beside this file. Activation is cheap: the workspace is scanned once
 * and, when it holds no pool configs (recognised by content), every provider stays silent.
 */
import './zod-config.ts';
import * as vscode from 'vscode';
import { PoolCodeActions } from './code-actions.ts';
import { PoolCodeLenses } from './codelens.ts';
import { registerCommands } from './commands.ts';
import { Diagnostics } from './diagnostics.ts';
import { PoolHovers } from './hovers.ts';
import { createLog, errorText } from './log.ts';
import { PoolTunerMcp, mcpLaunch } from './mcp.ts';
import { MetricsSource } from './metrics.ts';
import { inScope, looksLikePoolConfig, scanWorkspace, settingsFilesAbove } from './pool-files.ts';
import { PoolSummaries } from './pool-summary.ts';
import { ProposalRecords } from './records.ts';
import { TuneWorkerClient } from './tune-client.ts';
import { affectsSettings, readSettings } from './settings.ts';
import { MetricsStatusBar } from './status-bar.ts';
import { OPEN_RULE_DOC_COMMAND, openRuleDoc, ruleDocUri } from './rule-docs.ts';
import { WorkspaceModel, type ReviewState } from './workspace-model.ts';
import { ensureHclParser } from '../shared/node/hcl-parser.ts';
import * as path from 'node:path';

/**
 * YAML and Terraform (`terraform` from the HashiCorp extension, `hcl` otherwise). Diagnostics, quick fixes, hovers
 * and CodeLens only: no formatter and no completion, so the HashiCorp Terraform extension keeps those.
 */
const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'yaml' }, { scheme: 'file', pattern: '**/*.{yaml,yml}' },
  { scheme: 'file', language: 'terraform' }, { scheme: 'file', language: 'hcl' }, { scheme: 'file', pattern: '**/*.tf' },
];

/** What `activate` returns: read by the integration tests and available to other extensions. */
export interface PoolTunerApi {
  /** The latest review (undefined before the first scan finishes). */
  state(): ReviewState | undefined;
  /** Resolves once the first workspace scan has been reviewed. */
  ready: Promise<void>;
  statusText(): string;
  /** The metrics status bar item: text, Markdown tooltip, and whether it shows the warning state. */
  status(): { text: string; tooltip: string; warning: boolean };
  mcp: { registered: boolean; definitions: () => unknown[]; launch: () => ReturnType<typeof mcpLaunch> };
  /** Synchronous part of activate(), ms. */
  activationMs: number;
  /** From activate() to the first review of the whole workspace (scan, read, parse, review, publish), ms. */
  firstReviewMs(): number | undefined;
  /** From activate() to the first diagnostics of the open documents (before the scan), ms; undefined if none was open. */
  firstDiagnosticsMs(): number | undefined;
  /**
   * Replays activation's loading: forgets the model, reviews the open documents at once, then scans the workspace
   * in the background. Resolves when the scan has been reviewed, with the times (ms from the call) of each step.
   */
  reload(): Promise<LoadTimes>;
  /** How many CodeLens proposals the tuner's worker thread computed. */
  tunerWorkerAnswers(): number;
  /** Where the last workspace scan spent its time. */
  lastScan(): ScanPhases | undefined;
}

/** Where the last workspace scan's time went (the output channel logs it too). */
export interface ScanPhases {
  /** findFiles and reading the candidates. */
  findAndReadMs: number;
  /** Waiting for what the scan needs first (metrics source, Terraform parser, open documents' review). */
  waitMs: number;
  /** Parsing in slices (the cache warm-up). */
  parseMs: number;
  /** The review of the whole workspace and publishing its diagnostics. */
  reviewMs: number;
}

export interface LoadTimes {
  /** Open documents reviewed and published (undefined: none open). */
  openDocumentsMs?: number;
  openDocuments: number;
  /** Whole workspace reviewed and published. */
  scanMs: number;
  files: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<PoolTunerApi> {
  const t0 = performance.now();
  const log = createLog();
  let settings = readSettings();
  const metrics = new MetricsSource(log);
  const records = new ProposalRecords();
  const model = new WorkspaceModel(log, (ws, complete) => metrics.viewFor(ws, complete), settings.debounceMs, () => records.records);
  const diagnostics = new Diagnostics(model, () => settings, (id, s) => ruleDocUri(id, s, context.extensionUri));
  const tuneWorker = new TuneWorkerClient(path.join(context.extensionPath, 'dist'), log);
  const summaries = new PoolSummaries(model, log, tuneWorker);
  const status = new MetricsStatusBar();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const metricsSpec = (): string | undefined => {
    if (settings.metricsSource === 'cloudMonitoring') return 'live';
    if (settings.metricsSource === 'snapshot' && metrics.status.kind === 'snapshot') return MetricsSource.snapshotUri(settings)?.fsPath;
    return undefined;
  };
  const mcp = new PoolTunerMcp(context.extensionPath, version, log, metricsSpec);
  const lenses = new PoolCodeLenses(model, summaries, records);
  context.subscriptions.push(log, metrics, model, diagnostics, status, mcp, lenses, tuneWorker, records);

  /** Folds one document's current text into the model; `now` skips the typing debounce. */
  const onDocument = (doc: vscode.TextDocument, reason: string, now: boolean): void => {
    if (!inScope(doc, settings)) return;
    const key = doc.uri.fsPath;
    const text = doc.getText();
    const isPool = looksLikePoolConfig(key, text);
    const changed = model.setText(key, isPool ? text : undefined);
    if (changed) model.schedule(`${reason} ${vscode.workspace.asRelativePath(doc.uri)}`, now);
  };
  /** Reviews the open pool documents (and the pool-tuner.yaml files above them) at once; returns how many. */
  const reviewOpenDocuments = async (): Promise<number> => {
    const open = new Map<string, string>();
    for (const doc of vscode.workspace.textDocuments) {
      if (!inScope(doc, settings) || !looksLikePoolConfig(doc.uri.fsPath, doc.getText())) continue;
      open.set(doc.uri.fsPath, doc.getText());
    }
    if (open.size === 0) return 0;
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    for (const [file, text] of await settingsFilesAbove([...open.keys()], roots)) if (!open.has(file)) open.set(file, text);
    if (!model.isPartial) return 0; // the scan finished first
    for (const [file, text] of open) model.setText(file, text);
    model.rebuild('open documents');
    return open.size;
  };
  let scanGeneration = 0;
  let lastScan: ScanPhases | undefined;
  /** Finds and reads the workspace's pool files, parses them in slices, then reviews everything. */
  const rescan = async (reason: string, before?: Promise<unknown>): Promise<number> => {
    const generation = ++scanGeneration;
    const s0 = performance.now();
    const files = await scanWorkspace(settings);
    const s1 = performance.now();
    // e.g. the Terraform parser, loading while the files were found and read; its failure is logged where it happens.
    await before?.catch((err: unknown) => log.warn(`before the scan: ${errorText(err)}`));
    const s2 = performance.now();
    // The editor's text wins, also for documents edited while the scan was reading.
    for (const doc of vscode.workspace.textDocuments) if (files.has(doc.uri.fsPath)) files.set(doc.uri.fsPath, doc.getText());
    await model.warm(files);
    const s3 = performance.now();
    if (generation !== scanGeneration) return files.size; // a newer scan supersedes this one
    model.replaceAll(files);
    const s4 = performance.now();
    lastScan = { findAndReadMs: s1 - s0, waitMs: s2 - s1, parseMs: s3 - s2, reviewMs: s4 - s3 };
    log.info(`${reason}: ${files.size} pool config file(s) in the workspace (found and read in ${lastScan.findAndReadMs.toFixed(0)} ms, `
      + `waited ${lastScan.waitMs.toFixed(0)} ms, parsed in ${lastScan.parseMs.toFixed(0)} ms, reviewed in ${lastScan.reviewMs.toFixed(0)} ms)`);
    return files.size;
  };
  const onDisk = (uri: vscode.Uri, deleted: boolean): void => {
    if (vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath && !d.isClosed)) return; // the editor's text wins
    if (deleted) {
      if (model.setText(uri.fsPath, undefined)) model.schedule('deleted', true);
      return;
    }
    void vscode.workspace.openTextDocument(uri).then((doc) => onDocument(doc, 'disk', true), (err: unknown) => log.warn(`read ${uri.fsPath}: ${errorText(err)}`));
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,tf}');

  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((u) => onDisk(u, false)),
    watcher.onDidChange((u) => onDisk(u, false)),
    watcher.onDidDelete((u) => onDisk(u, true)),
    vscode.workspace.onDidOpenTextDocument((d) => onDocument(d, 'open', true)),
    vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && onDocument(e.document, 'edit', false)),
    vscode.workspace.onDidSaveTextDocument((d) => onDocument(d, 'save', true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsSettings(e)) return;
      settings = readSettings();
      model.setDebounce(settings.debounceMs);
      void metrics.configure(settings).then(() => rescan('settings changed'));
      if (e.affectsConfiguration('poolTuner.docs') && model.state) diagnostics.publish(model.state, true);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void rescan('folders changed')),
    metrics.onDidChange(() => {
      model.schedule('metrics changed', true);
      mcp.refresh();
    }),
    // Proposal records are re-read after each rebuild; when they changed, the review runs again with them.
    records.onDidChange(() => model.schedule('proposal records changed', true)),
    model.onDidUpdate((s) => {
      records.reload(s.ws, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.').catch((err: unknown) => log.warn(`proposal records: ${errorText(err)}`));
      status.show(metrics.status, s.texts.size);
      void vscode.commands.executeCommand('setContext', 'poolTuner.hasPoolConfigs', s.texts.size > 0);
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PoolCodeActions(model), PoolCodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new PoolHovers(model)),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    ...registerCommands({ model, summaries, mcp, log }),
    vscode.commands.registerCommand(OPEN_RULE_DOC_COMMAND, (ruleId?: string) => openRuleDoc(ruleId, settings, context.extensionUri)),
  );

  let firstReviewMs: number | undefined;
  let firstDiagnosticsMs: number | undefined;
  // The Terraform parser is WebAssembly shipped in dist/; loaded once before the first scan reads any .tf file.
  const hcl = ensureHclParser([path.join(context.extensionPath, 'dist')])
    .catch((err: unknown) => log.warn(`Terraform parser not loaded; .tf files are skipped: ${errorText(err)}`));
  // Open documents first (diagnostics within milliseconds of activation), then the metrics source, the Terraform
  // parser and the workspace scan in the background; the scan's review replaces the partial one.
  const openFirst = reviewOpenDocuments()
    .then((n) => {
      if (n > 0) firstDiagnosticsMs = performance.now() - t0;
    })
    .catch((err: unknown) => log.error(`open documents: ${errorText(err)}`));
  const ready = rescan('activated', Promise.all([metrics.configure(settings), hcl, openFirst]))
    .then(() => {
      firstReviewMs = performance.now() - t0;
    })
    .catch((err: unknown) => log.error(`initial scan: ${errorText(err)}`));
  const reload = async (): Promise<LoadTimes> => {
    const r0 = performance.now();
    model.reset();
    diagnostics.clear();
    const openDocuments = await reviewOpenDocuments();
    const openDocumentsMs = openDocuments > 0 ? performance.now() - r0 : undefined;
    const files = await rescan('reloaded');
    return { openDocumentsMs, openDocuments, scanMs: performance.now() - r0, files };
  };
  const activationMs = performance.now() - t0;
  log.info(`activated in ${activationMs.toFixed(1)} ms (VS Code ${vscode.version}; MCP API ${mcp.registered ? 'present' : 'absent'})`);
  return {
    state: () => model.state,
    ready,
    statusText: () => status.text,
    status: () => ({ text: status.text, tooltip: status.tooltip, warning: status.warning }),
    mcp: {
      registered: mcp.registered,
      definitions: () => mcp.definitions(),
      launch: () => mcpLaunch(context.extensionPath, (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), metricsSpec()),
    },
    activationMs,
    firstReviewMs: () => firstReviewMs,
    firstDiagnosticsMs: () => firstDiagnosticsMs,
    reload,
    lastScan: () => lastScan,
    tunerWorkerAnswers: () => tuneWorker.answered,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
