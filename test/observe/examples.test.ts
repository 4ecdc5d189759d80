/**
 * examples/observe/ is what `observe` writes for the example pools today, and it is valid: each policy decodes as
 * google.monitoring.v3.AlertPolicy and each dashboard as google.monitoring.dashboard.v1.Dashboard (Google's shipped
 * protobuf types, unknown fields refused), the Terraform parses with HashiCorp's HCL parser (@cdktf/hcl2json) and
 * references the module's own resources. And the verdicts the README states: notify-worker's recorded incident
 * fires; the replays of the tuned orders-worker and transcode-worker configurations stay quiet.
 * Regenerate: `npx tsx scripts/gen-observe-examples.ts`.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { observeExamples, type ExampleRun } from '../../scripts/gen-observe-examples.ts';
import { ObserveOutputSchema } from '../../shared/observe/schema.ts';
import { decodeStrict, monitoringTypes } from './proto-check.ts';

let run: ExampleRun;
before(async () => {
  run = await observeExamples();
});

describe('examples/observe', () => {
  it('is current (npx tsx scripts/gen-observe-examples.ts)', () => {
    const stale = run.files.filter((f) => {
      try {
        return readFileSync(f.path, 'utf8') !== f.text;
      } catch {
        return true;
      }
    }).map((f) => f.path);
    assert.deepEqual(stale, []);
    assert.equal(run.files.filter((f) => f.path.endsWith('.json')).length, 21);
  });

  it('the JSON outputs follow the observe schema', () => {
    ObserveOutputSchema.parse(run.yaml.out);
    ObserveOutputSchema.parse(run.terraform.out);
  });

  it('every policy decodes as google.monitoring.v3.AlertPolicy and every dashboard as google.monitoring.dashboard.v1.Dashboard', () => {
    const { alert, dashboard } = monitoringTypes();
    for (const f of run.files.filter((x) => x.path.endsWith('.json'))) {
      const json = JSON.parse(f.text) as unknown;
      const msg = decodeStrict(f.path.endsWith('dashboard.json') ? dashboard : alert, json);
      assert.ok(msg['displayName'], f.path);
    }
    const p = decodeStrict(alert, JSON.parse(readFileSync('examples/observe/json/orders-worker/alert-oldest-age.json', 'utf8')));
    const cond = (p['conditions'] as { conditionPrometheusQueryLanguage: { query: string; duration: { seconds: number } } }[])[0]!.conditionPrometheusQueryLanguage;
    assert.match(cond.query, /oldest_unacked_message_age_by_region/);
    assert.equal(cond.duration.seconds, 120);
    assert.equal(p['severity'], 'ERROR');
  });

  it('the Terraform parses with HashiCorp\'s HCL parser and references the module\'s resources', async () => {
    const tf = run.files.find((f) => f.path.endsWith('.tf'))!;
    const parsed = await parseHcl('pool-tuner-observe.tf', tf.text) as {
      variable: Record<string, unknown>;
      resource: { google_monitoring_alert_policy: Record<string, { conditions: { condition_prometheus_query_language: { query: string }[] }[]; notification_channels: string }[]>; google_monitoring_dashboard: Record<string, { dashboard_json: string }[]> };
    };
    assert.ok(parsed.variable['pool_tuner_notification_channels']);
    const policies = parsed.resource.google_monitoring_alert_policy;
    assert.equal(Object.keys(policies).length, 18);
    const age = policies['orders_worker_oldest_age']![0]!;
    assert.match(age.conditions[0]!.condition_prometheus_query_language[0]!.query, /subscription_id=\\?"\$\{google_pubsub_subscription\.orders\.name\}\\?"/);
    assert.equal(age.notification_channels, '${var.pool_tuner_notification_channels}');
    assert.deepEqual(Object.keys(parsed.resource.google_monitoring_dashboard).sort(), ['notify_worker', 'orders_worker', 'transcode_worker']);
    assert.match(parsed.resource.google_monitoring_dashboard['orders_worker']![0]!.dashboard_json, /worker_pool_name=.*google_cloud_run_v2_worker_pool\.orders\.name/);
  });

  it('notify-worker\'s recorded backlog incident fires; the tuned orders and transcode configurations stay quiet on their replays', () => {
    const pool = (name: string) => run.yaml.out.pools.find((p) => p.pool === name)!;
    const age = pool('notify-worker').alerts.find((a) => a.kind === 'oldest-age')!;
    assert.ok((age.recorded?.fires ?? 0) > 0, age.summary);
    assert.equal(age.recorded?.sloBreached, true);
    for (const name of ['orders-worker', 'transcode-worker']) {
      for (const a of pool(name).alerts) {
        assert.equal(a.replays?.replays, 10, `${name} ${a.kind}`);
        assert.equal(a.replays?.fired, 0, `${name} ${a.kind}: ${a.summary}`);
      }
    }
  });

  it('Terraform and YAML describe the same pools: the same thresholds', () => {
    const key = (o: ExampleRun['yaml']['out']) => o.pools.map((p) => `${p.pool}: ${p.alerts.map((a) => `${a.kind}=${a.threshold}`).join(' ')}`).sort();
    assert.deepEqual(key(run.terraform.out), key(run.yaml.out));
  });
});

describe('the decoder refuses what the API refuses', () => {
  const policy = () => JSON.parse(readFileSync('examples/observe/json/orders-worker/alert-stalled.json', 'utf8')) as Record<string, unknown> & { conditions: Record<string, unknown>[] };
  it('an unknown field', () => {
    const p = policy();
    p['conditionMql'] = 'fetch x';
    assert.throws(() => decodeStrict(monitoringTypes().alert, p), /conditionMql: unknown field of AlertPolicy/);
  });
  it('an unknown nested field, a bad enum, a bad Duration', () => {
    const p = policy();
    (p.conditions[0]!['conditionPrometheusQueryLanguage'] as Record<string, unknown>)['for'] = '5m';
    p['severity'] = 'LOUD';
    (p.conditions[0]!['conditionPrometheusQueryLanguage'] as Record<string, unknown>)['duration'] = 300;
    assert.throws(() => decodeStrict(monitoringTypes().alert, p), (e: Error) => /\.for: unknown field/.test(e.message) && /"LOUD" is not a Severity value/.test(e.message) && /Duration is a string/.test(e.message));
  });
  it('two members of a oneof, and an unknown dashboard widget field', () => {
    const d = JSON.parse(readFileSync('examples/observe/json/orders-worker/dashboard.json', 'utf8')) as Record<string, unknown>;
    d['gridLayout'] = { columns: 2 };
    ((d['mosaicLayout'] as { tiles: { widget: Record<string, unknown> }[] }).tiles[0]!.widget)['chart'] = {};
    assert.throws(() => decodeStrict(monitoringTypes().dashboard, d), (e: Error) => /more than one of oneof layout/.test(e.message) && /widget\.chart: unknown field of Widget/.test(e.message));
  });
});
