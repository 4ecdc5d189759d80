/**
 * Confinement, input caps, write gating, stale proposals and secret redaction, through a real client.
 * Every refusal must leave the files untouched.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connect, copyExamples, EXAMPLE_SECRET, textOf, type Connected } from './harness.ts';

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      const st = statSync(p, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(p);
      else if (st?.isFile()) out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('confinement to the roots', () => {
  let ex: ReturnType<typeof copyExamples>;
  let outside: string;
  let c: Connected;
  before(async () => {
    ex = copyExamples();
    outside = mkdtempSync(path.join(tmpdir(), 'pool-tuner-outside-'));
    writeFileSync(path.join(outside, 'evil.yaml'), 'apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: outside-worker\n');
    symlinkSync(path.join(outside, 'evil.yaml'), path.join(ex.dir, 'linked.yaml'));
    symlinkSync(outside, path.join(ex.dir, 'linked-dir'));
    c = await connect({ roots: [ex.dir], allowWrite: true });
  });
  after(async () => {
    await c.close();
    ex.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  const refusals: [string, () => string][] = [
    ['../', () => '../'],
    ['a ../ path that climbs out through a sub-folder', () => 'orders/../../'],
    ['an absolute path outside the roots', () => outside],
    ['an absolute path to a file outside', () => path.join(outside, 'evil.yaml')],
    ['a symlinked file pointing out', () => 'linked.yaml'],
    ['a symlinked folder pointing out', () => 'linked-dir'],
    ['a file through a symlinked folder', () => 'linked-dir/evil.yaml'],
    ['/etc/passwd', () => '/etc/passwd'],
  ];
  for (const [what, p] of refusals) {
    it(`refuses ${what}`, async () => {
      for (const tool of ['list_pools', 'analyze_pool', 'get_pool_config']) {
        const args = tool === 'get_pool_config' ? { pool: 'outside-worker', path: p() } : { path: p() };
        const r = await c.call(tool, args);
        assert.equal(r.isError, true, `${tool} ${p()}`);
        assert.match(textOf(r), /outside the allowed roots|No such file or folder/);
        assert.doesNotMatch(textOf(r), /outside-worker.*scalingMode/);
      }
    });
  }

  it('reads only YAML files when a path names a file', async () => {
    writeFileSync(path.join(ex.dir, '.env'), 'PAYMENTS_API_KEY=sk_live_from_env_file\n');
    const r = await c.call('analyze_pool', { path: '.env' });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /^'\.env' is not a YAML or Terraform file \(\.yaml, \.yml, \.tf\)\. Pass a config file or a folder\.$/);
  });

  it('does not follow symlinks when walking a root', async () => {
    const r = await c.call('list_pools', {});
    assert.ok(!r.isError);
    const names = (r.structuredContent!['pools'] as { name: string }[]).map((p) => p.name);
    assert.ok(!names.includes('outside-worker'), names.join(', '));
    assert.equal(names.length, 3);
  });

  it('accepts a path inside the root, relative or absolute', async () => {
    for (const p of ['orders', path.join(ex.dir, 'orders'), 'orders/../orders/worker-pool.yaml']) {
      const r = await c.call('list_pools', { path: p });
      assert.ok(!r.isError, textOf(r));
      assert.deepEqual((r.structuredContent!['pools'] as { name: string }[]).map((x) => x.name), ['orders-worker']);
    }
  });

  it('refuses oversized inputs with a clear error and touches no file', async () => {
    const before = snapshot(ex.dir);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['list_pools', { path: 'a'.repeat(5000) }, /at most 4096 characters/],
      ['get_pool_config', { pool: 'p'.repeat(300) }, /at most 256 characters/],
      ['analyze_pool', { limit: 1000 }, /limit/],
      ['apply_proposal', { proposalId: 'x'.repeat(200) }, /at most 128 characters/],
      ['list_pools', { cursor: 'c'.repeat(600) }, /at most 512 characters/],
      ['get_pool_config', { pool: '' }, /must not be empty/],
    ];
    for (const [tool, args, re] of cases) {
      const r = await c.call(tool, args);
      assert.equal(r.isError, true, tool);
      assert.match(textOf(r), re);
    }
    // A payload with thousands of elements is refused by the SDK's element cap before any handler runs.
    const r = await c.call('list_pools', { path: 'orders', extra: Array.from({ length: 5000 }, (_, i) => i) });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /more than the maximum of 256 elements/);
    assert.deepEqual(snapshot(ex.dir), before);
  });
});

describe('response size', () => {
  it('refuses a result over 64 KB with advice instead of sending it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-big-'));
    const env = Array.from({ length: 3000 }, (_, i) => `        - name: SETTING_${i}\n          value: '${'v'.repeat(20)}${i}'`).join('\n');
    writeFileSync(path.join(dir, 'big.yaml'), `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: big-worker\nspec:\n  template:\n    spec:\n      containers:\n      - name: w\n        env:\n${env}\n`);
    const c = await connect({ roots: [dir] });
    try {
      const r = await c.call('get_pool_config', { pool: 'big-worker' });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /^The get_pool_config result is \d+ KB, over the 64 KB response limit\. Narrow it/);
      const small = await c.call('list_pools', {});
      assert.ok(!small.isError, textOf(small));
    } finally {
      await c.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writes', () => {
  it('does not register apply_proposal without allowWrite', async () => {
    const c = await connect();
    try {
      const { tools } = await c.client.listTools();
      assert.ok(!tools.some((t) => t.name === 'apply_proposal'));
      assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true), 'every remaining tool is read-only');
      const r = await c.call('apply_proposal', { proposalId: 'prop_x' });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /Unknown tool 'apply_proposal'/);
    } finally {
      await c.close();
    }
  });

  it('applies a suggestion atomically and returns the diff; refuses a stale proposal without touching the file', async () => {
    const ex = copyExamples();
    const c = await connect({ roots: [ex.dir], allowWrite: true });
    try {
      const file = path.join(ex.dir, 'orders', 'worker-pool.yaml');
      const a = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
      const findings = a.structuredContent!['findings'] as { ruleId: string; suggestions?: { proposalId: string; diff: string }[] }[];
      const mode = findings.find((f) => f.ruleId === 'crema-pool-not-manual')!.suggestions![0]!;
      const secret = findings.find((f) => f.ruleId === 'secret-in-plain-env-var')!.suggestions![0]!;

      const applied = await c.call('apply_proposal', { proposalId: mode.proposalId });
      assert.ok(!applied.isError, textOf(applied));
      assert.equal(applied.structuredContent!['diff'], mode.diff);
      const text = readFileSync(file, 'utf8');
      assert.match(text, /run\.googleapis\.com\/scalingMode: manual {3}# left over from the first deploy/);
      assert.deepEqual(readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')), [], 'no temp file left');

      // The file changed, so the other proposal on it is stale now.
      const stale = await c.call('apply_proposal', { proposalId: secret.proposalId });
      assert.equal(stale.isError, true);
      assert.match(textOf(stale), /orders\/worker-pool\.yaml changed since proposal .* Nothing was written\. Run analyze_pool again/);
      assert.equal(readFileSync(file, 'utf8'), text);

      // An applied proposal is gone.
      const again = await c.call('apply_proposal', { proposalId: mode.proposalId });
      assert.equal(again.isError, true);
      assert.match(textOf(again), /No proposal/);

      // A file edited by hand after the proposal is refused too.
      const b = await c.call('analyze_pool', { pool: 'transcode-worker' });
      const ack = (b.structuredContent!['findings'] as { ruleId: string; suggestions?: { proposalId: string }[] }[])
        .find((f) => f.ruleId === 'ack-deadline-below-processing-time')!.suggestions![0]!;
      const sub = path.join(ex.dir, 'transcode', 'subscription.yaml');
      writeFileSync(sub, readFileSync(sub, 'utf8') + '# edited by hand\n');
      const edited = readFileSync(sub, 'utf8');
      const r = await c.call('apply_proposal', { proposalId: ack.proposalId });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /transcode\/subscription\.yaml changed since proposal/);
      assert.equal(readFileSync(sub, 'utf8'), edited);
    } finally {
      await c.close();
      ex.dispose();
    }
  });

  it('applies one of two concurrent proposals on the same file and refuses the other as stale', async () => {
    const ex = copyExamples();
    const c = await connect({ roots: [ex.dir], allowWrite: true });
    try {
      const a = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
      const findings = a.structuredContent!['findings'] as { ruleId: string; suggestions?: { proposalId: string }[] }[];
      const ids = ['crema-pool-not-manual', 'secret-in-plain-env-var'].map((r) => findings.find((f) => f.ruleId === r)!.suggestions![0]!.proposalId);
      const results = await Promise.all(ids.map((proposalId) => c.call('apply_proposal', { proposalId })));
      assert.deepEqual(results.map((r) => r.isError === true), [false, true]);
      assert.match(textOf(results[1]!), /changed since proposal/);
      const text = readFileSync(path.join(ex.dir, 'orders', 'worker-pool.yaml'), 'utf8');
      assert.match(text, /scalingMode: manual/);
      assert.match(text, /value: sk_live/, 'the second edit was not written over the first');
    } finally {
      await c.close();
      ex.dispose();
    }
  });

  it('refuses to write through a file replaced by a symlink pointing out of the root', async () => {
    const ex = copyExamples();
    const outside = mkdtempSync(path.join(tmpdir(), 'pool-tuner-outside-'));
    const c = await connect({ roots: [ex.dir], allowWrite: true });
    try {
      const a = await c.call('analyze_pool', { pool: 'transcode-worker' });
      const p = (a.structuredContent!['findings'] as { ruleId: string; suggestions?: { proposalId: string }[] }[])
        .find((f) => f.ruleId === 'ack-deadline-below-processing-time')!.suggestions![0]!;
      const sub = path.join(ex.dir, 'transcode', 'subscription.yaml');
      const target = path.join(outside, 'subscription.yaml');
      writeFileSync(target, readFileSync(sub, 'utf8'));
      rmSync(sub);
      symlinkSync(target, sub);
      const r = await c.call('apply_proposal', { proposalId: p.proposalId });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /No such file or folder .* inside the allowed roots/);
      assert.equal(readFileSync(target, 'utf8'), readFileSync(path.join('examples', 'transcode', 'subscription.yaml'), 'utf8'));
    } finally {
      await c.close();
      ex.dispose();
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('secrets', () => {
  it('never returns the example\'s plain secret value from any tool, resource or prompt', async () => {
    const c = await connect({ allowWrite: true });
    try {
      const { tools } = await c.client.listTools();
      const pools = ['orders-worker', 'notify-worker', 'transcode-worker'];
      for (const t of tools) {
        if (t.name === 'apply_proposal') continue;
        await c.call(t.name, {});
        for (const pool of pools) await c.call(t.name, { pool, limit: 50 });
      }
      const a = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
      // The secret's own suggestion rewrites the line that holds it: its diff must not show the old value.
      const secret = (a.structuredContent!['findings'] as { ruleId: string; suggestions?: { proposalId: string; diff: string }[] }[])
        .find((f) => f.ruleId === 'secret-in-plain-env-var')!.suggestions![0]!;
      assert.match(secret.diff, /^-\s+value: \[redacted\]/m);
      const { resources } = await c.client.listResources();
      const read = await Promise.all(resources.map((r) => c.client.readResource({ uri: r.uri })));
      const prompts = await Promise.all(['tune-pool', 'review-pool-config'].map((name) => c.client.getPrompt({ name, arguments: { pool: 'orders-worker' } })));
      const all = JSON.stringify([c.seen, read, prompts]);
      assert.ok(c.seen.length > 10);
      assert.ok(all.includes('PAYMENTS_API_KEY'), 'the env var itself is listed');
      assert.ok(!all.includes(EXAMPLE_SECRET), 'the secret value leaked');
      assert.ok(!all.includes('51Hc0ffee'), 'part of the secret value leaked'); // (the rule doc's own example says sk_live_…)
    } finally {
      await c.close();
    }
  });
});
