/**
 * `npm run bench:secrets`: the secret scan on the 300-file / 100-pool workspace (bench/extension/pools.ts),
 * each worker pool with one credential in its env (generated here). Baseline, same process and run: the scan as it
 * was, with no cache (Pool Tuner's own detection + secretlint on every file). Prints each variant's time and its
 * ratio to the baseline:
 *   - re-parsing the YAML (files given as text only), what a scan without the workspace's parsed documents costs;
 *   - a cold disk cache (scan + write), a warm one read by a new cache object (the CLI's next run), and the same
 *     cache object again (the MCP server and the editor scanning the same files);
 *   - the CLI end to end (`dist/cli.js review`, wall time), cache off vs a warm cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/index.ts';
import { scanSecrets, SecretScanCache } from '../../shared/node/secret-scan.ts';
import { poolFiles } from '../extension/pools.ts';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function token(i: number): string {
  let s = '';
  let x = 2166136261 ^ i;
  for (let k = 0; k < 32; k++) {
    x = Math.imul(x ^ (x >>> 13), 16777619) >>> 0;
    s += ALNUM[x % ALNUM.length];
  }
  return ['sk', 'live', s].join('_');
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

async function timed(f: () => Promise<unknown>, runs = 3): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return median(out);
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const ws = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-secrets-'));
  const cacheRoot = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bench-secrets-cache-'));
  try {
    const files: { path: string; text: string }[] = [];
    let i = 0;
    for (const [rel, text] of poolFiles(100)) {
      const withSecret = rel.endsWith('worker-pool.yaml')
        ? text.replace('        env:\n', `        env:\n        - name: PAYMENT_CFG\n          value: ${token(i++)}\n`)
        : text;
      files.push({ path: path.join(ws, rel), text: withSecret });
      mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
      writeFileSync(path.join(ws, rel), withSecret);
    }
    const parsed = [...parseWorkspace(files).files.values()];
    const found = (await scanSecrets(parsed, new SecretScanCache())).length;

    const baseline = await timed(() => scanSecrets(parsed, new SecretScanCache()));
    const reparse = await timed(() => scanSecrets(files, new SecretScanCache()));
    let n = 0;
    const cold = await timed(async () => {
      const c = new SecretScanCache(path.join(cacheRoot, `cold-${n++}`));
      await scanSecrets(parsed, c);
      await c.save();
    });
    const warmDir = path.join(cacheRoot, 'cold-0');
    const warmDisk = await timed(() => scanSecrets(parsed, new SecretScanCache(warmDir)));
    const memo = new SecretScanCache();
    await scanSecrets(parsed, memo);
    const warmMemory = await timed(() => scanSecrets(parsed, memo));

    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
    const cli = (env: Record<string, string>): number => {
      const t = performance.now();
      const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'review', '.', '--format', 'json'], { cwd: ws, env: { ...process.env, ...env }, encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`cli exited ${r.status}: ${r.stderr}`);
      return performance.now() - t;
    };
    const cliDir = path.join(cacheRoot, 'cli');
    cli({ POOL_TUNER_CACHE_DIR: cliDir }); // fills the cache
    const cliOff = median([cli({ POOL_TUNER_CACHE_DIR: 'off' }), cli({ POOL_TUNER_CACHE_DIR: 'off' }), cli({ POOL_TUNER_CACHE_DIR: 'off' })]);
    const cliWarm = median([cli({ POOL_TUNER_CACHE_DIR: cliDir }), cli({ POOL_TUNER_CACHE_DIR: cliDir }), cli({ POOL_TUNER_CACHE_DIR: cliDir })]);

    const row = (name: string, ms: number, base = baseline): string => `  ${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms   ${(ms / base).toFixed(2)}× the baseline`;
    console.log(`bench/secrets: ${files.length} files / 100 pools, ${found} secret fragments found; medians of 3`);
    console.log(`  baseline: own detection + secretlint on every file, no cache  ${baseline.toFixed(0).padStart(6)} ms`);
    console.log(row('re-parsing the YAML (files as text, no parsed documents)', reparse));
    console.log(row('cold disk cache (scan + write)', cold));
    console.log(row('warm disk cache, new cache object (the CLI\'s next run)', warmDisk));
    console.log(row('same cache object again (MCP server, editor)', warmMemory));
    console.log(`  CLI review, wall time: cache off ${cliOff.toFixed(0)} ms, warm cache ${cliWarm.toFixed(0)} ms (${(cliWarm / cliOff).toFixed(2)}×)`);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(cacheRoot, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
