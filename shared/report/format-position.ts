/** The one helper that renders a finding's span as 1-based line:column for CLI, MCP and SARIF. */
import type { Span } from '../config/span.ts';
import { lineStarts, toLineCol, type LineCol } from '../config/span.ts';

export interface Region {
  start: LineCol;
  end: LineCol;
}

/** Caches line starts per file text. */
export class PositionMapper {
  private readonly cache = new Map<string, number[]>();
  constructor(private readonly textOf: (file: string) => string | undefined) {}

  region(file: string, span: Span): Region {
    let starts = this.cache.get(file);
    if (!starts) {
      starts = lineStarts(this.textOf(file) ?? '');
      this.cache.set(file, starts);
    }
    return { start: toLineCol(starts, span.start), end: toLineCol(starts, span.end) };
  }
}
