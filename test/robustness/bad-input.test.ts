/** Hostile and degenerate files: each yields findings or nothing, never an exception, in bounded time and memory. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { ids, reviewUntrusted } from './harness.ts';

describe('degenerate files', () => {
  it('an empty file yields nothing', () => {
    assert.deepEqual(reviewUntrusted([{ path: 'empty.yaml', text: '' }]).findings, []);
  });

  it('whitespace, comments only, or only document markers yield nothing', () => {
    for (const text of ['\n\n   \n', '# just a comment\n# another\n', '---\n# c\n---\n...\n', '\uFEFF# BOM then a comment\n']) {
      assert.deepEqual(reviewUntrusted([{ path: 'c.yaml', text }]).findings, [], JSON.stringify(text));
    }
  });

  it('a binary file is a yaml-syntax finding', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const { findings } = reviewUntrusted([{ path: 'image.yaml', text: bytes.toString('utf8') }]);
    assert.deepEqual(ids(findings), ['yaml-syntax']);
    assert.match(findings[0]!.message, /Binary file/);
  });

  it('a binary file read through the loader (real bytes on disk) is a finding too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-bin-'));
    try {
      writeFileSync(path.join(dir, 'blob.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0xff, 0xfe]));
      const { sources, errors } = await loadSources([dir]);
      assert.deepEqual(errors, []);
      assert.deepEqual(ids(reviewUntrusted(sources).findings), ['yaml-syntax']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('broken YAML of several kinds: yaml-syntax findings with positions', () => {
    const cases = [
      'kind: WorkerPool\nmetadata:\n  name: "unclosed\n',
      'a: [1, 2\nb: 3\n',
      'a:\n  - b\n c: d\n',
      'key: value\nkey: again\n',
      'a: b: c\n',
      '\tkind: tab-indented\n',
      '{{{{{{{{{{\n',
      'a: *undefined_alias\n',
      '- a\nb: c\n',
    ];
    for (const text of cases) {
      const { findings } = reviewUntrusted([{ path: 'bad.yaml', text }]);
      assert.ok(findings.some((f) => f.ruleId === 'yaml-syntax'), `no yaml-syntax finding for ${JSON.stringify(text)}: ${ids(findings)}`);
    }
  });

  it('unknown kinds are ignored quietly', () => {
    const text = [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "three"\n',
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\n',
      'just: a mapping\n',
      '- a list\n- at the root\n',
      'plain scalar document\n',
      '42\n',
      'apiVersion: v1\nkind: WorkerPool\n', // WorkerPool but not run.googleapis.com
    ].join('---\n');
    assert.deepEqual(reviewUntrusted([{ path: 'other.yaml', text }]).findings, []);
  });
});

describe('resource exhaustion', () => {
  it('a "billion laughs" alias bomb finishes fast, in bounded memory, with a finding', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: bomb\n${levels.join('\n')}\n`;
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const { findings } = reviewUntrusted([{ path: 'bomb.yaml', text }]);
    const ms = performance.now() - t0;
    const grownMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
    assert.ok(grownMb < 256, `memory grew ${grownMb.toFixed(0)} MB`); // 9^9 expanded strings would need gigabytes
    assert.deepEqual(ids(findings), ['yaml-syntax']);
    assert.match(findings[0]!.message, /alias/i);
  });

  it('aliases used normally (a few) still work', () => {
    const text = 'ackDeadlineSeconds: &d 60\nname: projects/p/subscriptions/s\ntopic: projects/p/topics/t\nlabels:\n  a: *d\n';
    const { findings, ws } = reviewUntrusted([{ path: 'sub.yaml', text }]);
    assert.equal(ws.subscriptions[0]?.ackDeadlineSec, 60);
    assert.ok(!findings.some((f) => f.ruleId === 'yaml-syntax'));
  });

  // How fast large workspaces are reviewed is measured by `npm run bench:review` (ratios against a baseline in the
  // same run), not timed here; this checks that a large single file of many documents is read whole and right.
  it('a 1 MB file of realistic documents is parsed and reviewed whole: every pool, its subscription and its finding', () => {
    const docs: string[] = [];
    let size = 0;
    for (let i = 0; size < 1024 * 1024; i++) {
      const d = `# pool ${i}\napiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: pool-${i}\n  annotations:\n    run.googleapis.com/scalingMode: manual\n    run.googleapis.com/manualInstanceCount: '2'\nspec:\n  template:\n    spec:\n      containers:\n      - name: worker\n        image: europe-docker.pkg.dev/p/r/worker:${i}\n        env:\n        - name: SUBSCRIPTION_ID\n          value: sub-${i}\n        resources:\n          limits:\n            cpu: '1'\n            memory: 512Mi\n---\nackDeadlineSeconds: 60\nname: projects/p/subscriptions/sub-${i}\ntopic: projects/p/topics/t-${i}\n`;
      docs.push(d);
      size += d.length;
    }
    const text = docs.join('---\n');
    const { ws, findings } = reviewUntrusted([{ path: 'big.yaml', text }]);
    assert.equal(ws.workerPools.length, docs.length);
    assert.equal(ws.pools.filter((p) => p.subscriptions.length === 1).length, docs.length, 'every pool linked to its subscription');
    assert.ok(findings.filter((f) => f.ruleId === 'no-dead-letter-policy').length === docs.length);
  });

  it('a 10 MB single scalar is fine', () => {
    const text = `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: "${'x'.repeat(10 * 1024 * 1024)}"\n`;
    const { ws } = reviewUntrusted([{ path: 'long.yaml', text }]);
    assert.equal(ws.workerPools[0]?.name.length, 10 * 1024 * 1024);
  });

  it('deep nesting does not overflow the stack', () => {
    const depth = 2000;
    const text = `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: deep\nspec: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const { findings } = reviewUntrusted([{ path: 'deep.yaml', text }]);
    assert.ok(findings.length > 0, 'a spec that is a list is reported');
  });
});
