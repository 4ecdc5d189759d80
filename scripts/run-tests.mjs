// Finds every *.test.ts under test/ (Node 20's --test takes no globs) and runs them with node:test + tsx.
// Usage: node scripts/run-tests.mjs [filter-substring…]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'fixtures' || name === 'node_modules' || name === 'vscode') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = walk('test', []).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(2);
}
// A todo that fails (a known miss) is reported as a todo, not under "failing tests" (scripts/test-reporter.mjs).
const reporter = new URL('./test-reporter.mjs', import.meta.url).pathname;
// Two test files at a time (each its own process; every test writes only to its own temp directory): Node 20 runs
// availableParallelism() − 1 files at once, one on a 2-core machine, where about a third of the time is spent waiting
// on child processes (the CLI, the MCP server over stdio). POOL_TUNER_TEST_CONCURRENCY overrides.
const concurrency = process.env.POOL_TUNER_TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-reporter=${reporter}`, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
