/**
 * `observe --apply live` through the real AlertPolicyServiceClient and DashboardsServiceClient against a local gRPC
 * server: the first run creates every policy and dashboard, the second updates them in place (matched by display name), never duplicates;
 * a policy Pool Tuner did not generate is left alone. The CLI runs from sources so the server in this process answers.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { clientPolicy } from '../../shared/node/alert-policies.ts';
import { startAlertPolicyServer, type LocalAlertServer } from './alert-policy-server.ts';

const ROOT = process.cwd();
const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-observe-live-'));
let server: LocalAlertServer;

before(async () => {
  cpSync('examples', dir, { recursive: true });
  for (const d of ['metrics', 'traces', 'observe']) rmSync(path.join(dir, d), { recursive: true, force: true });
  server = await startAlertPolicyServer([{ name: 'projects/acme-shop-prod/alertPolicies/1', displayName: 'someone else\'s policy', combiner: 'OR' }]);
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function runSource(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, POOL_TUNER_DEBUG: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('creates the policies once and updates them, not duplicates, on the second run', async () => {
  const env = { POOL_TUNER_MONITORING_ENDPOINT: `127.0.0.1:${server.port}` };
  const first = await runSource(['observe', dir, '--apply', 'live'], env);
  assert.equal(first.code, 0, first.stderr);
  const m = /project acme-shop-prod: (\d+) alert policies created, 0 updated/.exec(first.stderr);
  assert.ok(m, first.stderr);
  const n = Number(m[1]);
  assert.ok(n >= 15, `only ${n} policies`);
  assert.equal(server.policies.length, n + 1);
  const second = await runSource(['observe', dir, '--apply', 'live'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, new RegExp(`0 alert policies created, ${n} updated`));
  assert.equal(server.policies.length, n + 1, 'no duplicates');
  assert.equal(new Set(server.policies.map((p) => p.displayName)).size, n + 1);
  assert.equal(server.policies[0]!.displayName, 'someone else\'s policy');
  assert.equal(server.calls.filter((c) => c.method === 'update').length, n);
  const age = server.policies.find((p) => p.displayName === 'pool-tuner orders-worker: oldest unacked message age approaching the SLO')!;
  const cond = (age['conditions'] as { conditionPrometheusQueryLanguage: { query: string; duration: { seconds: string } } }[])[0]!.conditionPrometheusQueryLanguage;
  assert.match(cond.query, /subscription_id="orders-sub"\}\) > 720$/);
  assert.equal(cond.duration.seconds, '120');
  // Dashboards alike: one per pool, updated on the second run.
  assert.match(second.stderr, /0 dashboards created, 3 updated/);
  assert.deepEqual(server.dashboards.map((d) => d.displayName).sort(), ['pool-tuner notify-worker', 'pool-tuner orders-worker', 'pool-tuner transcode-worker']);
  const tiles = (server.dashboards[0]!['mosaicLayout'] as { tiles: unknown[] }).tiles;
  assert.equal(tiles.length, 6);
});

it('--apply takes only live', async () => {
  const r = await runSource(['observe', dir, '--apply', 'yes'], {});
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--apply takes 'live'/);
});

it('the client gets Durations and the BoolValue as messages', () => {
  const p = clientPolicy({ displayName: 'x', enabled: true, conditions: [{ conditionPrometheusQueryLanguage: { query: 'up', duration: '300s', evaluationInterval: '60s' } }] });
  assert.deepEqual(p['enabled'], { value: true });
  assert.deepEqual((p['conditions'] as { conditionPrometheusQueryLanguage: unknown }[])[0]!.conditionPrometheusQueryLanguage, { query: 'up', duration: { seconds: 300, nanos: 0 }, evaluationInterval: { seconds: 60, nanos: 0 } });
});
