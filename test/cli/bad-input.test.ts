/**
 * Bad input never passes silently (issue 21): a negative instance or replica count and a concurrency env var that
 * is not a number are findings with their line, and cost, tune and simulate (CLI and MCP) refuse to compute with
 * them, naming file, line and field; a file that failed to parse is named by cost and tune, never priced at $0;
 * review of a folder with no pool configs exits 2; simulate's own hint is valid `--set` syntax.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { poolInputErrors, unreadFiles } from '../../shared/config/input-errors.ts';
import { parseWhatIf, whatIf, WhatIfError } from '../../shared/tune/what-if.ts';
import { cleanup, runCli, tempWorkspace, unwrapped } from './harness.ts';
import { connect, textOf } from '../mcp/harness.ts';

after(cleanup);

const EXAMPLES = path.resolve('examples');

/** The examples with `edit` applied to one file (relative path). */
function examplesWith(file: string, edit: (text: string) => string): string {
  const dir = tempWorkspace(EXAMPLES);
  const p = path.join(dir, file);
  const before = readFileSync(p, 'utf8');
  const after = edit(before);
  assert.notEqual(after, before, `the edit of ${file} must change it`);
  writeFileSync(p, after);
  return dir;
}

const negativeManual = (t: string) => t.replace("run.googleapis.com/minScale: '0'", "run.googleapis.com/minScale: '0'\n    run.googleapis.com/manualInstanceCount: '-3'");
const abcConcurrency = (t: string) => t.replace("value: '20'", "value: 'abc'");
const negativeMax = (t: string) => t.replace('minReplicaCount: 0', 'minReplicaCount: 0\n        maxReplicaCount: -5');

function lineOf(dir: string, file: string, needle: string): number {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, needle);
  return i + 1;
}

function load(dir: string, files: string[]) {
  return parseWorkspace(files.map((f) => ({ path: f, text: readFileSync(path.join(dir, f), 'utf8') })));
}

const ORDERS = ['pool-tuner.yaml', 'orders/worker-pool.yaml', 'orders/crema.yaml', 'orders/subscription.yaml'];

describe('invalid numbers are findings with their line', () => {
  for (const [what, file, edit, needle, field] of [
    ['a negative manualInstanceCount', 'orders/worker-pool.yaml', negativeManual, "manualInstanceCount: '-3'", 'metadata.annotations.run.googleapis.com/manualInstanceCount'],
    ['a non-numeric concurrency env var', 'orders/worker-pool.yaml', abcConcurrency, "value: 'abc'", 'spec.template.spec.containers.0.env.1.value'],
    ['a negative CremaConfig maxReplicaCount', 'orders/crema.yaml', negativeMax, 'maxReplicaCount: -5', 'spec.scaledObjects.0.spec.maxReplicaCount'],
    ['a trigger target of 0', 'orders/crema.yaml', (t: string) => t.replace('value: "50"', 'value: "0"'), 'value: "0"', 'spec.scaledObjects.0.spec.triggers.0.metadata.value'],
  ] as const) {
    it(what, () => {
      const dir = examplesWith(file, edit);
      const ws = load(dir, ORDERS);
      const f = review(ws).findings.filter((x) => x.ruleId === 'invalid-field');
      assert.equal(f.length, 1, JSON.stringify(f));
      assert.equal(f[0]!.file, file);
      assert.equal(f[0]!.data?.['field'], field);
      const line = ws.files.get(file)!.text.slice(0, f[0]!.span.start).split('\n').length;
      assert.equal(line, lineOf(dir, file, needle));
      // And the pool is refused by every command (the same list they all read).
      const pool = ws.pools.find((p) => p.name === 'orders-worker')!;
      const errors = poolInputErrors(ws, pool);
      assert.deepEqual(errors.map((e) => [e.file, e.line, e.field]), [[file, line, field]]);
      assert.equal(pool.concurrency === undefined || pool.concurrency.value >= 1, true);
    });
  }

  it('a $(VAR) reference or a placeholder is not a literal, so it is no finding', () => {
    const dir = examplesWith('orders/worker-pool.yaml', (t) => t.replace("value: '20'", "value: '$(FLOW_CONTROL)'"));
    const ws = load(dir, ORDERS);
    assert.deepEqual(review(ws).findings.filter((x) => x.ruleId === 'invalid-field'), []);
    assert.deepEqual(poolInputErrors(ws, ws.pools.find((p) => p.name === 'orders-worker')!), []);
  });
});

