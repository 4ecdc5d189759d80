/**
 * Input and output bounds of the MCP server, and the zod building blocks that enforce them. Every limit is
 * stated in the tool descriptions so a client knows it before it hits it.
 */
import { z } from 'zod';

/** Longest string any tool accepts (pool names, paths, cursors, ids). */
export const MAX_STRING_CHARS = 4096;
/** Longest list any tool accepts (overrides, names). */
export const MAX_LIST_ITEMS = 32;
/** Largest JSON response a tool returns; larger results are paginated or refused with advice. */
export const MAX_RESPONSE_CHARS = 64 * 1024;
/** Default and largest page of a paginated list. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
/** Largest total number of array items and object members in one `tools/call` (checked by the SDK). */
export const MAX_INPUT_ELEMENTS = 256;
/** Proposals kept per server; the oldest are forgotten first. */
export const MAX_STORED_PROPOSALS = 256;

/** A bounded string with an error message that says the bound. */
export function boundedString(description: string, max = MAX_STRING_CHARS): z.ZodString {
  return z.string().max(max, `must be at most ${max} characters`).describe(description);
}

export const poolArg = (what = 'Pool name, as list_pools returns it (e.g. "orders-worker")') =>
  boundedString(what, 256).min(1, 'must not be empty');

export const pathArg = () => boundedString(
  'File or folder in a root (relative or absolute); default every root; outside them (symlinks, "..") is refused.').optional();

export const cursorArg = () => boundedString('Opaque cursor from a previous page\'s nextCursor; omit for the first page', 512).optional();

export const limitArg = () => z.number().int().min(1).max(MAX_PAGE_SIZE)
  .describe(`Items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`).optional();

/** The sentence every tool description ends with. */
export const LIMITS_NOTE = `Limits: strings ≤ ${MAX_STRING_CHARS} chars, lists ≤ ${MAX_LIST_ITEMS} items, responses up to ${MAX_RESPONSE_CHARS / 1024} KB.`;
