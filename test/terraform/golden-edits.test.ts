/**
 * `review --fix` and `tune --apply` on examples-terraform/ through the built CLI (dist/cli.js, the shipped .wasm):
 * the results equal the golden files byte for byte, keep every comment, and read back clean (the fixes and the
 * tuner's edits really landed in the HCL, including inside the yamlencode'd CremaConfig).
 * Regenerate the goldens: `UPDATE_GOLDEN=1 npx tsx --test test/terraform/golden-edits.test.ts`.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { review } from '../../shared/rules/engine.ts';
import { loadDir, parser } from './load.ts';

const CLI = path.resolve('dist/cli.js');
const SRC = 'examples-terraform';
const GOLDEN = 'test/fixtures/terraform/golden';
const SNAPSHOT = path.resolve('examples/metrics/snapshot.json');

function run(args: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-tf-'));
  cpSync(SRC, dir, { recursive: true });
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return dir;
}

/** Comment texts of a file (`# …` and `// …` outside strings, good enough for these files). */
function comments(text: string): string[] {
  return text.split('\n').flatMap((l) => {
    const m = /(?:^|\s)(#.*|\/\/.*)$/.exec(l);
    return m ? [m[1]!.trim()] : [];
  });
}

function checkGolden(dir: string, kind: 'fix' | 'tune'): string[] {
  const changed: string[] = [];
  for (const f of readdirSync(SRC).filter((n) => n.endsWith('.tf'))) {
    const out = readFileSync(path.join(dir, f), 'utf8');
    const golden = path.join(GOLDEN, kind, f);
    if (process.env['UPDATE_GOLDEN']) writeFileSync(golden, out);
    assert.equal(out, readFileSync(golden, 'utf8'), `${kind}: ${f} differs from ${golden}`);
    const before = readFileSync(path.join(SRC, f), 'utf8');
    // Every comment kept, in order; the only new ones head the resources Pool Tuner declares ("… (Pool Tuner).").
    assert.deepEqual(comments(out).filter((c) => !/\(Pool Tuner\)\.$/.test(c)), comments(before), `${kind}: ${f} lost or moved a comment`);
    if (out !== before) changed.push(f);
  }
  return changed;
}

describe('HCL edits through the CLI', () => {
  let hcl: HclParser;
  before(async () => {
    hcl = await parser();
  });

  it('review --fix writes the golden files and the fixed findings are gone', () => {
    const dir = run(['review', '.', '--fix']);
    assert.deepEqual(checkGolden(dir, 'fix'), ['orders.tf']);
    const ids = review(loadDir(dir, hcl)).findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('crema-per-object-polling-interval') && !ids.includes('activation-value-ignored'), ids.join(','));
    const before = review(loadDir(SRC, hcl)).findings.map((f) => f.ruleId);
    assert.ok(before.includes('crema-per-object-polling-interval') && before.includes('activation-value-ignored'));
  });

  it('tune --apply writes the golden files; the tuned settings read back from the HCL', () => {
    const dir = run(['tune', '.', '--metrics', SNAPSHOT, '--apply']);
    assert.deepEqual(checkGolden(dir, 'tune').sort(), ['notifications.tf', 'orders.tf', 'transcode.tf']);
    const ws = loadDir(dir, hcl);
    const orders = ws.pools.find((p) => p.name === 'orders-worker')!;
    assert.equal(orders.workerPool?.scalingMode, 'manual');
    assert.equal(orders.scaler?.maxReplicas, 42, 'maxReplicaCount inserted inside yamlencode({...})');
    assert.equal(orders.subscriptions[0]?.hasDeadLetterPolicy, true);
    assert.equal(orders.subscriptions[0]?.ackDeadlineSec, 60);
    const transcode = ws.pools.find((p) => p.name === 'transcode-worker')!;
    assert.equal(transcode.subscriptions[0]?.maxDeliveryAttempts, 10);
    const ids = review(ws).findings.filter((f) => f.pool === 'orders-worker').map((f) => f.ruleId);
    for (const id of ['crema-pool-not-manual', 'no-dead-letter-policy', 'no-retry-policy', 'exactly-once-short-ack-deadline']) assert.ok(!ids.includes(id), `${id} still fires`);
  });
});
