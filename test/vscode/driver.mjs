// Opens code-server's workbench in Debian's headless Chromium with the extension under development and its
// tests (the workbench URL's `payload` does what desktop VS Code's --extensionDevelopmentPath/--extensionTestsPath
// flags do; paths are vscode-remote URIs). The mocha suite runs in VS Code's Node extension host; its exit code
// arrives through window.codeAutomationExit and its console through window.codeAutomationLog.
// usage: CS_URL=http://127.0.0.1:PORT node driver.mjs <extensionDevelopmentPath> <extensionTestsPath> <workspace>
import { chromium } from 'playwright-core';
import * as path from 'node:path';
import { format } from 'node:util';

const BASE = new URL(process.env.CS_URL ?? 'http://127.0.0.1:18080');
const [devPath, testsPath, wsPath] = process.argv.slice(2).map((p) => path.resolve(p));
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
const remote = (p) => `vscode-remote://${BASE.host}${p}`;

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

const t0 = Date.now();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
let exitCode = 2;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    // the extension host's console (mocha's reporter) plus workbench errors; the rest only with VERBOSE=1
    if (process.env.VERBOSE || type === 'error' || /passing|failing|pending|passed|failed|✔|✓|^\s+\d+\) |^\s{2,}\S|\[pool-tuner-test\]/.test(line)) {
      console.log(`[vscode:${type}] ${line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ]);
  await page.goto(`${BASE.origin}/?folder=${encodeURIComponent(wsPath)}&payload=${encodeURIComponent(payload)}`);
  const timer = setTimeout(() => done('timeout'), TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  console.log(`[driver] extension tests finished with ${code} after ${Date.now() - t0} ms`);
  exitCode = code === 0 ? 0 : 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
