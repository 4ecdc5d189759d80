// `npm run package`: builds, then packs the VS Code extension into dist/pool-tuner.vsix. vsce refuses a package.json
// with a `files` list (the npm package's) next to a .vscodeignore (the extension's), so it runs on a staged copy:
// the files .vscodeignore lets in, and package.json without `files`. Usage: node scripts/package-vsix.mjs [--out FILE]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, 'dist', 'pool-tuner.vsix'));
const stage = mkdtempSync(path.join(tmpdir(), 'pool-tuner-vsix-'));
try {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete pkg.files;
  delete pkg.scripts; // no vscode:prepublish: the bundles are built already
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  for (const f of ['.vscodeignore', 'README.md', 'LICENSE', 'dist', 'docs', 'schemas']) {
    cpSync(path.join(root, f), path.join(stage, f), { recursive: true, filter: (src) => !src.endsWith('.vsix') && !src.endsWith('.map') });
  }
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], { cwd: stage, stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
