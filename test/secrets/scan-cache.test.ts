/**
 * The secret scan's cache (shared/node/secret-scan.ts): per file content, secretlint's findings kept on disk as
 * offsets only (never a secret), read back by the next run, ignored when malformed; same fragments with or
 * without it. The CLI keeps it in POOL_TUNER_CACHE_DIR.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseYamlFile, Redactor } from '../../shared/index.ts';
import { defaultCacheDir, scanSecrets, SecretScanCache, SECRETLINT_VERSION, secretlintProfilerEntries } from '../../shared/node/secret-scan.ts';
import { secretCorpus } from './corpus.ts';
import { corpusEnvBlock, forbiddenPieces } from './workspace.ts';
import { cleanup, runCli } from '../cli/harness.ts';

const temps: string[] = [];
after(() => {
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
  cleanup();
});
const temp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'pool-tuner-scan-cache-'));
  temps.push(d);
  return d;
};

const text = `apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n      containers:\n      - image: x\n        env:\n${corpusEnvBlock()}`;
const file = parseYamlFile('worker-pool.yaml', text);

describe('secret scan cache', () => {
  it('keys on the pinned secretlint release', () => {
    const installed = JSON.parse(readFileSync(path.resolve('node_modules/@secretlint/core/package.json'), 'utf8')) as { version: string };
    assert.equal(installed.version, SECRETLINT_VERSION);
    const pinned = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    assert.equal(pinned.devDependencies['@secretlint/core'], SECRETLINT_VERSION);
  });

  it('finds the same fragments with a cold cache, a warm one and none', async () => {
    const dir = temp();
    const cold = new SecretScanCache(dir);
    const a = (await scanSecrets([file], cold)).sort();
    await cold.save();
    const warm = (await scanSecrets([file], new SecretScanCache(dir))).sort();
    const none = (await scanSecrets([file], new SecretScanCache())).sort();
    assert.deepEqual(warm, a);
    assert.deepEqual(none, a);
    const scrubbed = new Redactor(warm).text(text);
    for (const c of secretCorpus()) for (const piece of forbiddenPieces(c)) assert.ok(!scrubbed.includes(piece), c.shape);
  });

  it('writes offsets only: no secret in the cache file, owner-only mode', async () => {
    const dir = temp();
    const cache = new SecretScanCache(dir);
    await scanSecrets([file], cache);
    await cache.save();
    const [name] = readdirSync(dir);
    assert.equal(name, `secretlint-${SECRETLINT_VERSION}.json`);
    const stored = readFileSync(path.join(dir, name!), 'utf8');
    for (const c of secretCorpus()) for (const piece of forbiddenPieces(c)) assert.ok(!stored.includes(piece), `${c.shape} in the cache file`);
    const entries = Object.entries(JSON.parse(stored) as Record<string, [number, number][]>);
    assert.equal(entries.length, 1);
    assert.match(entries[0]![0], /^[0-9a-f]{64}$/);
    assert.ok(entries[0]![1].length > 0, 'secretlint found something in the corpus');
  });

  it('reads the disk entry instead of linting again (a changed entry shows), re-lints changed content', async () => {
    const dir = temp();
    const first = new SecretScanCache(dir);
    await scanSecrets([file], first);
    await first.save();
    const f = path.join(dir, `secretlint-${SECRETLINT_VERSION}.json`);
    const data = JSON.parse(readFileSync(f, 'utf8')) as Record<string, [number, number][]>;
    const key = Object.keys(data)[0]!;
    // Point the entry at "WorkerPool" (offsets 40..50): only a cache that was read reports it.
    const at = text.indexOf('WorkerPool');
    writeFileSync(f, JSON.stringify({ [key]: [[at, at + 10]] }));
    assert.ok((await scanSecrets([file], new SecretScanCache(dir))).includes('WorkerPool'));
    // Other content has another key: linted, not taken from the entry.
    const other = parseYamlFile('worker-pool.yaml', `${text}# changed\n`);
    assert.ok(!(await scanSecrets([other], new SecretScanCache(dir))).includes('WorkerPool'));
  });

  it('a malformed cache file is an empty cache', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, `secretlint-${SECRETLINT_VERSION}.json`), '{"zz": "nope", "abc": [[1, "x"]]');
    const found = await scanSecrets([file], new SecretScanCache(dir));
    assert.deepEqual(found.sort(), (await scanSecrets([file], new SecretScanCache())).sort());
  });

  it('where the CLI keeps it: POOL_TUNER_CACHE_DIR, off, XDG_CACHE_HOME, ~/.cache', () => {
    assert.equal(defaultCacheDir({ POOL_TUNER_CACHE_DIR: '/x/c' }), '/x/c');
    assert.equal(defaultCacheDir({ POOL_TUNER_CACHE_DIR: 'off' }), undefined);
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }), '/xdg/pool-tuner');
    assert.match(defaultCacheDir({})!, /\.cache[\\/]pool-tuner$/);
  });

  it('the CLI fills the cache and prints no secret, cold and warm', () => {
    const ws = temp();
    const dir = temp();
    writeFileSync(path.join(ws, 'worker-pool.yaml'), text);
    for (let run = 0; run < 2; run++) {
      const r = runCli(['review', '.', '--format', 'json'], ws, { env: { POOL_TUNER_CACHE_DIR: dir } });
      assert.ok(r.stdout.includes('"findings"'), r.stderr);
      for (const c of secretCorpus()) for (const piece of forbiddenPieces(c)) assert.ok(!r.stdout.includes(piece), `run ${run}: ${c.shape}`);
      assert.ok(existsSync(path.join(dir, `secretlint-${SECRETLINT_VERSION}.json`)), `run ${run}: cache written`);
    }
  });
});

describe('secretlint in a long-lived process', () => {
  it('keeps no profiler entries between lints (they made each later scan slower)', async () => {
    const many = Array.from({ length: 40 }, (_, i) => parseYamlFile(`f${i}.yaml`, `${text}# ${i}\n`));
    for (let i = 0; i < 3; i++) await scanSecrets(many, new SecretScanCache());
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Without the release: about 32 marks and 32 measures per lint, 120 lints.
    assert.ok(secretlintProfilerEntries() < 100, `${secretlintProfilerEntries()} profiler entries kept`);
  });
});
