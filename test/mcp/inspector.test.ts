/**
 * A third-party client: the official MCP Inspector in CLI mode (`mcp-inspector --cli`) lists the tools and calls
 * analyze_pool and propose_scaling against the built server on the examples. The Inspector lives outside the main
 * dependency tree in .tools/inspector (pinned 0.15.0, the newest that runs on Node 20); install it with
 * `bash scripts/install-inspector.sh`. Without it this test skips and says so.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLE_SECRET } from './harness.ts';

const INSPECTOR = path.resolve('.tools/inspector/node_modules/.bin/mcp-inspector');
const installed = existsSync(INSPECTOR);
const skip = installed ? false : `MCP Inspector not installed: run 'bash scripts/install-inspector.sh' (installs .tools/inspector from its lockfile)`;
const run = promisify(execFile);

async function inspector(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(INSPECTOR, ['--cli', process.execPath, 'dist/cli.js', 'mcp', '--root', 'examples', ...args], { timeout: 60_000, maxBuffer: 8 * 1024 * 1024 });
  assert.ok(!stdout.includes(EXAMPLE_SECRET), 'a secret reached the Inspector');
  return JSON.parse(stdout) as Record<string, unknown>;
}

// Skip each test, not the suite: node:test counts a skipped suite as 0 skipped tests, hiding the reason in the summary.
describe('MCP Inspector CLI (third-party client)', () => {
  before(() => {
    if (skip) return;
    if (!existsSync('dist/cli.js')) assert.equal(spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' }).status, 0);
  });

  it('lists the tools with their schemas and annotations', { skip }, async () => {
    const out = await inspector('--method', 'tools/list');
    const tools = out['tools'] as { name: string; inputSchema: object; outputSchema?: object; annotations?: { readOnlyHint?: boolean } }[];
    const names = tools.map((t) => t.name);
    for (const n of ['list_pools', 'get_pool_config', 'analyze_pool', 'propose_scaling']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.ok(!names.includes('apply_proposal'), 'apply_proposal needs --allow-write');
    assert.ok(tools.every((t) => t.outputSchema && t.annotations?.readOnlyHint === true));
  });

  it('calls analyze_pool on the orders pool', { skip }, async () => {
    const out = await inspector('--method', 'tools/call', '--tool-name', 'analyze_pool', '--tool-arg', 'pool=orders-worker', '--tool-arg', 'limit=50');
    assert.notEqual(out['isError'], true, JSON.stringify(out).slice(0, 500));
    const sc = out['structuredContent'] as { findings: { ruleId: string; range: { file: string; start: { line: number } } }[] };
    const crema = sc.findings.find((f) => f.ruleId === 'crema-pool-not-manual');
    assert.deepEqual(crema?.range.start.line, 11);
    assert.equal(crema?.range.file, 'orders/worker-pool.yaml');
  });

  it('calls propose_scaling on the orders pool', { skip }, async () => {
    const out = await inspector('--method', 'tools/call', '--tool-name', 'propose_scaling', '--tool-arg', 'pool=orders-worker');
    assert.notEqual(out['isError'], true, JSON.stringify(out).slice(0, 500));
    const sc = out['structuredContent'] as { pool: string; proposalId?: string };
    assert.equal(sc.pool, 'orders-worker');
  });

  it('reports a bad pool name as a tool error the Inspector shows', { skip }, async () => {
    const out = await inspector('--method', 'tools/call', '--tool-name', 'analyze_pool', '--tool-arg', 'pool=order');
    assert.equal(out['isError'], true);
    assert.match(JSON.stringify(out['content']), /No pool 'order'\. Known pools: notify-worker, orders-worker, transcode-worker/);
  });
});
