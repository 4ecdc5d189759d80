/**
 * Degrade, don't fail (#12 item 6): the built server started with `--metrics live` and no credentials answers
 * analyze_pool, propose_* and estimate_cost from the config alone, each result carrying the source's error as a
 * warning; get_pool_metrics (which is about metrics) still fails with that error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const NO_CREDENTIALS = /does not exist.*gcloud auth application-default login.*config files alone/s;

function structured(r: CallToolResult): Record<string, unknown> {
  assert.notEqual(r.isError, true, JSON.stringify(r.content));
  return r.structuredContent as Record<string, unknown>;
}

describe('MCP server with --metrics live and no credentials', () => {
  let client: Client;
  before(async () => {
    if (!existsSync('dist/cli.js')) assert.equal(spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' }).status, 0);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    // A key file that does not exist fails at once; no metadata-server probe on a machine outside Google Cloud.
    env['GOOGLE_APPLICATION_CREDENTIALS'] = '/nonexistent/pool-tuner-creds.json';
    env['METADATA_SERVER_DETECTION'] = 'none';
    const transport = new StdioClientTransport({ command: process.execPath, args: ['dist/cli.js', 'mcp', '--root', 'examples', '--metrics', 'live'], env, stderr: 'pipe' });
    client = new Client({ name: 'degrade-test', version: '0' });
    await client.connect(transport);
  });
  after(async () => {
    await client.close();
  });
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('analyze_pool reviews from the config alone and says why', async () => {
    const r = structured(await call('analyze_pool', { pool: 'orders-worker' }));
    assert.match(String(r['metricsWarning']), NO_CREDENTIALS);
    assert.equal(r['metricsSource'], undefined, 'no metrics were used');
    assert.ok((r['skippedForMetrics'] as string[]).length > 0, 'metric rules are reported as skipped');
    assert.ok((r['total'] as number) > 0, 'config findings are still there');
  });

  it('propose_scaling answers (needs-metrics) and propose_dlq still proposes, both with the warning', async () => {
    const scaling = structured(await call('propose_scaling', { pool: 'orders-worker' }));
    assert.equal(scaling['status'], 'needs-metrics');
    assert.match((scaling['warnings'] as string[])[0]!, NO_CREDENTIALS);
    const dlq = structured(await call('propose_dlq', { pool: 'notify-worker' }));
    assert.match((dlq['warnings'] as string[])[0]!, NO_CREDENTIALS);
    assert.notEqual(dlq['diff'], '', 'a dead-letter policy needs no metrics');
  });

  it('estimate_cost prices the declared config and says the metrics are missing', async () => {
    const r = structured(await call('estimate_cost', {}));
    assert.match(String(r['metricsWarning']), NO_CREDENTIALS);
    assert.ok((r['pools'] as unknown[]).length >= 3);
  });

  it('simulate_pool runs a what-if with a given rate, with the warning', async () => {
    const r = structured(await call('simulate_pool', { pool: 'orders-worker', overrides: [{ setting: 'rate', value: 5 }, { setting: 'processing', value: 0.5 }] }));
    assert.match((r['warnings'] as string[])[0]!, NO_CREDENTIALS);
  });

  it('get_pool_metrics, which is about metrics, fails with the source\'s error', async () => {
    const r = await call('get_pool_metrics', { pool: 'orders-worker' });
    assert.equal(r.isError, true);
    assert.match(JSON.stringify(r.content), /does not exist/);
  });
});
