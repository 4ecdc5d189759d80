/** Resources (pool configs, rule docs) and prompts through a real client. */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../shared/index.ts';
import { connect, type Connected } from './harness.ts';

let c: Connected;
before(async () => {
  c = await connect();
});
after(async () => c.close());

it('lists a config resource per pool and a doc per rule', async () => {
  const { resources } = await c.client.listResources();
  const uris = resources.map((r) => r.uri);
  for (const p of ['orders-worker', 'notify-worker', 'transcode-worker']) assert.ok(uris.includes(`pool-tuner://pools/${p}/config`), p);
  assert.equal(uris.filter((u) => u.startsWith('pool-tuner://rules/')).length, RULES.length);
  assert.ok(!uris.some((u) => u.endsWith('/metrics')), 'no metrics resources without a metrics source');
});

it('reads a pool config as the get_pool_config JSON, secrets redacted', async () => {
  const r = await c.client.readResource({ uri: 'pool-tuner://pools/orders-worker/config' });
  const first = r.contents[0]!;
  assert.equal(first.mimeType, 'application/json');
  const json = JSON.parse('text' in first ? first.text : '{}') as { pool: string; workerPool: { containers: { env: { name: string; value?: string }[] }[] } };
  assert.equal(json.pool, 'orders-worker');
  assert.equal(json.workerPool.containers[0]!.env.find((e) => e.name === 'PAYMENTS_API_KEY')?.value, '[redacted]');
  const tool = await c.call('get_pool_config', { pool: 'orders-worker' });
  assert.deepEqual(json, tool.structuredContent);
});

it('reads a rule doc from docs/rules and refuses unknown ids with the known ones', async () => {
  const r = await c.client.readResource({ uri: 'pool-tuner://rules/secret-in-plain-env-var' });
  const first = r.contents[0]!;
  assert.equal(first.mimeType, 'text/markdown');
  assert.match('text' in first ? first.text : '', /^# secret-in-plain-env-var\n/);
  await assert.rejects(c.client.readResource({ uri: 'pool-tuner://rules/..%2F..%2Fpackage' }), /No rule '\.\.\/\.\.\/package'\. Known rules: /);
  await assert.rejects(c.client.readResource({ uri: 'pool-tuner://pools/nope/config' }), /No pool 'nope'\. Known pools/);
});

it('offers the tune-pool and review-pool-config prompts with pool-name completion', async () => {
  const { prompts } = await c.client.listPrompts();
  assert.deepEqual(prompts.map((p) => p.name).sort(), ['review-pool-config', 'tune-pool']);
  const tune = await c.client.getPrompt({ name: 'tune-pool', arguments: { pool: 'orders-worker' } });
  const text = tune.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
  assert.match(text, /"orders-worker"/);
  for (const tool of ['get_pool_config', 'analyze_pool', 'propose_scaling', 'apply_proposal']) assert.ok(text.includes(tool), tool);
  const done = await c.client.complete({ ref: { type: 'ref/prompt', name: 'tune-pool' }, argument: { name: 'pool', value: 'tr' } });
  assert.deepEqual(done.completion.values, ['transcode-worker']);
});

it('completes pool names for the pool resource templates too (prefix first, then substring, case-insensitive)', async () => {
  const capabilities = c.client.getServerCapabilities();
  assert.ok(capabilities?.completions, 'the completions capability is advertised');
  const ref = { type: 'ref/resource' as const, uri: 'pool-tuner://pools/{pool}/config' };
  assert.deepEqual((await c.client.complete({ ref, argument: { name: 'pool', value: 'ORD' } })).completion.values, ['orders-worker']);
  assert.deepEqual((await c.client.complete({ ref, argument: { name: 'pool', value: 'code' } })).completion.values, ['transcode-worker']);
  assert.deepEqual((await c.client.complete({ ref: { type: 'ref/prompt', name: 'review-pool-config' }, argument: { name: 'pool', value: '' } })).completion.values, ['notify-worker', 'orders-worker', 'transcode-worker']);
});