describe('commands refuse to compute with invalid input', () => {
  for (const [what, file, edit, needle] of [
    ['negative manualInstanceCount', 'orders/worker-pool.yaml', negativeManual, 'manualInstanceCount'],
    ['MAX_OUTSTANDING_MESSAGES: "abc"', 'orders/worker-pool.yaml', abcConcurrency, 'MAX_OUTSTANDING_MESSAGES'],
    ['negative maxReplicaCount', 'orders/crema.yaml', negativeMax, 'maxReplicaCount'],
  ] as const) {
    it(`${what}: cost, tune and simulate exit 2 naming file:line and the field; nothing is priced at a negative count`, () => {
      const dir = examplesWith(file, edit);
      const line = lineOf(dir, file, needle === 'MAX_OUTSTANDING_MESSAGES' ? "value: 'abc'" : needle);
      const where = new RegExp(`${file.replace('.', '\\.')}:${line}:\\d+: .*${needle}`);
      for (const args of [['simulate', '--pool', 'orders-worker', '--set', 'concurrency=5'], ['tune', '--pool', 'orders-worker', '--jobs', '1']]) {
        const r = runCli(args, dir);
        assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, /not computed for "orders-worker"/, args[0]);
        assert.match(r.stderr, where, args[0]);
        assert.equal(r.stdout, '', args[0]);
      }
      const cost = runCli(['cost'], dir);
      assert.equal(cost.code, 2, cost.stderr);
      assert.match(cost.stdout, /^orders-worker: not priced: invalid input/m);
      assert.match(unwrapped(cost.stdout), where);
      assert.doesNotMatch(cost.stdout, /-\d+ ×|–-\d/);
      assert.match(unwrapped(cost.stdout), /not counting orders-worker \(not priced/);
      const json = JSON.parse(runCli(['cost', '--format', 'json'], dir).stdout) as { pools: { pool: string }[]; notPriced: { pool?: string; line: number }[] };
      assert.deepEqual(json.pools.map((p) => p.pool).includes('orders-worker'), false);
      assert.deepEqual(json.notPriced.map((e) => [e.pool, e.line]), [['orders-worker', line]]);
      const tuned = runCli(['tune', '--format', 'json', '--jobs', '1'], dir);
      assert.equal(tuned.code, 2);
      const out = JSON.parse(tuned.stdout) as { pools: { pool: string }[]; notTuned: { pool?: string }[] };
      assert.equal(out.pools.some((p) => p.pool === 'orders-worker'), false);
      assert.deepEqual(out.notTuned.map((e) => e.pool), ['orders-worker']);
    });
  }

  it('MCP simulate_pool, propose_* and estimate_cost (one pool) refuse it as a tool error naming the file and line; estimate_cost of all names it in notPriced', async () => {
    const dir = examplesWith('orders/worker-pool.yaml', negativeManual);
    const c = await connect({ roots: [dir] });
    try {
      const all = await c.call('estimate_cost', {});
      assert.ok(!all.isError, textOf(all));
      const cost = all.structuredContent as { pools: { pool: string }[]; notPriced: { pool?: string; file: string; line: number }[] };
      assert.equal(cost.pools.some((p) => p.pool === 'orders-worker'), false);
      assert.deepEqual(cost.notPriced.map((e) => [e.pool, e.file]), [['orders-worker', 'orders/worker-pool.yaml']]);
      for (const [tool, args] of [['simulate_pool', { pool: 'orders-worker', overrides: [{ setting: 'concurrency', value: 5 }] }], ['propose_scaling', { pool: 'orders-worker' }], ['estimate_cost', { pool: 'orders-worker' }]] as const) {
        const r = await c.call(tool, args);
        assert.equal(r.isError, true, tool);
        assert.match(textOf(r), /orders\/worker-pool\.yaml:\d+:\d+: .*manualInstanceCount/, tool);
      }
    } finally {
      await c.close();
    }
  });
});

