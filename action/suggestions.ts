/**
 * Turns text edits into pull-request review suggestions: each group of edits that touches the same or adjacent
 * lines becomes one comment replacing whole lines `startLine..line` with a ```suggestion block, as GitHub's
 * "suggested changes" expect. Pure: text in, comments out.
 */
import { applyEdits, type TextEdit } from '../shared/config/edits.ts';

export interface Suggestion {
  path: string;
  /** First and last line (1-based, inclusive) of the original file that the suggestion replaces. */
  startLine: number;
  line: number;
  /** The new text of those lines, without the final line break. */
  replacement: string;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n' && i + 1 < text.length) starts.push(i + 1);
  return starts;
}

/** 0-based index of the line holding `offset`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Suggestions for one file's edits (all with `file === path`), in line order. */
export function suggestionsFor(path: string, text: string, edits: readonly Pick<TextEdit, 'span' | 'newText'>[]): Suggestion[] {
  if (edits.length === 0) return [];
  const starts = lineStartsOf(text);
  const ranges = [...edits]
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end)
    .map((e) => {
      const first = lineOf(starts, Math.min(e.span.start, Math.max(0, text.length - 1)));
      // A replacement that ends just after a line break does not touch the next line.
      const endAt = e.span.end > e.span.start && text[e.span.end - 1] === '\n' ? e.span.end - 1 : e.span.end;
      const last = Math.max(first, lineOf(starts, Math.min(endAt, Math.max(0, text.length - 1))));
      return { first, last, edits: [e] };
    });
  const groups: typeof ranges = [];
  for (const r of ranges) {
    const g = groups[groups.length - 1];
    if (g && r.first <= g.last + 1) {
      g.last = Math.max(g.last, r.last);
      g.edits.push(...r.edits);
    } else groups.push({ ...r, edits: [...r.edits] });
  }
  return groups.map((g) => {
    const from = starts[g.first]!;
    const to = g.last + 1 < starts.length ? starts[g.last + 1]! : text.length;
    const region = text.slice(from, to);
    const shifted = g.edits.map((e) => ({ span: { start: e.span.start - from, end: e.span.end - from }, newText: e.newText }));
    const replaced = applyEdits(region, shifted);
    return { path, startLine: g.first + 1, line: g.last + 1, replacement: replaced.endsWith('\n') ? replaced.slice(0, -1) : replaced };
  });
}

/** A Markdown ```suggestion block whose fence is longer than any backtick run inside it. */
export function suggestionBlock(replacement: string): string {
  const longest = Math.max(2, ...[...replacement.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}suggestion\n${replacement}\n${fence}`;
}
