/**
 * Runs in a real VS Code (code-server) where Pool Tuner was installed from the .vsix (`--install-extension`),
 * as a user installs it: the extension, its rule docs and its Cloud Monitoring client come from the package.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'pool-tuner.pool-tuner';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

suite('installed .vsix', () => {
  test('Pool Tuner runs from the installed package, not from the sources', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'pool-tuner is installed');
    const root = process.env['POOL_TUNER_REPO_ROOT'];
    assert.ok(root && !ext.extensionPath.startsWith(root), `${ext.extensionPath} is the source checkout`);
    assert.match(ext.extensionPath, /pool-tuner\.pool-tuner-\d+\.\d+\.\d+$/);
    await ext.activate();
    assert.ok(ext.isActive);
  });

  test('poolTuner.openRuleDoc opens the bundled rule doc as a Markdown preview', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const uri = await vscode.commands.executeCommand<vscode.Uri>('poolTuner.openRuleDoc', 'no-dead-letter-policy');
    assert.ok(uri, 'the command returns the page it opened');
    assert.equal(uri.toString(true), vscode.Uri.joinPath(ext.extensionUri, 'docs', 'rules', 'no-dead-letter-policy.md').toString(true));
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), /^# no-dead-letter-policy\n/);
    const tab = await until('the preview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /Preview/.test(t.label) && /no-dead-letter-policy/.test(t.label)));
    assert.ok(tab.input instanceof vscode.TabInputWebview, `preview tab input: ${tab.input?.constructor.name}`);
  });

  test('live metrics come through the Cloud Monitoring client shipped in the package (dist/monitoring.js)', async () => {
    const api = vscode.extensions.getExtension<{ statusText(): string }>(EXTENSION_ID)!.exports;
    const cfg = vscode.workspace.getConfiguration('poolTuner');
    await cfg.update('metrics.project', 'acme', vscode.ConfigurationTarget.Workspace);
    await cfg.update('metrics.source', 'cloudMonitoring', vscode.ConfigurationTarget.Workspace);
    const text = await until('live metrics fetched', () => {
      const t = api.statusText();
      if (/failed/.test(t)) throw new Error(`live metrics failed: ${t}`);
      return /live: acme$/.test(t) ? t : undefined;
    });
    assert.match(text, /Pool Tuner: live: acme$/);
  });

  test("the Tune command's search runs on the package's worker thread (dist/worker.js), with the live metrics", async () => {
    const ext = vscode.extensions.getExtension<{ tunerWorkerAnswers(): number }>(EXTENSION_ID)!;
    const before = ext.exports.tunerWorkerAnswers();
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>('poolTuner.tune', 'orders-worker', { apply: false });
    assert.equal(ext.exports.tunerWorkerAnswers(), before + 1, 'the proposal came from the worker thread, not the extension host');
    assert.ok(edit === undefined || edit.size > 0);
  });
});
