/** CLI smoke tests for `tune`, `simulate` and `cost` on a copy of examples/, through the real bundle. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, runCli, tempWorkspace, unwrapped } from '../cli/harness.ts';
import { TuneOutputSchema } from '../../shared/tune/schema.ts';
import { CostOutputSchema } from '../../shared/tune/cost-report.ts';

after(cleanup);
const examples = path.resolve('examples');

describe('pool-tuner tune', () => {
  it('prints a table, reasons and a diff per pool (text) and valid versioned JSON', () => {
    const ws = tempWorkspace(examples);
    const text = runCli(['tune', '.'], ws);
    assert.equal(text.code, 0, text.stderr);
    for (const pool of ['orders-worker', 'transcode-worker', 'notify-worker']) assert.match(text.stdout, new RegExp(`^${pool}: `, 'm'));
    assert.match(text.stdout, /setting\s+current\s+proposed/);
    assert.match(text.stdout, /^ {2}\+\+\+ b\/orders\/subscription\.yaml$/m);
    assert.match(text.stdout, /^ {2}-ackDeadlineSeconds: 10$/m);
    const json = runCli(['tune', '.', '--format', 'json'], ws);
    const parsed = TuneOutputSchema.safeParse(JSON.parse(json.stdout));
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    const md = runCli(['tune', '.', '--format', 'markdown', '--pool', 'orders-worker'], ws);
    assert.match(md.stdout, /^## orders-worker: /m);
    assert.match(md.stdout, /```diff/);
    assert.doesNotMatch(md.stdout, /transcode-worker/);
  });

  it('names the known pools for an unknown one (exit 2)', () => {
    const ws = tempWorkspace(examples);
    for (const cmd of ['tune', 'simulate', 'cost']) {
      const r = runCli([cmd, '.', '--pool', 'order'], ws);
      assert.equal(r.code, 2, cmd);
      assert.match(r.stderr, /No pool 'order'\. Known pools: notify-worker, orders-worker, transcode-worker\./);
    }
  });

  it('reports an unreadable --metrics or a bad option as a usage error (exit 2), and prints help (exit 0)', () => {
    const ws = tempWorkspace(examples);
    const missing = runCli(['tune', '.', '--metrics', 'no-such-snapshot.json'], ws);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such-snapshot\.json/);
    assert.equal(missing.stdout, '');
    const bad = runCli(['tune', '.', '--sim-budget', 'lots'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--sim-budget must be a whole number/);
    for (const cmd of ['tune', 'simulate', 'cost']) {
      const help = runCli([cmd, '--help'], ws);
      assert.equal(help.code, 0, cmd);
      assert.match(help.stdout, new RegExp(`^Usage: pool-tuner ${cmd} `));
    }
  });

  it('--apply writes the edits atomically, keeps comments, and a second run proposes nothing', () => {
    const ws = tempWorkspace(examples);
    const before = readFileSync(path.join(ws, 'orders/subscription.yaml'), 'utf8');
    const r = runCli(['tune', '.', '--apply'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^applied tune-[0-9a-f]{16} \(orders-worker\): orders\/subscription\.yaml$/m);
    const afterText = readFileSync(path.join(ws, 'orders/subscription.yaml'), 'utf8');
    assert.notEqual(afterText, before);
    assert.match(afterText, /^ackDeadlineSeconds: 60$/m);
    assert.match(afterText, /^# gcloud pubsub subscriptions describe orders-sub --format=yaml$/m);
    const again = JSON.parse(runCli(['tune', '.', '--format', 'json'], ws).stdout) as { pools: { pool: string; edits: unknown[] }[] };
    for (const p of again.pools) assert.deepEqual(p.edits, [], p.pool);
  });

  it('tunes sizing from the example metrics snapshot when it exists', (t) => {
    if (!existsSync(path.join(examples, 'metrics', 'snapshot.json'))) {
      t.skip('examples/metrics/snapshot.json not present');
      return;
    }
    const ws = tempWorkspace(examples);
    const r = runCli(['tune', '.', '--metrics', 'metrics/snapshot.json', '--format', 'json'], ws);
    if (r.code === 2 && /not available yet/.test(r.stderr)) {
      t.skip('metrics loading not wired in yet');
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const out = TuneOutputSchema.parse(JSON.parse(r.stdout));
    assert.ok(out.pools.every((p) => p.currentFigures !== undefined && p.predictedFigures !== undefined));
    // Applying the proposals and tuning again with the same metrics proposes nothing more (a fixed point).
    const applied = runCli(['tune', '.', '--metrics', 'metrics/snapshot.json', '--apply'], ws);
    assert.equal(applied.code, 0, applied.stderr);
    const again = TuneOutputSchema.parse(JSON.parse(runCli(['tune', '.', '--metrics', 'metrics/snapshot.json', '--format', 'json'], ws).stdout));
    for (const p of again.pools) assert.deepEqual(p.edits, [], `${p.pool}: ${p.diff}`);
  });
});

describe('pool-tuner simulate', () => {
  it('prints current vs what-if figures', () => {
    const ws = tempWorkspace(examples);
    const r = runCli(['simulate', '.', '--pool', 'orders-worker', '--set', 'rate=5', '--set', 'target=10', '--set', 'minReplicas=1'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /what-if: +concurrency 20, CREMA value 10 min 1 /);
    assert.match(r.stdout, /queue wait p95\s+\S+ s\s+\S+ s\s+≤ 30 s/);
    const json = JSON.parse(runCli(['simulate', '.', '--pool', 'orders-worker', '--set', 'rate=5', '--set', 'instances=3', '--format', 'json'], ws).stdout) as { changed: { scaling: { mode: string } }; predictedFigures: { meanInstances: number } };
    assert.equal(json.changed.scaling.mode, 'manual');
    assert.ok(Math.abs(json.predictedFigures.meanInstances - 3) < 1e-9);
  });

  it('explains what is missing without a workload, and rejects unknown keys (exit 2)', () => {
    const ws = tempWorkspace(examples);
    const none = runCli(['simulate', '.', '--pool', 'orders-worker'], ws);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--set rate=MSG_PER_SEC/);
    const bad = runCli(['simulate', '.', '--pool', 'orders-worker', '--set', 'replicas=3'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /known key \(concurrency, instances, target/);
  });
});

describe('pool-tuner cost', () => {
  it('prices each pool as configured (text and JSON)', () => {
    const ws = tempWorkspace(examples);
    const r = runCli(['cost', '.'], ws);
    assert.equal(r.code, 0, r.stderr);
    // transcode asks for an L4 with 8 GiB, which Cloud Run rejects (§6.4: L4 needs 16 GiB), so it is priced as
    // 6 × (4 vCPU × $0.000018 + 16 GiB × $0.000002 + L4 $0.0001867) × 730 h × 3600 s = $4,584/month, and says so.
    assert.match(r.stdout, /^transcode-worker: \$4,584\/month \(6 × 4 vCPU, 16 GiB, nvidia-l4/m);
    assert.match(unwrapped(r.stdout), /note: Priced at 4 vCPU \/ 16384 MiB, the smallest valid shape \(L4 needs ≥16 GiB\)/);
    const json = CostOutputSchema.parse(JSON.parse(runCli(['cost', '.', '--format', 'json'], ws).stdout));
    const orders = json.pools.find((p) => p.pool === 'orders-worker')!;
    assert.equal(orders.instances.basis, 'crema-range');
    assert.equal(orders.costUsdPerMonth?.min, 0);
  });
});
