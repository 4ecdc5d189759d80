/**
 * Runs inside VS Code's extension host (loaded as extensionTestsPath by bench/extension/run.ts) on the generated
 * 300-file / 100-pool workspace, with the default settings (debounce 100 ms) and metrics off. Measures:
 *   - activation: activate() → first review of the whole workspace (no editor open), as VS Code started it;
 *   - first diagnostics with an editor open: `api.reload()` replays activation's loading (open documents first,
 *     then the background scan) with pools/pool-051/subscription.yaml open; time to its diagnostics and to the
 *     end of the scan;
 *   - edit → squiggle: 60 edits of pools/pool-050/subscription.yaml (maxDeliveryAttempts 10 ↔ 5 adds/removes a
 *     finding), each from applyEdit to the diagnostics event with the new count; extension-host memory before
 *     and after them.
 * Baselines, same process and run: the pipeline the extension ran before it was incremental, on the same files:
 * find + read every file one after another, parse everything, learn secrets from everything, review (what activation
 * cost), and parse + secrets + review of all files (what every edit cost, plus the debounce).
 * Writes the numbers to BENCH_RESULTS_FILE.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { collectEnvSecrets, collectSecrets, parseWorkspace, review } from '../../shared/index.ts';

interface Api {
  ready: Promise<void>;
  activationMs: number;
  firstReviewMs(): number | undefined;
  state(): { elapsedMs: number; texts: ReadonlyMap<string, string>; partial: boolean } | undefined;
  reload(): Promise<{ openDocumentsMs?: number; openDocuments: number; scanMs: number; files: number }>;
  lastScan(): { findAndReadMs: number; waitMs: number; parseMs: number; reviewMs: number } | undefined;
}

const EDITS = 60;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function poolTunerCount(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pool-tuner').length;
}

/**
 * When the extension has handed the new diagnostics to VS Code (the collection is updated and sent to the
 * workbench in the same call): polled every millisecond. VS Code's own onDidChangeDiagnostics event in the
 * extension host fires up to 50 ms later (it is debounced there), so it is reported beside it.
 */
function diagnosticsSent(uri: vscode.Uri, ok: (n: number) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const poll = (): void => {
      if (ok(poolTunerCount(uri))) resolve(performance.now());
      else if (performance.now() - t0 > 60_000) reject(new Error(`timed out polling diagnostics on ${uri.fsPath}`));
      else setTimeout(poll, 1);
    };
    poll();
  });
}

function diagnosticsWhen(uri: vscode.Uri, ok: (n: number) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for diagnostics on ${uri.fsPath}`));
    }, 60_000);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ok(poolTunerCount(uri))) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now());
    });
  });
}

const mib = (bytes: number): number => bytes / 1024 / 1024;

/** The former activation: findFiles, read each file in turn, parse and review everything at once. */
async function coldActivationBaseline(): Promise<number> {
  const t = performance.now();
  const uris = await vscode.workspace.findFiles('**/*.{yaml,yml}');
  const files: { path: string; text: string }[] = [];
  for (const uri of uris) files.push({ path: uri.fsPath, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) });
  coldRebuild(files);
  return performance.now() - t;
}

/** The former per-edit work: parse every file, learn secrets from every file, review. */
function coldRebuild(files: { path: string; text: string }[]): number {
  const t = performance.now();
  const ws = parseWorkspace(files);
  collectSecrets(ws.files.values());
  collectEnvSecrets(ws);
  review(ws);
  return performance.now() - t;
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<Api>('pool-tuner.pool-tuner');
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  await api.ready;
  const activationScan = api.lastScan();
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const debounceMs = vscode.workspace.getConfiguration('poolTuner').get<number>('diagnostics.debounceMs');
  const files = [...api.state()!.texts].map(([p, text]) => ({ path: p, text }));

  // Baselines (same process): the former pipeline, three runs each after one warm-up.
  coldRebuild(files);
  const coldRebuildMs = median([coldRebuild(files), coldRebuild(files), coldRebuild(files)]);
  await coldActivationBaseline();
  const coldActivationMs = median([await coldActivationBaseline(), await coldActivationBaseline(), await coldActivationBaseline()]);

  // First diagnostics with an editor open (activation's loading replayed, three times).
  const openUri = vscode.Uri.file(path.join(root, 'pools/pool-051/subscription.yaml'));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(openUri));
  const openMs: number[] = [];
  const scanMs: number[] = [];
  let openBeforeScan = true;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const shown = diagnosticsWhen(openUri, (n) => n > 0);
    const times = await api.reload();
    const at = (await shown) - t;
    openMs.push(at);
    scanMs.push(times.scanMs);
    openBeforeScan &&= at < times.scanMs;
  }

  // Edit → squiggle with the default debounce, and the extension host's memory across the edits.
  const uri = vscode.Uri.file(path.join(root, 'pools/pool-050/subscription.yaml'));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const base = poolTunerCount(uri);
  const marker = 'maxDeliveryAttempts: ';
  const at = doc.getText().indexOf(marker) + marker.length;
  const before = process.memoryUsage();
  const editMs: number[] = [];
  const eventMs: number[] = [];
  const reviewMs: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const toFive = i % 2 === 0;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2)), toFive ? '5 ' : '10');
    const want = (n: number): boolean => (toFive ? n === base + 1 : n === base);
    const event = diagnosticsWhen(uri, want);
    const t = performance.now();
    const sent = diagnosticsSent(uri, want);
    await vscode.workspace.applyEdit(edit);
    editMs.push((await sent) - t);
    eventMs.push((await event) - t);
    reviewMs.push(api.state()?.elapsedMs ?? NaN);
  }
  const after = process.memoryUsage();
  await vscode.commands.executeCommand('workbench.action.files.revert');

  const out = {
    vscode: vscode.version,
    files: files.length,
    pools: 100,
    debounceMs,
    activationMs: api.activationMs,
    firstReviewMs: api.firstReviewMs(),
    activationScan,
    coldActivationMs,
    coldRebuildMs,
    openDocumentMs: median(openMs),
    scanMs: median(scanMs),
    openBeforeScan,
    editToDiagnosticsMs: median(editMs.slice(2)),
    editToDiagnosticsP90Ms: quantile(editMs.slice(2), 0.9),
    editToEventMs: median(eventMs.slice(2)),
    reviewMs: median(reviewMs.slice(2)),
    rssBeforeMiB: mib(before.rss),
    rssAfterMiB: mib(after.rss),
    heapBeforeMiB: mib(before.heapUsed),
    heapAfterMiB: mib(after.heapUsed),
    edits: EDITS,
  };
  writeFileSync(process.env['BENCH_RESULTS_FILE']!, JSON.stringify(out, null, 2));
}
