/**
 * Runs the real CLI bundle in a child process. The bundle is built with esbuild into a private temp folder
 * (not dist/), so parallel test files never race on dist/cli.js and the test always runs current sources.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

let bundle: string | undefined;

/** As scripts/esbuild-monitoring.mjs, for buildSync (no plugins): the Cloud Monitoring client stays out of the bundle. */
export const MONITORING_EXTERNAL = ['./monitoring-lib.ts'];
const temps: string[] = [];

function cliBundle(): string {
  if (bundle) return bundle;
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-cli-'));
  temps.push(dir);
  chmodSync(dir, 0o755); // readable by the unprivileged user of `asUser`
  const out = path.join(dir, 'dist', 'cli.js');
  buildSync({ entryPoints: ['cli/main.ts'], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: MONITORING_EXTERNAL });
  // The job worker beside the bundle, as in dist/ (tune --jobs runs pools on worker threads).
  buildSync({ entryPoints: ['shared/node/jobs/worker.ts'], outfile: path.join(dir, 'dist', 'worker.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: MONITORING_EXTERNAL });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pool-tuner', version: '0.0.0-cli-test' }));
  bundle = out;
  return out;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Unprivileged uid/gid (`nobody`) used when the tests run as root, so file permissions mean something. */
export const NOBODY = 65534;
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Why permission tests cannot run here, or undefined when they can: as root they run the CLI as `nobody`,
 * which needs node itself to be reachable by that user (not the case with a node under /root, say).
 */
export function permissionTestsBlocked(): string | undefined {
  if (!isRoot) return undefined;
  const r = spawnSync(process.execPath, ['-e', '0'], { uid: NOBODY, gid: NOBODY, cwd: tmpdir() });
  return r.status === 0 ? undefined : `running as root and ${process.execPath} cannot be run as uid ${NOBODY}, so file permissions cannot be tested`;
}

/** Runs `pool-tuner <args>` in `cwd` with no TTY; `asUser` runs it as `nobody` when we are root. */
export function runCli(args: string[], cwd: string, opts: { env?: Record<string, string>; asUser?: boolean } = {}): RunResult {
  const ids = opts.asUser && isRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync(process.execPath, [cliBundle(), ...args], { cwd, encoding: 'utf8', env: { ...process.env, POOL_TUNER_DEBUG: '', ...opts.env }, timeout: 60_000, ...ids });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temp folder, optionally seeded with a copy of `from`; removed by `cleanup()`. */
export function tempWorkspace(from?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-ws-'));
  temps.push(dir);
  chmodSync(dir, 0o755);
  if (from) cpSync(from, dir, { recursive: true });
  return dir;
}

export function cleanup(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
  bundle = undefined;
}

/**
 * Piped text output wrapped at 80 columns (shared/report/wrap.ts) with each continuation joined back to its line,
 * for assertions about what a line says rather than where it broke.
 */
export function unwrapped(stdout: string): string {
  return stdout.replace(/\n {4,}(?=\S)/g, ' ');
}
