/**
 * bench/fleet: `pool-tuner tune` over a generated fleet (bench/fleet/generate.ts: 1,000 pools by default, each with
 * an hour of per-minute metrics, so every pool gets a real tuner search), with the built CLI (dist/cli.js):
 *   baseline  --jobs 1      every pool on the main thread,
 *   parallel  --jobs <cores> pools in chunks on worker threads (shared/node/jobs).
 * Prints wall time, the speed-up over one thread (target ≥ 0.7 × cores), peak memory (VmHWM of the process, worker
 * threads included) and checks that both runs print the same proposals. Each measured in the same run.
 * Usage: node --import tsx bench/fleet/run.ts [--pools 1000] [--minutes 60] [--jobs <cores>]   (builds dist/ if missing)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateFleet } from './generate.ts';

const { values } = parseArgs({ options: { pools: { type: 'string', default: '1000' }, minutes: { type: 'string', default: '60' }, jobs: { type: 'string' } } });
const pools = Number(values.pools);
const minutes = Number(values.minutes);
const cores = availableParallelism();
const jobs = values.jobs === undefined ? cores : Number(values.jobs);

interface Run {
  wallMs: number;
  peakRssMiB: number;
  stdoutSha: string;
  pools: number;
}

/** Runs the CLI, sampling VmHWM (peak resident set, all threads) from /proc until it exits. */
function tuneOnce(dir: string, snapshot: string, j: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['dist/cli.js', 'tune', dir, '--metrics', snapshot, '--format', 'json', '--jobs', String(j)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let peakKb = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited between samples
      }
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d: Buffer) => {
      out.push(d);
      sample();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`tune --jobs ${j} exited ${code}: ${err.slice(0, 500)}`));
      const text = Buffer.concat(out).toString();
      const parsed = JSON.parse(text) as { pools: unknown[] };
      resolve({ wallMs, peakRssMiB: peakKb / 1024, stdoutSha: createHash('sha256').update(text).digest('hex'), pools: parsed.pools.length });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync('dist/cli.js') || !existsSync('dist/worker.js')) spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-fleet-'));
  try {
    const { files, snapshot } = generateFleet(dir, pools, minutes);
    console.log(`node ${process.version}, ${cores} cores, fleet: ${pools} pools (${files} files), ${minutes} min of metrics each`);
    const one = await tuneOnce(dir, snapshot, 1);
    console.log(`tune --jobs 1 (baseline)   ${(one.wallMs / 1000).toFixed(1)} s  peak RSS ${one.peakRssMiB.toFixed(0)} MiB  (${one.pools} proposals)`);
    const many = await tuneOnce(dir, snapshot, jobs);
    console.log(`tune --jobs ${jobs}             ${(many.wallMs / 1000).toFixed(1)} s  peak RSS ${many.peakRssMiB.toFixed(0)} MiB  (${many.pools} proposals)`);
    const speedup = one.wallMs / many.wallMs;
    const target = 0.7 * cores;
    console.log(`speed-up ×${speedup.toFixed(2)} over one thread (target ≥ ×${target.toFixed(1)} = 0.7 × ${cores} cores: ${speedup >= target ? 'met' : 'NOT met'}); memory ×${(many.peakRssMiB / one.peakRssMiB).toFixed(2)} of one thread`);
    console.log(`same output: ${one.stdoutSha === many.stdoutSha ? 'yes' : 'NO'}`);
    if (one.stdoutSha !== many.stdoutSha) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
