/**
 * analyze_pool shows what the pool model was fitted to (issue 19): with a pool and metrics, the identified
 * parameters with their basis and evidence, the same lines `pool-tuner tune` prints; without metrics, none.
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cachedMetrics } from '../../mcp-server/metrics-cache.ts';
import { loadMetricsForCli } from '../../cli/metrics-source.ts';
import { cleanup, runCli, unwrapped } from '../cli/harness.ts';
import { connect } from './harness.ts';

after(cleanup);

it('analyze_pool lists the identified parameters that tune prints', async () => {
  const cli = runCli(['tune', 'examples', '--pool', 'notify-worker', '--metrics', 'examples/metrics/snapshot.json'], path.resolve('.'));
  const c = await connect({ metrics: cachedMetrics('examples/metrics/snapshot.json', loadMetricsForCli) });
  try {
    const r = await c.call('analyze_pool', { pool: 'notify-worker', limit: 1 });
    assert.ok(!r.isError, JSON.stringify(r.content));
    const identified = (r.structuredContent as { identified?: string[] }).identified ?? [];
    assert.ok(identified.some((l) => l.startsWith('downstream ceiling: 100 msg/s (declared)')), identified.join('\n'));
    assert.ok(identified.some((l) => l.startsWith('intrinsic processing: ')), identified.join('\n'));
    for (const l of identified) assert.ok(unwrapped(cli.stdout).includes(l), `tune prints it too: ${l}`);
  } finally {
    await c.close();
  }
  const bare = await connect();
  try {
    const r = await bare.call('analyze_pool', { pool: 'notify-worker', limit: 1 });
    assert.equal((r.structuredContent as { identified?: string[] }).identified, undefined);
  } finally {
    await bare.close();
  }
});
