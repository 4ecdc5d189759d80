/**
 * `npm run bench:extension`: the extension in a real VS Code (code-server 4.104, the same harness as
 * `npm run test:vscode`) on a workspace with one 100-pool file (300 YAML documents).
 *   - activation: activate() itself, and activate() → first review published for the whole workspace
 *   - edit → updated diagnostics (median of 14 edits, debounce 0 ms; the default debounce adds 100 ms)
 *   - each as a ratio to the bare YAML parse (`yaml` parseAllDocuments) of that file, measured in the same
 *     extension-host process in the same run
 *   - bundle size of dist/extension.js (target < 1 MB; the Cloud Monitoring client is external and lazy)
 * Needs scripts/install-vscode-test-tools.sh once. Not run by CI.
 */
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { poolsFile } from './pools.ts';

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '../..');
  const out = path.join(root, 'out/bench/extension');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  await build({ entryPoints: [path.join(__dirname, 'suite.ts')], outfile: path.join(out, 'suite.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' });

  const ws = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-'));
  writeFileSync(path.join(ws, 'pools.yaml'), poolsFile(100));
  mkdirSync(path.join(ws, '.vscode'));
  writeFileSync(path.join(ws, '.vscode/settings.json'), JSON.stringify({ 'poolTuner.metrics.source': 'off', 'poolTuner.diagnostics.debounceMs': 0 }));
  const results = `${ws}-results.json`;
  const code = await runTests({
    vscodeExecutablePath: process.env['POOL_TUNER_VSCODE'] ?? path.join(root, 'test/vscode/code-shim.sh'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(out, 'suite.js'),
    launchArgs: [ws],
    extensionTestsEnv: { BENCH_RESULTS_FILE: results },
  }).catch((err: unknown) => {
    console.error(err);
    return 1;
  });
  const r = JSON.parse(readFileSync(results, 'utf8')) as Record<string, number>;
  rmSync(ws, { recursive: true, force: true });
  rmSync(results, { force: true });

  const bundle = path.join(root, 'dist/extension.js');
  const bytes = statSync(bundle).size;
  const gz = gzipSync(readFileSync(bundle)).length;
  const ratio = (x: number | undefined): string => (x === undefined ? 'n/a' : `${(x / r['yamlParseMs']!).toFixed(1)}×`);
  const ms = (x: number | undefined): string => (x === undefined ? 'n/a' : `${x.toFixed(1)} ms`);
  console.log(`\nbench/extension: VS Code ${r['vscode']} (code-server), ${r['pools']} pools / ${r['documents']} documents in one file (${(r['fileBytes']! / 1024).toFixed(0)} KiB), ${r['diagnostics']} diagnostics`);
  console.log('measured inside the real extension host; baseline = bare yaml parseAllDocuments of the same file, same process');
  console.log(`  baseline yaml parse             ${ms(r['yamlParseMs'])}`);
  console.log(`  activate() (sync part)          ${ms(r['activationMs'])}   ${ratio(r['activationMs'])} the parse`);
  console.log(`  activate() → first diagnostics  ${ms(r['firstReviewMs'])}   ${ratio(r['firstReviewMs'])} the parse`);
  console.log(`  edit → updated diagnostics      ${ms(r['editToDiagnosticsMs'])}   ${ratio(r['editToDiagnosticsMs'])} the parse (of which review ${ms(r['reviewMs'])})`);
  console.log(`  dist/extension.js               ${(bytes / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped); target < 1024 KiB: ${bytes < 1024 * 1024 ? 'met' : 'MISSED'}`);
  return code === 0 ? 0 : 1;
}

main().then((c) => process.exit(c), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
