/**
 * The metrics CLI end to end: `metrics show`, `review --metrics FILE`, bad snapshots (exit 2, no stack trace),
 * `metrics record` against the local gRPC MetricService, and without credentials (the fix is named, no stack).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/harness.ts';
import { loadSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { startMonitoringServer, series, type LocalMonitoringServer } from './monitoring-server.ts';

const ROOT = process.cwd();
const SNAP = path.join(ROOT, 'examples/metrics/snapshot.json');
const tmp = mkdtempSync(path.join(tmpdir(), 'pool-tuner-metrics-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI from sources (tsx), asynchronously so a server in this process can answer it. */
function runSource(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, POOL_TUNER_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('metrics show prints every example pool with sparklines', () => {
  const r = runCli(['metrics', 'show', '--metrics', SNAP, 'examples'], ROOT);
  assert.equal(r.code, 0, r.stderr);
  for (const p of ['orders-worker', 'transcode-worker', 'notify-worker']) assert.match(r.stdout, new RegExp(`^${p}\\s`, 'm'));
  assert.match(r.stdout, /arrivals\/min [▁▂▃▄▅▆▇█ ]{48}/);
  assert.match(r.stdout, /backlog {6}[▁▂▃▄▅▆▇█ ]{48}/);
});

it('review --metrics runs the metric rules on the example snapshot', () => {
  const r = runCli(['review', 'examples', '--metrics', SNAP, '--format', 'json'], ROOT);
  const ids = (JSON.parse(r.stdout) as { findings: { ruleId: string }[]; skippedForMetrics: string[] }).findings.map((f) => f.ruleId);
  for (const id of ['ack-deadline-below-p99', 'expired-ack-deadlines-high', 'backlog-growing']) assert.ok(ids.includes(id), `${id} not in ${ids.join(', ')}`);
});

it('a bad snapshot is exit 2 with the located problem and no stack trace', () => {
  const text = readFileSync(SNAP, 'utf8');
  const cases: [string, RegExp][] = [
    [text.slice(0, 5000), /truncated/],
    [text.replace('"schemaVersion":1', '"schemaVersion":9'), /schemaVersion 9/],
    [text.replace(/"instanceCount":\[\d+/, '"instanceCount":[-1'), /pool 'orders-worker', instanceCount\[0\]: -1 is negative/],
  ];
  for (const [content, expected] of cases) {
    const f = path.join(tmp, 'bad.json');
    writeFileSync(f, content);
    const r = runCli(['review', 'examples', '--metrics', f], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  }
});

it('metrics record without credentials names the fix, without a stack trace', async () => {
  const r = await runSource(['metrics', 'record', '--project', 'p', '--out', path.join(tmp, 'none.json'), 'examples'], { GOOGLE_APPLICATION_CREDENTIALS: path.join(tmp, 'missing-key.json') });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /gcloud auth application-default login/);
  assert.match(r.stderr, /roles\/monitoring\.viewer/);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
});

let server: LocalMonitoringServer;
before(async () => {
  server = await startMonitoringServer((req) => {
    const resource = /resource\.type = "([^"]+)"/.exec(req.filter)![1]!;
    const label = resource === 'pubsub_subscription' ? 'subscription_id' : resource === 'pubsub_topic' ? 'topic_id' : 'worker_pool_name';
    const ids = [...(/one_of\(([^)]*)\)/.exec(req.filter)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const end = Number(req.interval.endTime?.seconds);
    const v = /utilizations/.test(req.metricType) ? 0.25 : 7;
    return { timeSeries: ids.map((id) => series(resource, { [label]: id }, Array.from({ length: 30 }, (_, i) => ({ endSec: end - i * 60, value: v })))) };
  });
});
after(async () => {
  await server.close();
});

it('metrics record writes a valid snapshot from the local MetricService, with progress on stderr', async () => {
  const out = path.join(tmp, 'live.json');
  const r = await runSource(['metrics', 'record', '--project', 'acme', '--window', '30m', '--out', out, 'examples'], { POOL_TUNER_MONITORING_ENDPOINT: `127.0.0.1:${server.port}` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /recording 3 pools, 3 subscriptions/);
  assert.match(r.stderr, /14 requests; all metrics complete/);
  const loaded = loadSnapshot(readFileSync(out, 'utf8'));
  assert.ok(loaded.ok);
  assert.equal(loaded.lengthSteps, 30);
  assert.deepEqual(Object.keys(loaded.snapshot.pools).sort(), ['notify-worker', 'orders-worker', 'transcode-worker']);
  assert.ok(loaded.snapshot.subscriptions['orders-sub']!.ackedMessagesPerMin!.every((x) => x === 7));
  assert.ok(server.requests.every((q) => q.name === 'projects/acme'));
  const bad = await runSource(['metrics', 'record', '--project', 'acme', '--out', out, 'examples'], { POOL_TUNER_MONITORING_ENDPOINT: 'monitoring.example.com:443' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /loopback/);
});
