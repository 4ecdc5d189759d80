/**
 * Markdown review output for a pull-request comment: summary counts, one compact table per pool (findings
 * outside any pool grouped per file), rule ids linked to their docs, and fixes/suggestions as small diffs
 * inside collapsed `<details>` blocks.
 */
import type { Finding, Fix } from '../rules/finding.ts';
import { docsUrl } from '../rules/types.ts';
import type { PositionMapper } from './format-position.ts';
import { countsLine, summarize } from './summary.ts';

const ICON: Record<Finding['severity'], string> = { error: ':x: error', warning: ':warning: warning', info: ':information_source: info' };
/** Longest diff shown per fix; the rest is elided (a PR comment should stay short). */
const MAX_DIFF_LINES = 12;

/** Table cell text: no line breaks, pipes and HTML escaped. */
export function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

export function formatMarkdown(findings: readonly Finding[], pos: PositionMapper, skippedForMetrics: string[] = []): string {
  const out: string[] = ['## Pool Tuner review', ''];
  const s = summarize(findings);
  if (findings.length === 0) {
    out.push(':white_check_mark: No problems found.');
  } else {
    const files = new Set(findings.map((f) => f.file)).size;
    const extras = [
      s.fixable ? `${s.fixable} fixable with \`pool-tuner review --fix\`` : '',
      s.withSuggestions ? `${s.withSuggestions} with suggestions` : '',
    ].filter(Boolean);
    out.push(`**${countsLine(s)}** in ${files} file${files === 1 ? '' : 's'}${extras.length ? ` · ${extras.join(' · ')}` : ''}`);
    for (const [title, list] of groups(findings)) {
      out.push('', `### ${title}`, '', '| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
      for (const f of list) {
        const r = pos.region(f.file, f.span);
        out.push(`| ${ICON[f.severity]} | ${code(`${f.file}:${r.start.line}:${r.start.column}`)} | [${f.ruleId}](${docsUrl(f.ruleId)}) | ${cell(f.message)} |`);
      }
      out.push(...changes(list, pos));
    }
  }
  if (skippedForMetrics.length) {
    out.push('', `<sub>${skippedForMetrics.length} metric-aware rule${skippedForMetrics.length === 1 ? '' : 's'} not run (no metrics; pass \`--metrics\`): ${skippedForMetrics.map(code).join(', ')}.</sub>`);
  }
  return out.join('\n') + '\n';
}

/** Pools by name, then findings that belong to no pool, per file. */
function groups(findings: readonly Finding[]): [string, Finding[]][] {
  const pools = new Map<string, Finding[]>();
  const files = new Map<string, Finding[]>();
  for (const f of findings) {
    const [map, key] = f.pool ? [pools, f.pool] : [files, f.file];
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  return [
    ...[...pools].sort(([a], [b]) => a.localeCompare(b)).map(([p, l]): [string, Finding[]] => [`Pool ${code(p)}`, l]),
    ...[...files].sort(([a], [b]) => a.localeCompare(b)).map(([f, l]): [string, Finding[]] => [`File ${code(f)}`, l]),
  ];
}

/** One collapsed block per group listing its fixes and suggestions with their diffs. */
function changes(list: readonly Finding[], pos: PositionMapper): string[] {
  const items = list.flatMap((f) => [
    ...(f.fix ? [{ f, fix: f.fix, kind: 'fix' }] : []),
    ...(f.suggestions ?? []).map((fix) => ({ f, fix, kind: 'suggestion' })),
  ]);
  if (items.length === 0) return [];
  const nFix = items.filter((i) => i.kind === 'fix').length;
  const nSug = items.length - nFix;
  const label = [nFix ? `${nFix} fix${nFix === 1 ? '' : 'es'}` : '', nSug ? `${nSug} suggestion${nSug === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  const out = ['', `<details><summary>${label}</summary>`, ''];
  for (const { f, fix, kind } of items) {
    const r = pos.region(f.file, f.span);
    const how = kind === 'fix' ? '**fix** (`--fix` applies it)' : '**suggestion** (changes behaviour; review first)';
    out.push(`- ${code(`${f.file}:${r.start.line}`)} ${how}: ${cell(fix.title)}`);
    const diff = diffLines(fix, pos);
    if (diff.length) out.push('', '  ```diff', ...diff.map((l) => `  ${l}`), '  ```', '');
  }
  out.push('</details>');
  return out;
}

/** A minimal line diff of a fix's edits: whole affected lines, common leading/trailing lines trimmed. */
function diffLines(fix: Fix, pos: PositionMapper): string[] {
  const out: string[] = [];
  for (const e of fix.edits) {
    const text = pos.text(e.file);
    if (e.span.end > text.length) continue;
    const from = text.lastIndexOf('\n', e.span.start - 1) + 1;
    const nl = text.indexOf('\n', Math.max(e.span.start, e.span.end - 1));
    const to = nl === -1 ? text.length : nl + 1;
    let before = splitLines(text.slice(from, to));
    let after = splitLines(text.slice(from, e.span.start) + e.newText + text.slice(e.span.end, to));
    while (before.length && after.length && before[0] === after[0]) { before = before.slice(1); after = after.slice(1); }
    while (before.length && after.length && before[before.length - 1] === after[after.length - 1]) { before = before.slice(0, -1); after = after.slice(0, -1); }
    out.push(...before.map((l) => `-${l}`), ...after.map((l) => `+${l}`));
  }
  return out.length > MAX_DIFF_LINES ? [...out.slice(0, MAX_DIFF_LINES), `… ${out.length - MAX_DIFF_LINES} more lines`] : out;
}

function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
