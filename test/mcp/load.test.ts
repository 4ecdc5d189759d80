/** 200 concurrent tool calls over one connection: every one answered, and answered correctly. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, textOf } from './harness.ts';

it('answers 200 concurrent calls on one connection correctly', async () => {
  const c = await connect();
  try {
    const pools = ['orders-worker', 'notify-worker', 'transcode-worker'];
    // Reference answers, one sequential call each.
    const expected = new Map<string, unknown>();
    for (const p of pools) {
      expected.set(`config:${p}`, (await c.call('get_pool_config', { pool: p })).structuredContent);
      expected.set(`analyze:${p}`, (await c.call('analyze_pool', { pool: p, limit: 50 })).structuredContent);
    }
    const calls = Array.from({ length: 200 }, (_, i) => {
      const pool = pools[i % 3]!;
      switch (i % 4) {
        case 0: return { key: `config:${pool}`, run: () => c.call('get_pool_config', { pool }) };
        case 1: return { key: `analyze:${pool}`, run: () => c.call('analyze_pool', { pool, limit: 50 }) };
        case 2: return { key: 'list', run: () => c.call('list_pools', {}) };
        default: return { key: 'missing', run: () => c.call('get_pool_config', { pool: `${pool}-x${i}` }) };
      }
    });
    const results = await Promise.all(calls.map((k) => k.run()));
    assert.equal(results.length, 200);
    results.forEach((r, i) => {
      const { key } = calls[i]!;
      if (key === 'missing') {
        assert.equal(r.isError, true);
        assert.match(textOf(r), new RegExp(`No pool '${pools[i % 3]!}-x${i}'`), `call ${i} got another call's answer`);
      } else if (key === 'list') {
        assert.equal((r.structuredContent!['pools'] as unknown[]).length, 3);
      } else {
        assert.ok(!r.isError, textOf(r));
        assert.deepEqual(r.structuredContent, expected.get(key), `call ${i} (${key})`);
      }
    });
  } finally {
    await c.close();
  }
});
