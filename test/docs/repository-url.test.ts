/**
 * One place holds the repository URL: package.json `repository.url`. Rule-doc links, SARIF and schema ids derive
 * from it (shared/product.ts); no product source spells it out; every rule's web page and bundled page exist.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { REPOSITORY_URL, repositoryFileUrl } from '../../shared/product.ts';
import { docsUrl, RULES } from '../../shared/index.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { repository: { url: string }; homepage?: string; bugs?: unknown };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|mjs)$/.test(n) ? [p] : [];
  });
}

it('derives every product URL from package.json repository.url', () => {
  assert.equal(`${REPOSITORY_URL}.git`, pkg.repository.url);
  assert.equal(pkg.homepage, undefined, 'npm derives homepage from repository');
  assert.equal(pkg.bugs, undefined, 'npm derives bugs from repository');
  for (const r of RULES) assert.equal(docsUrl(r.meta.id), repositoryFileUrl(`docs/rules/${r.meta.id}.md`));
  const host = new URL(REPOSITORY_URL).host + new URL(REPOSITORY_URL).pathname;
  const spelled = ['shared', 'cli', 'mcp-server', 'extension', 'action', 'scripts'].flatMap(walk).filter((f) => readFileSync(f, 'utf8').includes(host));
  assert.deepEqual(spelled, [], 'these files spell out the repository URL instead of importing shared/product.ts');
  for (const schema of readdirSync('schemas')) {
    const id = (JSON.parse(readFileSync(path.join('schemas', schema), 'utf8')) as { $id: string }).$id;
    assert.equal(id, repositoryFileUrl(`schemas/${schema}`));
  }
});

it('every rule has its page in docs/rules, which the package and the .vsix ship', () => {
  for (const r of RULES) assert.ok(existsSync(`docs/rules/${r.meta.id}.md`), r.meta.id);
  const vscodeignore = readFileSync('.vscodeignore', 'utf8');
  assert.match(vscodeignore, /^!docs\/rules\/\*\.md$/m);
  assert.ok((JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] }).files.includes('docs/**/*.md'));
});