describe('a file that failed to parse is named, never priced at $0', () => {
  const broken = (t: string) => t.replace('metadata:', 'metadata: [');

  it('cost: the file is named, the total says it is not counted, exit 2; JSON lists it', () => {
    const dir = examplesWith('transcode/worker-pool.yaml', broken);
    const r = runCli(['cost'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(unwrapped(r.stdout), /^transcode\/worker-pool\.yaml: not priced: the file failed to parse \(transcode\/worker-pool\.yaml:\d+:\d+: YAML error/m);
    assert.match(unwrapped(r.stdout), /^Total: .*not counting transcode\/worker-pool\.yaml/m);
    const json = JSON.parse(runCli(['cost', '--format', 'json'], dir).stdout) as { notPriced: { file: string }[] };
    assert.deepEqual(json.notPriced.map((e) => e.file), ['transcode/worker-pool.yaml']);
  });

  it('cost of a folder whose only pool file is broken prints no "$0.00" total', () => {
    const dir = tempWorkspace();
    writeFileSync(path.join(dir, 'worker-pool.yaml'), 'apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: only-pool\n  annotations: [\n');
    const r = runCli(['cost'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(r.stdout, /\$0\.00/);
    assert.match(r.stdout, /^Total: nothing priced \(worker-pool\.yaml/m);
  });

  it('tune JSON: the file is in notTuned, totals never show 0 for pools that were not priced', () => {
    const dir = examplesWith('transcode/worker-pool.yaml', broken);
    const r = runCli(['tune', '--format', 'json', '--jobs', '1'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /transcode\/worker-pool\.yaml:\d+:\d+: not read/);
    const out = JSON.parse(r.stdout) as { totals: Record<string, unknown>; notTuned: { file: string }[] };
    assert.deepEqual(out.notTuned.map((e) => e.file), ['transcode/worker-pool.yaml']);
    // Without metrics no pool has simulated costs: no dollar figure, and each pool is named with its reason.
    assert.equal('currentCostUsdPerMonth' in out.totals, false);
    assert.deepEqual(out.totals['pools'], []);
    assert.deepEqual((out.totals['notCounted'] as { pool: string }[]).map((p) => p.pool), ['notify-worker', 'orders-worker']);
    const text = runCli(['tune', '--jobs', '1'], dir).stdout;
    assert.match(text, /^transcode\/worker-pool\.yaml: not tuned: the file failed to parse/m);
  });

  it('unreadFiles keeps syntax errors of files that name a pool kind; ignores template notes and other YAML', () => {
    const ws = parseWorkspace([
      { path: 'a.yaml', text: 'kind: WorkerPool\nmetadata: [\n' },
      { path: 'b.yaml', text: 'apiVersion: v1\n' },
      { path: '.github/workflows/ci.yaml', text: 'on: [push\njobs: {\n' },
      { path: 'chart/templates/wp.yaml', text: 'kind: WorkerPool\nmetadata:\n  name: {{ .Values.name }}\n' },
    ]);
    assert.ok(ws.problems.some((p) => p.file === '.github/workflows/ci.yaml'), 'review still reports it');
    assert.deepEqual(unreadFiles(ws).map((e) => [e.file, e.line]), [['a.yaml', 3]]);
  });
});

describe('review of a folder with no pool configs', () => {
  it('exits 2 with the clear message', () => {
    const dir = tempWorkspace();
    const r = runCli(['review', '.'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^pool-tuner: no pool configs found in \. \(looked for /);
  });
});

describe("simulate's hint", () => {
  it('is valid --set syntax the CLI parses', () => {
    const ws = parseWorkspace([{ path: 'wp.yaml', text: "apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: p\n  annotations:\n    run.googleapis.com/scalingMode: manual\n    run.googleapis.com/manualInstanceCount: '2'\nspec:\n  template:\n    spec:\n      containers:\n      - image: x\n" }]);
    let message = '';
    try {
      whatIf(ws, ws.pools[0]!, {}, {});
    } catch (err) {
      assert.ok(err instanceof WhatIfError);
      message = err.message;
    }
    const hint = /or (--set .*)$/.exec(message)?.[1];
    assert.ok(hint, message);
    const sets = [...hint.matchAll(/--set (\S+)/g)].map((m) => m[1]!.replace(/=[A-Z_]+$/, '=1'));
    assert.deepEqual(Object.keys(parseWhatIf(sets)).sort(), ['processing', 'rate']);
    assert.doesNotMatch(hint, /[<>]/, 'no shell redirection in a command to copy');
  });
});
