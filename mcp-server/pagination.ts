/** Cursor pagination for long lists (MCP's own `cursor`/`nextCursor` convention): the cursor is opaque to clients. */
import { DEFAULT_PAGE_SIZE } from './limits.ts';
import { ToolError } from './tool.ts';

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

function encode(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');
}

function decode(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const o = (parsed as { o?: unknown } | null)?.o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the error below
  }
  throw new ToolError(`Invalid cursor '${cursor.slice(0, 40)}'. Pass the nextCursor of the previous page unchanged, or omit cursor for the first page.`);
}

/** One page of `all`, starting at the cursor's offset. */
export function paginate<T>(all: readonly T[], cursor: string | undefined, limit = DEFAULT_PAGE_SIZE): Page<T> {
  const start = cursor === undefined ? 0 : decode(cursor);
  if (start > all.length) throw new ToolError(`The cursor points past the end of the list (${all.length} items); the workspace may have changed. Start again without a cursor.`);
  const end = Math.min(all.length, start + limit);
  return { items: all.slice(start, end), total: all.length, nextCursor: end < all.length ? encode(end) : undefined };
}
