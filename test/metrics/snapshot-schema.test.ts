/** The snapshot JSON Schema is current, accepts the example, and the docs cover every field; the example is current and shows its issues. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { snapshotJsonSchema, SNAPSHOT_SCHEMA_FILE } from '../../scripts/gen-snapshot-schema.ts';
import { exampleSnapshot, readTraces } from '../../scripts/gen-example-snapshot.ts';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';

const EXAMPLE = 'examples/metrics/snapshot.json';

it('schemas/metrics-snapshot.schema.json is current (npx tsx scripts/gen-snapshot-schema.ts)', () => {
  assert.equal(readFileSync(SNAPSHOT_SCHEMA_FILE, 'utf8'), snapshotJsonSchema());
});

it('the JSON Schema accepts the example snapshot and rejects negative values and a wrong version', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(snapshotJsonSchema()) as object);
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { pools: Record<string, { instanceCount: number[] }> };
  assert.ok(validate(example), JSON.stringify(validate.errors?.slice(0, 3)));
  example.pools['orders-worker']!.instanceCount[0] = -1;
  assert.equal(validate(example), false);
  assert.equal(validate({ ...example, schemaVersion: 2 }), false);
});

it('docs/metrics-snapshot.md documents every field of the schema', () => {
  const doc = readFileSync('docs/metrics-snapshot.md', 'utf8');
  const names = new Set<string>();
  const walk = (s: Record<string, unknown>) => {
    for (const [k, v] of Object.entries((s['properties'] ?? {}) as Record<string, Record<string, unknown>>)) {
      names.add(k);
      walk(v);
      const items = v['items'];
      if (items && typeof items === 'object') walk(items as Record<string, unknown>);
      const add = v['additionalProperties'];
      if (add && typeof add === 'object') walk(add as Record<string, unknown>);
    }
  };
  walk(JSON.parse(snapshotJsonSchema()) as Record<string, unknown>);
  assert.ok(names.size > 20);
  const missing = [...names].filter((n) => !doc.includes(`\`${n}`) && !doc.includes(`.${n}\``));
  assert.deepEqual(missing, []);
});

it('the example snapshot is current and shows the issues it is meant to show', async () => {
  const { sources } = await loadSources(['examples']);
  const ws = parseWorkspace(sources);
  const traces = readTraces(readFileSync('examples/traces/invocations_per_minute.csv', 'utf8'), readFileSync('examples/traces/durations_ms.csv', 'utf8'));
  const text = readFileSync(EXAMPLE, 'utf8');
  assert.equal(text, `${JSON.stringify(exampleSnapshot(ws, traces))}\n`, 'stale: run npx tsx scripts/gen-example-snapshot.ts');
  const view = snapshotViewFromText(text, EXAMPLE, ws);
  assert.deepEqual(view.warnings, []);
  const orders = view.forPool('orders-worker')!;
  assert.ok(orders.processingTimeMs!.p99 > 2 * 10_000, 'orders p99 well above its 10 s ack deadline');
  assert.ok(orders.redeliveryRatio! > 0.01);
  const notify = view.forPool('notify-worker')!;
  assert.ok((notify.backlogMessages?.slopePerHour ?? 0) * 24 > (notify.backlogMessages?.mean ?? Infinity), 'notify backlog grows');
  assert.ok((notify.oldestUnackedAgeSec?.slopePerHour ?? 0) > 0);
  const transcode = view.forPool('transcode-worker')!;
  assert.ok((transcode.cpuUtilization?.p95 ?? 1) < 0.3, 'six GPU instances mostly idle');
  // real gaps are null in the file, and the figures skip them
  const snap = JSON.parse(text) as { pools: Record<string, { instanceCount: (number | null)[] }> };
  assert.ok(snap.pools['orders-worker']!.instanceCount.includes(null));
});
