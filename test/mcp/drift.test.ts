/**
 * analyze_pool with metrics reads the applied proposal records, so its traffic-drift finding is the one
 * `pool-tuner review --metrics` prints for the same files and recording (examples: orders-worker's record and
 * metrics/after.json, orders tripled since tuning); without metrics the rule is skipped, as in the CLI.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cachedMetrics } from '../../mcp-server/metrics-cache.ts';
import { loadMetricsForCli } from '../../cli/metrics-source.ts';
import { cleanup, runCli } from '../cli/harness.ts';
import { connect } from './harness.ts';

after(cleanup);

interface Finding { ruleId: string; pool?: string; message: string }

it('analyze_pool reports the traffic-drift finding that review --metrics reports', async () => {
  const cli = runCli(['review', 'examples', '--metrics', 'examples/metrics/after.json', '--format', 'json'], path.resolve('.'));
  const cliDrift = (JSON.parse(cli.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'traffic-drift');
  assert.equal(cliDrift.length, 1, cli.stderr);

  const c = await connect({ metrics: cachedMetrics('examples/metrics/after.json', loadMetricsForCli) });
  try {
    const r = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
    assert.ok(!r.isError, JSON.stringify(r.content));
    const drift = (r.structuredContent as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'traffic-drift');
    assert.deepEqual(drift.map((f) => [f.pool, f.message]), cliDrift.map((f) => [f.pool, f.message]));
  } finally {
    await c.close();
  }
});

it('without metrics, traffic-drift is skipped for metrics, not silently absent', async () => {
  const c = await connect();
  try {
    const r = await c.call('analyze_pool', { pool: 'orders-worker' });
    const out = r.structuredContent as { findings: Finding[]; skippedForMetrics: string[] };
    assert.ok(out.skippedForMetrics.includes('traffic-drift'));
    assert.ok(!out.findings.some((f) => f.ruleId === 'traffic-drift'));
  } finally {
    await c.close();
  }
});
