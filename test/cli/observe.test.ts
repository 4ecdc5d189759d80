/** `pool-tuner observe` through the CLI bundle: the report, the gcloud JSON files, Terraform for a YAML project, bad channels. */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, runCli, tempWorkspace } from './harness.ts';

after(cleanup);

/** The example project without the metrics, traces and generated outputs: the pools only (no simulation needed). */
function project(): string {
  const dir = tempWorkspace(path.resolve('examples'));
  for (const d of ['metrics', 'traces', 'observe']) rmSync(path.join(dir, d), { recursive: true, force: true });
  return dir;
}

it('without metrics: the report says the thresholds were not fitted', () => {
  const dir = project();
  const r = runCli(['observe', '.', '--pool', 'orders-worker'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /## orders-worker/);
  assert.match(r.stdout, /thresholds were not fitted/);
  assert.match(r.stdout, /\| oldest unacked message age approaching the SLO \| 720 s \| — \| — \| untested \|/);
});

it('--format json --out writes one AlertPolicy per file and the dashboard, per pool', () => {
  const dir = project();
  const r = runCli(['observe', '.', '--format', 'json', '--out', 'monitoring'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /wrote monitoring\/orders-worker\/alert-oldest-age\.json/);
  const files = readdirSync(path.join(dir, 'monitoring', 'orders-worker')).sort();
  assert.ok(files.includes('dashboard.json') && files.includes('alert-stalled.json'), files.join(', '));
  const policy = JSON.parse(readFileSync(path.join(dir, 'monitoring', 'orders-worker', 'alert-oldest-age.json'), 'utf8')) as { displayName: string; conditions: { conditionPrometheusQueryLanguage: { query: string } }[] };
  assert.equal(policy.displayName, 'pool-tuner orders-worker: oldest unacked message age approaching the SLO');
  assert.match(policy.conditions[0]!.conditionPrometheusQueryLanguage.query, /subscription_id="orders-sub"/);
  const dash = JSON.parse(readFileSync(path.join(dir, 'monitoring', 'orders-worker', 'dashboard.json'), 'utf8')) as { mosaicLayout: { tiles: unknown[] } };
  assert.equal(dash.mosaicLayout.tiles.length, 6);
});

it('--format terraform on a YAML project prints the resources with literal names and the channels variable', () => {
  const dir = project();
  const r = runCli(['observe', '.', '--format', 'terraform', '--pool', 'notify-worker'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /variable "pool_tuner_notification_channels" \{/);
  assert.match(r.stdout, /resource "google_monitoring_alert_policy" "notify_worker_oldest_age" \{/);
  assert.match(r.stdout, /notification_channels = var\.pool_tuner_notification_channels/);
  assert.match(r.stdout, /resource "google_monitoring_dashboard" "notify_worker" \{/);
});

it('a notification channel in another format is an error naming the setting (exit 2)', () => {
  const dir = project();
  const settings = path.join(dir, 'pool-tuner.yaml');
  writeFileSync(settings, `${readFileSync(settings, 'utf8')}notificationChannels:\n  - projects/acme-shop-prod/notificationChannels/42\n  - '#ops-alerts'\n`);
  const r = runCli(['observe', '.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /setting `notificationChannels\.1` is not a notification channel: expected projects\/<project>\/notificationChannels\/<id>/);
});
