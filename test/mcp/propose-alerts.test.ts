/** propose_alerts through a real MCP client (in-memory transport): read-only, the policies, verdicts and text, bad input. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { snapshotViewFromText } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { connect, copyExamples, textOf, validatorFor, type Connected } from './harness.ts';

function snapshotAccess(dir: string, file: string): MetricsAccess {
  return { source: file, live: false, view: async (loaded) => snapshotViewFromText(readFileSync(path.join(dir, file), 'utf8'), file, loaded.ws) };
}

describe('propose_alerts', () => {
  let c: Connected;
  let ex: ReturnType<typeof copyExamples>;
  let validate: (name: string, value: unknown) => string | undefined;
  before(async () => {
    ex = copyExamples();
    c = await connect({ roots: [ex.dir], metrics: snapshotAccess(ex.dir, 'metrics/snapshot.json') });
    validate = await validatorFor(c.client);
  });
  after(async () => {
    await c.close();
    ex.dispose();
  });

  it('is read-only and idempotent', async () => {
    const t = (await c.client.listTools()).tools.find((x) => x.name === 'propose_alerts')!;
    assert.equal(t.annotations?.readOnlyHint, true);
    assert.equal(t.annotations?.destructiveHint, false);
    assert.equal(t.annotations?.idempotentHint, true);
  });

  it('returns the policies, the replay verdicts and the Terraform and JSON text for a pool', async () => {
    const r = await c.call('propose_alerts', { pool: 'notify-worker' });
    assert.equal(r.isError, undefined, textOf(r).slice(0, 300));
    assert.equal(validate('propose_alerts', r.structuredContent), undefined);
    const s = r.structuredContent as { pool: string; fitted: boolean; alerts: { kind: string; recorded?: { fires: number; at: string[] }; replays?: { replays: number }; summary: string }[]; policies: unknown[]; terraform?: { path: string; text: string }; files: { path: string; text: string }[] };
    assert.equal(s.pool, 'notify-worker');
    assert.equal(s.fitted, true);
    const age = s.alerts.find((a) => a.kind === 'oldest-age')!;
    assert.deepEqual(age.recorded?.at, ['2026-11-20T00:31:00Z', '2026-11-20T17:10:00Z']);
    assert.equal(age.replays?.replays, 10);
    assert.match(age.summary, /would have fired 2 times on the recording \(00:31, 17:10\); fires on 10 of 10 replays/);
    assert.equal(s.policies.length, s.alerts.length);
    assert.match(s.terraform!.text, /resource "google_monitoring_alert_policy" "notify_worker_oldest_age"/);
    assert.ok(s.files.some((f) => f.path === 'notify-worker/dashboard.json'));
    // Same thresholds as the CLI's checked-in output for this pool.
    const shipped = JSON.parse(readFileSync('examples/observe/json/notify-worker/alert-oldest-age.json', 'utf8')) as unknown;
    assert.deepEqual(JSON.parse(s.files.find((f) => f.path === 'notify-worker/alert-oldest-age.json')!.text), shipped);
  });

  it('an unknown pool and a bad notification channel are isError with what would work', async () => {
    const r = await c.call('propose_alerts', { pool: 'notify' });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /No pool 'notify'\. Known pools: .*notify-worker/);
    const settings = path.join(ex.dir, 'pool-tuner.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}notificationChannels:\n  - pagerduty\n`);
    const bad = await c.call('propose_alerts', { pool: 'orders-worker' });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /setting `notificationChannels\.0` is not a notification channel: expected projects\/<project>\/notificationChannels\/<id>/);
  });
});
