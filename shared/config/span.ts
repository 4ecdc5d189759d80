/**
 * Source positions. Inside the core every position is a UTF-16 offset range into the file text
 * (`end` exclusive). Line/column is computed once, at the edge, by `toLineCol`.
 */
import { z } from 'zod';

export const SpanSchema = z.object({
  start: z.number().int().nonnegative().describe('UTF-16 offset of the first character'),
  end: z.number().int().nonnegative().describe('UTF-16 offset one past the last character'),
});
export type Span = z.infer<typeof SpanSchema>;

export const LineColSchema = z.object({
  line: z.number().int().positive().describe('1-based line'),
  column: z.number().int().positive().describe('1-based column (UTF-16 code units)'),
});
export type LineCol = z.infer<typeof LineColSchema>;

/** Offsets where each line starts; build once per file text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

/** The one place that turns an offset into a 1-based line and column. */
export function toLineCol(starts: readonly number[], offset: number): LineCol {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/** Inverse of `toLineCol` (1-based in, offset out), clamped to the text. */
export function toOffset(starts: readonly number[], pos: LineCol, textLength: number): number {
  const lineStart = starts[Math.min(pos.line, starts.length) - 1] ?? 0;
  return Math.min(lineStart + pos.column - 1, textLength);
}
