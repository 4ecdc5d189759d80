/**
 * The one edit model: minimal text replacements over source spans. Fixes, suggestions and tuner proposals
 * are all lists of `TextEdit`; `applyEdits` is the only function that applies them. Nothing re-serialises
 * a document, so comments, quoting, key order and blank lines outside an edited span survive byte for byte.
 */
import { z } from 'zod';
import { SpanSchema } from './span.ts';

export const TextEditSchema = z.object({
  file: z.string().describe('Path of the file the edit applies to, as given to the parser'),
  span: SpanSchema.describe('Range replaced; an empty range inserts'),
  newText: z.string().describe('Replacement text'),
});
export type TextEdit = z.infer<typeof TextEditSchema>;

export class OverlappingEditsError extends Error {
  readonly code = 'OVERLAPPING_EDITS';
  constructor(message: string) {
    super(message);
    this.name = 'OverlappingEditsError';
  }
}

/**
 * Applies edits for one file: sorts them, rejects overlaps, applies back to front.
 * Two insertions at the same offset are applied in the order given.
 */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'span' | 'newText'>[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.span.start - b.e.span.start || a.e.span.end - b.e.span.end || a.i - b.i);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!.e.span;
    const cur = sorted[k]!.e.span;
    if (cur.start < prev.end) {
      throw new OverlappingEditsError(`edits overlap at offsets ${prev.start}-${prev.end} and ${cur.start}-${cur.end}`);
    }
  }
  for (const { e } of sorted) {
    if (e.span.start > e.span.end || e.span.end > text.length) {
      throw new OverlappingEditsError(`edit span ${e.span.start}-${e.span.end} is outside the text (${text.length})`);
    }
  }
  let out = '';
  let cursor = 0;
  for (const { e } of sorted) {
    out += text.slice(cursor, e.span.start) + e.newText;
    cursor = e.span.end;
  }
  return out + text.slice(cursor);
}

/**
 * Edits are built with `\n`; in a file whose lines end in CRLF every inserted line must end in CRLF too, or the
 * file ends up with mixed line ends. `usesCrlf(file)` says which files do (callers cache it: files can be large).
 */
export function withFileLineEnds<E extends Pick<TextEdit, 'file' | 'newText'>>(edits: readonly E[], usesCrlf: (file: string) => boolean): E[] {
  return edits.map((e) => (e.newText.includes('\n') && usesCrlf(e.file) ? { ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') } : e));
}

/** Groups edits by file. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const map = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = map.get(e.file) ?? [];
    list.push(e);
    map.set(e.file, list);
  }
  return map;
}

/** Insertions at one offset of one file become one edit (in order), so `applyEdits` never sees them overlap. */
export function mergeSameOffset(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out.find((m) => m.file === e.file && m.span.start === m.span.end && e.span.start === e.span.end && m.span.start === e.span.start);
    if (prev) prev.newText += e.newText;
    else out.push({ ...e, span: { ...e.span } });
  }
  return out;
}
