/**
 * User-facing text cites what users can open: public sources or pages in docs/ (docs/sources.md above all), never
 * the project's internal reference notes. Scans product sources (strings, help text, rationales, comments), docs,
 * examples, schemas and the manifest; checks that every docs/sources.md anchor and relative docs link resolves,
 * and that each fact row of docs/sources.md names a source and a date.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const ROOTS = ['cli', 'mcp-server', 'extension', 'shared', 'docs', 'examples', 'schemas', 'scripts'];
const FILES = ['README.md', 'ARCHITECTURE.md', 'package.json', 'action.yml'];
const TEXT = /\.(ts|md|json|ya?ml|mjs)$/;

function walk(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (TEXT.test(name)) out.push(p);
  }
  return out;
}
const userFacing = [...ROOTS.flatMap((r) => walk(r, [])), ...FILES.filter((f) => existsSync(f))];

/** What users do not have: the internal reference notes, by name or path. */
const FORBIDDEN: [RegExp, string][] = [
  [/\bDOMAIN\b/, 'the internal DOMAIN notes'],
  [/\/work\/shared/, 'a path on the developers\' machine'],
  [/\.\.\/shared\/(DOMAIN|STYLE|recipes|data)\b/, 'the reference folder beside the checkout'],
  [/shared data folder/, 'the reference data folder'],
];
/** A "§n" is fine only as a section of a named public work (SARIF spec, Kleinrock, Whitt…), never of the notes. */
const SECTION_OK = /(SARIF|Kleinrock|vol\. ?1,?|Whitt 1993,?|STYLE\.md|ch\. \d+|19\d\d\)?,?|2nd ed\.[^§]*)\s*$/;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

it('user-facing text cites no internal reference (DOMAIN, ../shared, /work/shared)', () => {
  assert.ok(userFacing.length > 100, `scanned only ${userFacing.length} files`);
  const bad: string[] = [];
  for (const f of userFacing) {
    const text = readFileSync(f, 'utf8');
    for (const [re, what] of FORBIDDEN) {
      const g = new RegExp(re.source, 'g');
      for (const m of text.matchAll(g)) bad.push(`${f}:${lineOf(text, m.index)}: cites ${what}: ${m[0]}`);
    }
    for (const m of text.matchAll(/§\d/g)) {
      if (!SECTION_OK.test(text.slice(Math.max(0, m.index - 40), m.index))) bad.push(`${f}:${lineOf(text, m.index)}: bare section citation "${text.slice(m.index, m.index + 5)}" (cite docs/sources.md#… or a public URL)`);
    }
  }
  assert.deepEqual(bad, []);
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}
function anchorsOf(md: string): Set<string> {
  const out = new Set<string>();
  for (const m of md.matchAll(/^#{1,6} +(.+)$/gm)) out.add(slug(m[1]!));
  return out;
}
const SOURCES = anchorsOf(readFileSync('docs/sources.md', 'utf8'));

it('every docs/sources.md#anchor cited in code and docs exists', () => {
  assert.ok(SOURCES.has('ack-deadlines') && SOURCES.has('pricing'), [...SOURCES].join(' '));
  const bad: string[] = [];
  let cited = 0;
  for (const f of userFacing) {
    const text = readFileSync(f, 'utf8');
    // `docs/sources.md#a, #b/#c` (code) and `](../sources.md#a)` (Markdown links).
    for (const m of text.matchAll(/sources\.md#([a-z0-9-]+)((?:\s*(?:,|\/|and)\s*#[a-z0-9-]+)*)/g)) {
      const ids = [m[1]!, ...[...m[2]!.matchAll(/#([a-z0-9-]+)/g)].map((x) => x[1]!)];
      for (const id of ids) {
        cited++;
        if (!SOURCES.has(id)) bad.push(`${f}:${lineOf(text, m.index)}: docs/sources.md has no #${id}`);
      }
    }
  }
  assert.ok(cited > 300, `only ${cited} citations found: is the pattern still right?`);
  assert.deepEqual(bad, []);
});

it('relative links in docs/ and README open a file (and a heading, for docs/sources.md)', () => {
  const bad: string[] = [];
  for (const f of userFacing.filter((x) => x.endsWith('.md'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s#]+\.md)(#[^)\s]+)?\)/g)) {
      if (/^[a-z]+:/.test(m[1]!)) continue;
      const target = path.join(path.dirname(f), m[1]!);
      if (!existsSync(target)) bad.push(`${f}:${lineOf(text, m.index)}: ${m[1]} does not exist`);
      else if (m[2] && path.basename(target) === 'sources.md' && !SOURCES.has(m[2].slice(1))) bad.push(`${f}:${lineOf(text, m.index)}: no heading ${m[2]} in ${m[1]}`);
    }
  }
  assert.deepEqual(bad, []);
});

it('each fact in docs/sources.md has a value, a public source and a date checked', () => {
  const md = readFileSync('docs/sources.md', 'utf8');
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Fact |') && !l.startsWith('| Rule |'));
  const facts = rows.filter((l) => l.split('|').length === 6);
  assert.ok(facts.length >= 80, `only ${facts.length} fact rows`);
  const bad: string[] = [];
  for (const row of facts) {
    const [, fact, value, source, checked] = row.split('|').map((c) => c.trim());
    if (!fact || !value) bad.push(`no fact or value: ${row}`);
    if (!/^\d{4}(-\d\d){0,2}$/.test(checked ?? '')) bad.push(`no date checked: ${row}`);
    // A source is a URL, or refers to the section's URLs given above its table (named file, page or "same").
    if (!source || /^—?$/.test(source)) bad.push(`no source: ${row}`);
  }
  assert.deepEqual(bad, []);
  for (const url of md.matchAll(/https?:\/\/[^\s)|>]+/g)) assert.match(url[0], /^https:\/\/(docs\.cloud\.google\.com|cloud\.google\.com|github\.com|keda\.sh|kubernetes\.io|codelabs\.developers\.google\.com|developer\.hashicorp\.com)\//, url[0]);
});
