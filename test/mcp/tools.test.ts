/** Every tool through a real SDK client: structuredContent checked against the listed output schema; isError cases. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, textOf, validatorFor, type Connected } from './harness.ts';

let c: Connected;
let validate: (name: string, value: unknown) => string | undefined;

before(async () => {
  c = await connect({ allowWrite: true });
  validate = await validatorFor(c.client);
});
after(async () => c.close());

async function ok(name: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const r = await c.call(name, args);
  assert.ok(!r.isError, `${name} failed: ${textOf(r)}`);
  assert.ok(r.structuredContent, `${name} returned no structuredContent`);
  assert.equal(validate(name, r.structuredContent), undefined);
  assert.deepEqual(JSON.parse(textOf(r)), r.structuredContent, 'text content mirrors structuredContent');
  return r.structuredContent;
}

async function fails(name: string, args: Record<string, unknown>, pattern: RegExp): Promise<string> {
  const r = await c.call(name, args);
  assert.equal(r.isError, true, `${name} should fail: ${textOf(r).slice(0, 200)}`);
  assert.match(textOf(r), pattern);
  return textOf(r);
}

describe('tool listing', () => {
  it('lists every tool with snake_case names, annotations, output schemas and a description on every input field', async () => {
    const { tools } = await c.client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'analyze_pool', 'apply_proposal', 'estimate_cost', 'get_pool_config', 'get_pool_metrics', 'list_pools',
      'propose_alerts', 'propose_concurrency', 'propose_dlq', 'propose_scaling', 'simulate_pool', 'verify_pool',
    ]);
    for (const t of tools) {
      assert.match(t.name, /^[a-z]+(_[a-z]+)*$/);
      assert.ok(t.outputSchema, `${t.name} output schema`);
      assert.equal(typeof t.annotations?.readOnlyHint, 'boolean', `${t.name} readOnlyHint`);
      assert.equal(typeof t.annotations?.destructiveHint, 'boolean', `${t.name} destructiveHint`);
      assert.equal(typeof t.annotations?.idempotentHint, 'boolean', `${t.name} idempotentHint`);
      assert.equal(t.annotations?.openWorldHint, false, `${t.name} is closed-world without live metrics`);
      assert.match(t.description ?? '', /responses up to 64 KB/, `${t.name} states the response limit`);
      for (const [field, schema] of Object.entries((t.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
        assert.ok(schema.description && schema.description.length > 10, `${t.name}.${field} has a description`);
      }
    }
    const apply = tools.find((t) => t.name === 'apply_proposal')!;
    assert.equal(apply.annotations?.readOnlyHint, false);
    assert.equal(apply.annotations?.destructiveHint, true);
  });
});

describe('list_pools', () => {
  it('lists the three example pools with file:line sources', async () => {
    const out = await ok('list_pools');
    const pools = out['pools'] as { name: string; workerPool?: { source: { file: string; line: number } }; scaler?: { source: { file: string; line: number } } }[];
    assert.deepEqual(pools.map((p) => p.name), ['notify-worker', 'orders-worker', 'transcode-worker']);
    const orders = pools[1]!;
    assert.deepEqual(orders.workerPool?.source, { file: 'orders/worker-pool.yaml', line: 2, column: 1 });
    assert.deepEqual(orders.scaler?.source, { file: 'orders/crema.yaml', line: 15, column: 7 });
    assert.equal(out['total'], 3);
    assert.equal(out['nextCursor'], undefined);
  });

  it('paginates with an opaque cursor', async () => {
    const first = await ok('list_pools', { limit: 2 });
    assert.equal((first['pools'] as unknown[]).length, 2);
    assert.equal(typeof first['nextCursor'], 'string');
    const second = await ok('list_pools', { limit: 2, cursor: first['nextCursor'] });
    assert.deepEqual((second['pools'] as { name: string }[]).map((p) => p.name), ['transcode-worker']);
    assert.equal(second['nextCursor'], undefined);
    await fails('list_pools', { cursor: 'not-a-cursor' }, /Invalid cursor .*omit cursor for the first page/);
  });

  it('limits to a sub-folder inside the root', async () => {
    const out = await ok('list_pools', { path: 'transcode' });
    assert.deepEqual((out['pools'] as { name: string }[]).map((p) => p.name), ['transcode-worker']);
  });
});

describe('get_pool_config', () => {
  it('returns the normalised config with sources and redacted env', async () => {
    const out = await ok('get_pool_config', { pool: 'orders-worker' });
    const wp = out['workerPool'] as { scalingMode: string; containers: { env: { name: string; value?: string; valueSource: string }[] }[] };
    assert.equal(wp.scalingMode, 'automatic');
    const env = wp.containers[0]!.env;
    assert.deepEqual(env.find((e) => e.name === 'PAYMENTS_API_KEY'), { name: 'PAYMENTS_API_KEY', value: '[redacted]', valueSource: 'redacted' });
    assert.deepEqual(env.find((e) => e.name === 'MAX_OUTSTANDING_MESSAGES'), { name: 'MAX_OUTSTANDING_MESSAGES', value: '20', valueSource: 'plain' });
    assert.deepEqual(out['concurrency'], { value: 20, envName: 'MAX_OUTSTANDING_MESSAGES', source: { file: 'orders/worker-pool.yaml', line: 27, column: 18 } });
    const subs = out['subscriptions'] as { name: string; ackDeadlineSec: number; source: { line: number } }[];
    assert.equal(subs[0]!.ackDeadlineSec, 10);
    assert.equal(subs[0]!.source.line, 2);
  });

  it('shows secret references as refs without a value', async () => {
    const out = await ok('get_pool_config', { pool: 'notify-worker' });
    const env = (out['workerPool'] as { containers: { env: { name: string; value?: string; valueSource: string }[] }[] }).containers[0]!.env;
    assert.deepEqual(env.find((e) => e.name === 'SMS_AUTH_TOKEN'), { name: 'SMS_AUTH_TOKEN', valueSource: 'secretRef' });
  });

  it('names the known pools when the pool does not exist', async () => {
    await fails('get_pool_config', { pool: 'order' }, /^No pool 'order'\. Known pools: notify-worker, orders-worker, transcode-worker\. Did you mean 'orders-worker'\?$/);
  });
});

describe('analyze_pool', () => {
  it('reports the orders findings with rule ids, 1-based ranges, docs links and applicable suggestions', async () => {
    const out = await ok('analyze_pool', { pool: 'orders-worker', limit: 50 });
    const findings = out['findings'] as { ruleId: string; range: { file: string; start: { line: number; column: number } }; docsUrl: string; suggestions?: { proposalId: string; diff: string }[]; fix?: { proposalId: string } }[];
    const ids = findings.map((f) => f.ruleId);
    for (const id of ['crema-pool-not-manual', 'secret-in-plain-env-var', 'crema-per-object-polling-interval', 'exactly-once-short-ack-deadline', 'no-dead-letter-policy']) {
      assert.ok(ids.includes(id), `expected ${id} in ${ids.join(', ')}`);
    }
    assert.ok(!ids.includes('dlq-same-as-source-topic'), 'a notify-worker finding leaked into orders-worker');
    const crema = findings.find((f) => f.ruleId === 'crema-pool-not-manual')!;
    assert.deepEqual(crema.range.start, { line: 11, column: 37 });
    assert.equal(crema.range.file, 'orders/worker-pool.yaml');
    assert.match(crema.docsUrl, /docs\/rules\/crema-pool-not-manual\.md$/);
    assert.match(crema.suggestions![0]!.diff, /^-.*scalingMode: automatic/m);
    assert.match(crema.suggestions![0]!.diff, /^\+.*scalingMode: manual/m);
    assert.match(crema.suggestions![0]!.proposalId, /^prop_[0-9a-f]{20}$/);
    const perObject = findings.find((f) => f.ruleId === 'crema-per-object-polling-interval')!;
    assert.ok(perObject.fix?.proposalId);
    assert.equal(out['total'], findings.length);
    assert.deepEqual(out['skippedForMetrics'] instanceof Array, true);
  });

  it('filters by severity and reviews everything without a pool', async () => {
    const errors = await ok('analyze_pool', { minSeverity: 'error', limit: 50 });
    const sev = (errors['findings'] as { severity: string }[]).map((f) => f.severity);
    assert.ok(sev.length >= 3 && sev.every((s) => s === 'error'));
    const all = await ok('analyze_pool', { limit: 5 });
    assert.ok((all['total'] as number) > 15);
    assert.equal((all['findings'] as unknown[]).length, 5);
    assert.equal(typeof all['nextCursor'], 'string');
  });

  it('gives the same proposal id for the same unchanged suggestion (idempotent)', async () => {
    const a = await ok('analyze_pool', { pool: 'transcode-worker' });
    const b = await ok('analyze_pool', { pool: 'transcode-worker' });
    assert.deepEqual(a, b);
  });

  it('refuses an unknown pool with what would work', async () => {
    await fails('analyze_pool', { pool: 'transcoder' }, /No pool 'transcoder'\. Known pools: .*transcode-worker/);
  });
});

describe('get_pool_metrics', () => {
  it('says how to enable metrics when the server has none', async () => {
    await fails('get_pool_metrics', { pool: 'orders-worker' }, /no metrics source\. Start it with --metrics FILE/);
  });
});

describe('propose_*', () => {
  it('propose_dlq adds a dead-letter policy, retry backoff and a longer ack deadline, with a diff and an id', async () => {
    const out = await ok('propose_dlq', { pool: 'orders-worker' });
    assert.equal(out['status'], 'proposed');
    assert.deepEqual(out['current'], { ackDeadlineSec: 10 });
    const rec = out['recommended'] as { deadLetterTopic: string; ackDeadlineSec: number; minimumBackoffSec: number };
    assert.equal(rec.deadLetterTopic, 'orders-dlq');
    assert.ok(rec.ackDeadlineSec >= 60, 'exactly-once needs at least 60 s');
    assert.match(out['diff'] as string, /^-ackDeadlineSeconds: 10$/m);
    assert.match(out['diff'] as string, /^\+ackDeadlineSeconds: 60$/m);
    assert.match(out['diff'] as string, /deadLetterTopic: .*orders-dlq/);
    assert.match(out['proposalId'] as string, /^tune-[0-9a-f]{16}$/);
    const settings = (out['rationale'] as { setting: string }[]).map((r) => r.setting);
    assert.ok(settings.includes('deadLetterTopic') && settings.includes('ackDeadlineSec'));
    assert.ok(!settings.includes('concurrency'));
  });

  it('propose_scaling and propose_concurrency say metrics are needed and change nothing without them', async () => {
    for (const tool of ['propose_scaling', 'propose_concurrency']) {
      const out = await ok(tool, { pool: 'orders-worker' });
      assert.equal(out['status'], 'needs-metrics', tool);
      assert.equal(out['diff'], '');
      assert.equal(out['proposalId'], undefined);
      assert.deepEqual(out['recommended'], out['current']);
      assert.match((out['warnings'] as string[]).join(' '), /metrics/);
    }
    const scaling = await ok('propose_scaling', { pool: 'orders-worker' });
    assert.deepEqual(scaling['current'], { scaling: { mode: 'crema', targetValue: 50, minReplicas: 0, maxReplicas: 100, scaleDownStabilizationSec: 60 }, concurrency: 20 });
  });

  it('refuses an unknown pool', async () => {
    await fails('propose_scaling', { pool: 'nope' }, /No pool 'nope'\. Known pools/);
  });
});

describe('simulate_pool', () => {
  it('simulates fewer GPU instances at a given rate: cheaper, slower, SLO missed', async () => {
    const out = await ok('simulate_pool', { pool: 'transcode-worker', overrides: [{ setting: 'instances', value: 4 }, { setting: 'rate', value: 0.05 }] });
    const cur = out['currentFigures'] as { meanInstances: number; costUsdPerMonth: number; queueWaitP95Sec: number };
    const next = out['predictedFigures'] as { meanInstances: number; costUsdPerMonth: number; queueWaitP95Sec: number; sloMet: boolean };
    assert.equal(Math.round(cur.meanInstances), 6);
    assert.equal(Math.round(next.meanInstances), 4);
    assert.ok(next.costUsdPerMonth < cur.costUsdPerMonth);
    assert.ok(next.queueWaitP95Sec > cur.queueWaitP95Sec);
    assert.ok(Math.abs((out['costDeltaUsdPerMonth'] as number) - (next.costUsdPerMonth - cur.costUsdPerMonth)) < 1e-6);
    assert.deepEqual((out['changed'] as { scaling: unknown }).scaling, { mode: 'manual', instances: 4 });
  });

  it('says what to add when there is no arrival rate, and rejects unknown settings and long override lists', async () => {
    await fails('simulate_pool', { pool: 'transcode-worker', overrides: [{ setting: 'instances', value: 4 }] }, /no arrival rate .*--metrics FILE\|live, or add overrides \{"setting":"rate"/);
    await fails('simulate_pool', { pool: 'transcode-worker', overrides: [{ setting: 'replicas', value: 4 }] }, /Invalid arguments for simulate_pool: overrides\[0\]\.setting: must be one of "concurrency"/);
    const many = Array.from({ length: 33 }, () => ({ setting: 'rate', value: 1 }));
    await fails('simulate_pool', { pool: 'transcode-worker', overrides: many }, /at most 32 overrides/);
  });
});

describe('estimate_cost', () => {
  it('prices the GPU pool from its shape and instance count, with a what-if count', async () => {
    const out = await ok('estimate_cost', { pool: 'transcode-worker', instances: 4 });
    const p = (out['pools'] as { pool: string; shape: { gpu: string; vcpu: number }; instances: { basis: string; mean: number }; costUsdPerMonth: { expected: number }; usdPerInstanceHour: number; whatIf: { costUsdPerMonth: number } }[])[0]!;
    assert.equal(p.pool, 'transcode-worker');
    assert.deepEqual([p.shape.gpu, p.shape.vcpu, p.instances.basis, p.instances.mean], ['nvidia-l4', 4, 'manual', 6]);
    assert.ok(Math.abs(p.whatIf.costUsdPerMonth / p.costUsdPerMonth.expected - 4 / 6) < 1e-9, 'cost scales with the instance count');
  });

  it('lists every pool with a worker pool, paginated', async () => {
    const out = await ok('estimate_cost', { limit: 2 });
    assert.equal(out['total'], 3);
    assert.equal((out['pools'] as unknown[]).length, 2);
    assert.equal(typeof out['nextCursor'], 'string');
  });
});

describe('apply_proposal', () => {
  it('refuses an unknown id with what would work', async () => {
    await fails('apply_proposal', { proposalId: 'prop_nope' }, /No proposal 'prop_nope'\..*call analyze_pool or a propose_\* tool/);
  });
});
