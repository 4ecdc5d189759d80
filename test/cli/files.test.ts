/**
 * Files: `--fix` refuses a read-only file (exit 2, file named) and keeps mode and owner otherwise; a missing path
 * prints only its error; a folder with nothing recognised says so (review, tune, cost and the MCP tools).
 */
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, isRoot, runCli, tempWorkspace } from './harness.ts';
import { connect, textOf } from '../mcp/harness.ts';

after(cleanup);

const FIXABLE = path.resolve('test/fixtures/rules/crema-per-object-polling-interval/fail.per-object.yaml');

it('review --fix refuses a read-only file: exit 2, the file named, the file unchanged', () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'crema.yaml');
  copyFileSync(FIXABLE, file);
  chmodSync(file, 0o444);
  const before = readFileSync(file, 'utf8');
  const r = runCli(['review', '.', '--fix'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /crema\.yaml.*read-only/);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.equal(statSync(file).mode & 0o777, 0o444);
});

it('review --fix keeps the mode (and, as root, the owner) of the file it rewrites', () => {
  const dir = tempWorkspace();
  const file = path.join(dir, 'crema.yaml');
  copyFileSync(FIXABLE, file);
  chmodSync(file, 0o640);
  if (isRoot) chownSync(file, 65534, 65534);
  const before = readFileSync(file, 'utf8');
  const r = runCli(['review', '.', '--fix'], dir);
  assert.notEqual(readFileSync(file, 'utf8'), before, `nothing was fixed: ${r.stderr}`);
  const st = statSync(file);
  assert.equal(st.mode & 0o777, 0o640);
  if (isRoot) assert.deepEqual([st.uid, st.gid], [65534, 65534]);
});

it('a missing path prints only the error', () => {
  const dir = tempWorkspace();
  const r = runCli(['review', 'no-such-dir'], dir);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no-such-dir/);
  assert.doesNotMatch(r.stderr + r.stdout, /No problems found/);
});

it('a folder with no pool configs says so for review, tune and cost, and for the MCP tools', async () => {
  const dir = tempWorkspace();
  mkdirSync(path.join(dir, 'charts'));
  writeFileSync(path.join(dir, 'charts', 'values.yaml'), 'replicaCount: 2\nimage:\n  repository: nginx\n');
  for (const cmd of ['review', 'tune', 'cost']) {
    const r = runCli([cmd, '.'], dir);
    assert.match(r.stderr, /no pool configs found in \. \(looked for Cloud Run WorkerPool, CremaConfig or KEDA ScaledObject, Pub\/Sub subscription/, cmd);
    assert.doesNotMatch(r.stdout, /No problems found|Metrics: declared/, cmd);
  }
  const c = await connect({ roots: [dir] });
  try {
    for (const tool of ['list_pools', 'analyze_pool', 'estimate_cost']) {
      const r = await c.call(tool, {});
      assert.equal(r.isError, true, tool);
      assert.match(textOf(r), /^No pool configs found in the roots \(.*\) \(looked for Cloud Run WorkerPool/, tool);
    }
  } finally {
    await c.close();
  }
});
