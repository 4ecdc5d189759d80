/**
 * `npm run test:vscode-installed`: packs the .vsix (scripts/package-vsix.mjs), installs it into the real VS Code
 * of the extension tests (code-server, `--install-extension`), and runs test/vscode/suite/installed.suite.ts from
 * an empty host extension, so everything Pool Tuner runs is what the package ships. Live metrics go to a local
 * MetricService on 127.0.0.1 (POOL_TUNER_MONITORING_ENDPOINT); the run fails unless it received requests.
 */
import { runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startMonitoringServer, series } from '../metrics/monitoring-server.ts';

const root = process.cwd();
const here = path.join(root, 'test', 'vscode');
async function main(): Promise<number> {
const work = mkdtempSync(path.join(tmpdir(), 'pool-tuner-installed-'));
let failed = 1;
const server = await startMonitoringServer((req) => {
  const resource = /resource\.type = "([^"]+)"/.exec(req.filter)![1]!;
  const label = resource === 'pubsub_subscription' ? 'subscription_id' : resource === 'pubsub_topic' ? 'topic_id' : 'worker_pool_name';
  const ids = [...(/one_of\(([^)]*)\)/.exec(req.filter)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
  const end = Number(req.interval.endTime?.seconds);
  return { timeSeries: ids.map((id) => series(resource, { [label]: id }, Array.from({ length: 60 }, (_, i) => ({ endSec: end - i * 60, value: 0.5 })))) };
});
try {
  const vsix = path.join(work, 'pool-tuner.vsix');
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/package-vsix.mjs', '--out', vsix], { cwd: root, stdio: 'inherit' });
  // Inside the checkout (out/ is ignored), so the suite finds mocha in node_modules.
  const out = path.join(root, 'out', 'test', 'vscode-installed');
  await build({
    entryPoints: [path.join(here, 'suite/installed-index.ts'), path.join(here, 'suite/installed.suite.ts')],
    outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], logLevel: 'error',
  });
  const host = path.join(work, 'host');
  cpSync(path.join(here, 'installed'), host, { recursive: true });
  const ws = path.join(work, 'ws');
  cpSync(path.join(root, 'examples'), ws, { recursive: true });
  const results = path.join(work, 'results.json');
  let code: number;
  try {
    code = await runTests({
      vscodeExecutablePath: path.join(here, 'code-shim.sh'),
      extensionDevelopmentPath: host,
      extensionTestsPath: path.join(out, 'installed-index.js'),
      launchArgs: [ws],
      extensionTestsEnv: {
        VSCODE_TEST_RESULTS_FILE: results, POOL_TUNER_INSTALL_VSIX: vsix, POOL_TUNER_REPO_ROOT: root,
        POOL_TUNER_MONITORING_ENDPOINT: `127.0.0.1:${server.port}`,
      },
    });
  } catch (err) {
    console.error('runTests:', err instanceof Error ? err.message : err);
    code = 1;
  }
  const r = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) as { passed: number; failed: number; failures: { title: string; err: string }[] } : undefined;
  for (const f of r?.failures ?? []) console.log(`FAIL ${f.title}\n${f.err}\n`);
  const requests = server.requests.length;
  console.log(`installed .vsix: ${r?.passed ?? 0} passed, ${r?.failed ?? 1} failed; local MetricService got ${requests} requests`);
  failed = !r || r.failed > 0 || r.passed < 3 || code !== 0 || requests === 0 ? 1 : 0;
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
return failed;
}

void main().then((code) => process.exit(code));
