/**
 * The redaction corpus (test/secrets/corpus.ts): ≥ 30 credential shapes that must never appear in any output of
 * the MCP server (tools, resources, prompts, errors) or the CLI (every format of review, tune, cost), and ≥ 30
 * ordinary values that must never be redacted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ordinaryCorpus, secretCorpus } from './corpus.ts';
import { forbiddenPieces, withCorpus } from './workspace.ts';
import { connect } from '../mcp/harness.ts';
import { cleanup, runCli } from '../cli/harness.ts';
import { collectSecrets, parseWorkspace, parseYamlFile, Redactor, REDACTED } from '../../shared/index.ts';
import { scanSecrets } from '../../shared/node/secret-scan.ts';

const POOL = 'orders-worker';
let dir = '';

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-secrets-'));
  cpSync(path.resolve('examples/orders'), dir, { recursive: true });
  const wp = path.join(dir, 'worker-pool.yaml');
  writeFileSync(wp, withCorpus(readFileSync(wp, 'utf8')));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanup();
});

function assertNoSecret(outputs: readonly string[], where: string): void {
  const all = outputs.join('\n');
  for (const c of secretCorpus()) {
    for (const piece of forbiddenPieces(c)) assert.ok(!all.includes(piece), `${where}: ${c.shape} (${c.envName}) leaked: …${piece.slice(0, 16)}…`);
  }
}

describe('redaction corpus', () => {
  it('has at least 30 secret shapes and 30 ordinary values, and the workspace parses', () => {
    assert.ok(secretCorpus().length >= 30);
    assert.ok(ordinaryCorpus().length >= 30);
    const ws = parseWorkspace([{ path: 'worker-pool.yaml', text: readFileSync(path.join(dir, 'worker-pool.yaml'), 'utf8') }]);
    assert.deepEqual(ws.problems, []);
    const env = ws.workerPools[0]!.containers[0]!.env;
    for (const c of secretCorpus()) assert.ok(env.some((e) => e.name === c.envName), c.envName);
  });

  it('finds every secret shape on its own, whatever its name and YAML style', async () => {
    for (const c of secretCorpus()) {
      const text = `env:\n- name: ${c.envName}\n  value: ${JSON.stringify(c.value)}\n`;
      const r = new Redactor(await scanSecrets([parseYamlFile('one.yaml', text)]));
      assertNoSecret([r.text(text)], c.shape);
    }
  });

  it('never redacts an ordinary value (secretlint scan, own detection, the editor\'s detection)', async () => {
    const text = readFileSync(path.join(dir, 'worker-pool.yaml'), 'utf8');
    const file = parseYamlFile('worker-pool.yaml', text);
    const full = new Redactor(await scanSecrets([file]));
    const editor = new Redactor(collectSecrets([file]));
    for (const o of ordinaryCorpus()) {
      assert.equal(full.text(`${o.envName}=${o.value}`), `${o.envName}=${o.value}`, o.envName);
      assert.equal(editor.text(o.value), o.value, o.envName);
    }
  });

  it('MCP: no tool, resource or prompt returns a secret; get_pool_config keeps ordinary values and withholds secrets', async () => {
    const c = await connect({ roots: [dir] });
    try {
      const cfg = await c.call('get_pool_config', { pool: POOL });
      const env = (cfg.structuredContent as { workerPool: { containers: { env: { name: string; value?: string; valueSource: string }[] }[] } }).workerPool.containers[0]!.env;
      for (const o of ordinaryCorpus()) {
        const e = env.find((x) => x.name === o.envName)!;
        assert.deepEqual([e.valueSource, e.value], ['plain', o.value], o.envName);
      }
      for (const s of secretCorpus()) assert.equal(env.find((x) => x.name === s.envName)!.valueSource, 'redacted', s.envName);
      const { tools } = await c.client.listTools();
      for (const t of tools) await c.call(t.name, { pool: POOL, limit: 50 });
      await c.call('get_pool_config', { pool: POOL, path: 'missing.yaml' });
      const { resources } = await c.client.listResources();
      const read = await Promise.all(resources.map((r) => c.client.readResource({ uri: r.uri })));
      const prompts = await Promise.all(['tune-pool', 'review-pool-config'].map((name) => c.client.getPrompt({ name, arguments: { pool: POOL } })));
      const all = JSON.stringify([c.seen, read, prompts]);
      assert.ok(all.includes(REDACTED));
      assert.ok(all.includes('STRIPE_THING') && all.includes('TLS_MATERIAL'), 'the names themselves are listed');
      assertNoSecret([all], 'MCP');
      // The secret-in-plain-env-var suggestions put secret lines in diff context: withheld there too.
      assert.match(all, /secret-in-plain-env-var/);
    } finally {
      await c.close();
    }
  });

  it('CLI: review (every format), tune (every format) and cost print no secret', () => {
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'markdown', 'sarif', 'github']) {
      const r = runCli(['review', '.', '--format', format], dir);
      assert.ok(r.code === 1 || r.code === 0, `review ${format}: ${r.stderr}`);
      outputs.push(r.stdout, r.stderr);
    }
    for (const format of ['text', 'json', 'markdown']) {
      const r = runCli(['tune', '.', '--format', format], dir);
      assert.equal(r.code, 0, `tune ${format}: ${r.stderr}`);
      outputs.push(r.stdout, r.stderr);
    }
    const cost = runCli(['cost', '.'], dir);
    outputs.push(cost.stdout, cost.stderr);
    assert.ok(outputs.join('').includes('STRIPE_THING') || outputs.join('').includes('secret-in-plain-env-var'));
    assertNoSecret(outputs, 'CLI');
  });
});
