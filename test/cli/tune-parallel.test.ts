/**
 * `tune --jobs N` tunes pools in parallel on worker threads (shared/node/jobs): the output is byte for byte the
 * one-thread output (bench/fleet measures the speed-up).
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanup, runCli } from './harness.ts';

after(cleanup);

const ARGS = ['tune', 'examples', '--metrics', 'examples/metrics/snapshot.json', '--format', 'json', '--sim-budget', '2000'];

it('tune --jobs 2 prints exactly what --jobs 1 prints', () => {
  const one = runCli([...ARGS, '--jobs', '1'], path.resolve('.'));
  const two = runCli([...ARGS, '--jobs', '2'], path.resolve('.'));
  assert.equal(one.code, 0, one.stderr);
  assert.equal(two.code, 0, two.stderr);
  const pools = (JSON.parse(one.stdout) as { pools: { pool: string; search?: unknown }[] }).pools;
  assert.equal(pools.length, 3);
  assert.ok(pools.some((p) => p.search), 'at least one pool was searched (simulations ran)');
  assert.equal(two.stdout, one.stdout);
});

it('--jobs is validated', () => {
  const r = runCli(['tune', 'examples', '--jobs', '0'], path.resolve('.'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--jobs must be a whole number from 1 to 256 \(got '0'\)/);
});
