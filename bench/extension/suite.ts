/**
 * Runs inside VS Code's extension host (loaded as extensionTestsPath by bench/extension/run.ts): times the
 * extension's activation and edit → updated-diagnostics on a 100-pool file, and the bare YAML parse of the same
 * file in the same process (the baseline). Writes the numbers to BENCH_RESULTS_FILE.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';

interface Api {
  ready: Promise<void>;
  activationMs: number;
  firstReviewMs(): number | undefined;
  state(): { elapsedMs: number } | undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function diagnosticsChange(uri: vscode.Uri, ok: (n: number) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('timed out waiting for diagnostics'));
    }, 30_000);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const n = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pool-tuner').length;
      if (!ok(n)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now());
    });
  });
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<Api>('pool-tuner.pool-tuner');
  if (!ext) throw new Error('extension not found');
  const api = await ext.activate();
  await api.ready;
  const uri = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'pools.yaml'));
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();

  // Baseline: the bare YAML parse of the same text (what any YAML tooling pays), same process.
  const parseMs: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    parseAllDocuments(text);
    parseMs.push(performance.now() - t);
  }

  // Edit → diagnostics: toggle pool 50's maxDeliveryAttempts 10 ↔ 5 (adds/removes one finding), time each.
  const base = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pool-tuner').length;
  const marker = 'projects/acme/topics/pool-050-dlq\n  maxDeliveryAttempts: ';
  const at = text.indexOf(marker) + marker.length;
  const editMs: number[] = [];
  const reviewMs: number[] = [];
  for (let i = 0; i < 16; i++) {
    const toFive = i % 2 === 0;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2)), toFive ? '5 ' : '10');
    const changed = diagnosticsChange(uri, (n) => (toFive ? n === base + 1 : n === base));
    const t = performance.now();
    await vscode.workspace.applyEdit(edit);
    editMs.push((await changed) - t);
    reviewMs.push(api.state()?.elapsedMs ?? NaN);
  }
  const out = {
    vscode: vscode.version,
    pools: 100,
    documents: 300,
    fileBytes: Buffer.byteLength(text),
    diagnostics: base,
    activationMs: api.activationMs,
    firstReviewMs: api.firstReviewMs(),
    yamlParseMs: median(parseMs),
    editToDiagnosticsMs: median(editMs.slice(2)),
    reviewMs: median(reviewMs.slice(2)),
  };
  writeFileSync(process.env['BENCH_RESULTS_FILE']!, JSON.stringify(out, null, 2));
}
