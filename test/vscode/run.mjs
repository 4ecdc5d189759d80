// `npm run test:vscode`: the extension's integration tests in a real VS Code.
// Builds the extension (scripts/build.mjs) and the test bundle (out/test/vscode), copies examples/ into a fresh
// temporary workspace, and calls @vscode/test-electron's runTests with `vscodeExecutablePath` set to code-shim.sh
// (so nothing is downloaded: the shim runs code-server from .tools/vscode). On a machine with desktop VS Code,
// POOL_TUNER_VSCODE=/path/to/code runs the same suite there instead.
// Prints the suite's failures and a bare "N passed, N failed" line; exits non-zero when anything failed.
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.join(root, 'out/test/vscode');

// POOL_TUNER_SKIP_BUILD=1 reuses dist/ as it is (e.g. right after `npm run build`).
if (!process.env.POOL_TUNER_SKIP_BUILD) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
await build({
  entryPoints: [path.join(here, 'suite/index.ts'), path.join(here, 'suite/extension.suite.ts')],
  outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
  external: ['vscode', 'mocha'], logLevel: 'error',
});

const ws = mkdtempSync(path.join(tmpdir(), 'pool-tuner-ws-'));
cpSync(path.join(root, 'examples'), ws, { recursive: true });
// A YAML file that is not a pool config (and not even valid YAML): must get no diagnostics.
writeFileSync(path.join(ws, 'not-a-pool.yaml'), 'steps: [unclosed\n  - run: echo hi\n');
// Pool configs under node_modules and .git (a vendored copy, a git object): skipped by the scan, as by the CLI.
for (const dir of ['node_modules/vendored-pool', 'sub/.git/info']) {
  mkdirSync(path.join(ws, dir), { recursive: true });
  cpSync(path.join(root, 'examples/orders/crema.yaml'), path.join(ws, dir, 'crema.yaml'));
}
// Start config-only (the suite switches metrics on itself), and keep what the CLI reports for the same files:
// the suite checks that the editor shows exactly that.
mkdirSync(path.join(ws, '.vscode'), { recursive: true });
writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'poolTuner.metrics.source': 'off' }, null, 2));
// A small, constant metrics snapshot for transcode-worker (one hour; processing p99 130 s > the 60 s ack deadline).
const constant = (v) => Array.from({ length: 60 }, () => v);
mkdirSync(path.join(ws, 'metrics'), { recursive: true });
writeFileSync(path.join(ws, 'metrics', 'test-snapshot.json'), JSON.stringify({
  schemaVersion: 1, source: 'generated: pool-tuner vscode test', project: 'acme-shop-prod',
  window: { start: '2026-06-01T10:00:00Z', end: '2026-06-01T11:00:00Z', stepSec: 60 },
  pools: { 'transcode-worker': { instanceCount: constant(6), cpuUtilization: constant(0.55), memoryUtilization: constant(0.4) } },
  subscriptions: { 'transcode-sub': {
    topic: 'transcode-jobs', publishedMessagesPerMin: constant(3), deliveredMessagesPerMin: constant(3), ackedMessagesPerMin: constant(3),
    nackedMessagesPerMin: constant(0), expiredAckDeadlinesPerMin: constant(0), deadLetteredMessagesPerMin: constant(0),
    backlogMessages: constant(40), oldestUnackedAgeSec: constant(300),
    processingTimeMs: { p50: constant(60000), p95: constant(110000), p99: constant(130000) },
  } },
}, null, 1));
const expected = path.join(ws, '..', `${path.basename(ws)}-cli.json`);
const cli = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'review', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' });
writeFileSync(expected, cli.stdout);
const expectedTune = path.join(ws, '..', `${path.basename(ws)}-tune.json`);
writeFileSync(expectedTune, spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'tune', '.', '--format', 'json'], { cwd: ws, encoding: 'utf8' }).stdout);
// What `pool-tuner verify` says about orders-worker's applied proposal on metrics/after.json (the CodeLens must agree).
const expectedVerify = path.join(ws, '..', `${path.basename(ws)}-verify.json`);
writeFileSync(expectedVerify, spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'verify', '.', '--metrics', 'metrics/after.json', '--format', 'json'], { cwd: ws, encoding: 'utf8' }).stdout);
// What `pool-tuner review --metrics metrics/after.json` says (the traffic-drift finding must show in the editor too).
const expectedDrift = path.join(ws, '..', `${path.basename(ws)}-review-after.json`);
writeFileSync(expectedDrift, spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'review', '.', '--metrics', 'metrics/after.json', '--format', 'json'], { cwd: ws, encoding: 'utf8' }).stdout);
const results = path.join(ws, '..', `${path.basename(ws)}-results.json`);
rmSync(results, { force: true });

let code;
try {
  code = await runTests({
    vscodeExecutablePath: process.env.POOL_TUNER_VSCODE ?? path.join(here, 'code-shim.sh'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [ws, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { VSCODE_TEST_RESULTS_FILE: results, POOL_TUNER_EXPECTED_JSON: expected, POOL_TUNER_EXPECTED_TUNE: expectedTune, POOL_TUNER_EXPECTED_VERIFY: expectedVerify, POOL_TUNER_EXPECTED_REVIEW_AFTER: expectedDrift },
  });
} catch (err) {
  console.error('runTests:', err instanceof Error ? err.message : err);
  code = 1;
}
// The mocha entry inside the extension host wrote the results file (the shim and code-server pass our env on).
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  for (const f of r.failures ?? []) console.log(`FAIL ${f.title}\n${f.err}\n`);
  passed = r.passed;
  failed = r.failed;
  skipped = r.skipped ?? 0;
} else {
  console.log(`no results file at ${results}: the suite did not run`);
  failed = Math.max(failed, 1);
}
if (code !== 0 && failed === 0) failed = 1;
rmSync(ws, { recursive: true, force: true });
rmSync(results, { force: true });
rmSync(expected, { force: true });
rmSync(expectedTune, { force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || code !== 0 ? 1 : 0);
