/**
 * tools/list stays lean (an assistant reads it every session): under 25,000 bytes with every tool registered,
 * output schemas listed to their first level, and results still valid against both the listed schema and the
 * tools' full zod output schemas.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, validatorFor } from './harness.ts';
import { TOOLS } from '../../mcp-server/tools/index.ts';

it('tools/list is under 25,000 bytes with every tool (writes allowed)', async () => {
  const c = await connect({ allowWrite: true });
  try {
    const listed = await c.client.listTools();
    assert.equal(listed.tools.length, TOOLS.length);
    const bytes = Buffer.byteLength(JSON.stringify(listed));
    assert.ok(bytes < 25_000, `tools/list is ${bytes} bytes`);
    for (const t of listed.tools) {
      assert.ok(t.outputSchema, `${t.name} lists an output schema`);
      assert.ok(Object.keys(t.outputSchema.properties ?? {}).length > 0, `${t.name} output schema names its fields`);
      assert.ok(!JSON.stringify(t).includes('9007199254740991'), `${t.name}: no safe-integer noise`);
    }
    // Top-level fields keep their descriptions (what an assistant reads).
    const dlq = listed.tools.find((t) => t.name === 'propose_dlq')!;
    assert.match(JSON.stringify(dlq.outputSchema!.properties!['status']), /needs-metrics/);
  } finally {
    await c.close();
  }
});

it('results conform to the listed schemas and to the full zod output schemas', async () => {
  const c = await connect();
  try {
    const validate = await validatorFor(c.client);
    const calls: [string, Record<string, unknown>][] = [
      ['list_pools', {}],
      ['analyze_pool', { pool: 'orders-worker' }],
      ['propose_dlq', { pool: 'orders-worker' }],
      ['estimate_cost', {}],
      ['get_pool_config', { pool: 'orders-worker' }],
      ['simulate_pool', { pool: 'orders-worker', overrides: [{ setting: 'rate', value: 2 }] }],
    ];
    for (const [name, args] of calls) {
      const r = await c.call(name, args);
      assert.ok(!r.isError, `${name}: ${JSON.stringify(r.content)}`);
      assert.equal(validate(name, r.structuredContent), undefined, name);
      const full = TOOLS.find((t) => t.name === name)!.output.safeParse(r.structuredContent);
      assert.ok(full.success, `${name}: ${full.success ? '' : full.error.message}`);
    }
  } finally {
    await c.close();
  }
});
