/**
 * Dependencies point inward (STYLE.md §1): the pure core (`shared/` outside `shared/node/`) imports no editor,
 * protocol, cloud client or Node I/O module, and no adapter folder. Adapters import the core only through
 * `shared/index.ts` (or `shared/node/` for Node-side file access).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

const FORBIDDEN_IN_CORE = [/^vscode$/, /^@modelcontextprotocol\//, /^@google-cloud\//, /^node:(fs|child_process|net|http|https)/, /^(fs|child_process|net|http|https)$/, /\/(cli|mcp-server|extension)\//];

it('the pure core imports no I/O, editor, protocol or adapter module', () => {
  const offenders: string[] = [];
  for (const f of tsFiles('shared').filter((f) => !f.startsWith(join('shared', 'node')))) {
    for (const spec of imports(f)) {
      if (FORBIDDEN_IN_CORE.some((re) => re.test(spec))) offenders.push(`${f} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
});

it('the forbidden-import check itself catches an offender', () => {
  assert.ok(FORBIDDEN_IN_CORE.some((re) => re.test('vscode')));
  assert.ok(FORBIDDEN_IN_CORE.some((re) => re.test('node:fs')));
  assert.ok(FORBIDDEN_IN_CORE.some((re) => re.test('../../cli/usage.ts')));
  assert.ok(!FORBIDDEN_IN_CORE.some((re) => re.test('zod')));
});

it('the extension and MCP server reach the core only through shared/index.ts or shared/node/', () => {
  const offenders: string[] = [];
  for (const dir of ['extension', 'mcp-server']) {
    let files: string[] = [];
    try {
      files = tsFiles(dir);
    } catch {
      continue;
    }
    for (const f of files) {
      for (const spec of imports(f)) {
        if (/\/shared\//.test(spec) && !/\/shared\/(index\.ts|node\/)/.test(spec)) offenders.push(`${f} imports ${spec}`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});
