/** The one helper that renders a finding's span as 1-based line:column for CLI, MCP and SARIF. */
import type { Span } from '../config/span.ts';
import { lineStarts, toLineCol, type LineCol } from '../config/span.ts';

export interface Region {
  start: LineCol;
  end: LineCol;
}

/** Caches line starts per file text. */
export class PositionMapper {
  private readonly cache = new Map<string, { text: string; starts: number[] }>();
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  private entry(file: string): { text: string; starts: number[] } {
    let e = this.cache.get(file);
    if (!e) {
      const text = this.textOf(file) ?? '';
      e = { text, starts: lineStarts(text) };
      this.cache.set(file, e);
    }
    return e;
  }

  region(file: string, span: Span): Region {
    const { starts } = this.entry(file);
    return { start: toLineCol(starts, span.start), end: toLineCol(starts, span.end) };
  }

  /** The whole text of `file` ('' when unknown). */
  text(file: string): string {
    return this.entry(file).text;
  }

  /** The text of 1-based `line` without its line break ('' past the end or for an unknown file). */
  lineText(file: string, line: number): string {
    const { text, starts } = this.entry(file);
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    return text.slice(start, next === undefined ? text.length : next - 1).replace(/\r$/, '');
  }
}
