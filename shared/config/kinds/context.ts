/** What a kind normaliser gets: the file, the document, and a sink for structural problems. */
import type { PathSeg } from '../yaml-source.ts';
import type { ConfigDoc } from '../doc.ts';
import type { RawFinding } from '../../rules/finding.ts';

export interface NormalizeContext {
  /** The document being read (YAML, or a Terraform resource read as the same shape). */
  doc: ConfigDoc;
  /** Reports a malformed field (rule `invalid-field`) at the narrowest span for `path`. */
  invalid(path: readonly PathSeg[], message: string, prefer?: 'value' | 'key'): void;
}

export interface ParseProblem extends RawFinding {
  ruleId: 'invalid-field' | 'yaml-syntax';
  /** The document of `file` the problem is in (invalid fields), so commands can tell which pool it belongs to. */
  docIndex?: number;
}

export function makeNormalizeContext(doc: ConfigDoc, sink: ParseProblem[]): NormalizeContext {
  return {
    doc,
    invalid(path, message, prefer = 'value') {
      sink.push({ ruleId: 'invalid-field', message, file: doc.file, docIndex: doc.index, span: doc.span(path, prefer), data: { field: path.join('.') } });
    },
  };
}

/** Reads a plain object, or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Reads a field that must be an object if present; reports otherwise. */
export function objectAt(ctx: NormalizeContext, parent: Record<string, unknown> | undefined, key: string, path: readonly PathSeg[]): Record<string, unknown> | undefined {
  const v = parent?.[key];
  if (v === undefined || v === null) return undefined;
  const r = asRecord(v);
  if (!r) ctx.invalid([...path, key], `\`${[...path, key].join('.')}\` must be a mapping, got ${describe(v)}.`);
  return r;
}

/** Reads a field that must be a list if present; reports otherwise. */
export function arrayAt(ctx: NormalizeContext, parent: Record<string, unknown> | undefined, key: string, path: readonly PathSeg[]): unknown[] {
  const v = parent?.[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    ctx.invalid([...path, key], `\`${[...path, key].join('.')}\` must be a list, got ${describe(v)}.`);
    return [];
  }
  return v;
}

/** Reads a string field (numbers are accepted and stringified); reports other types. */
export function stringAt(ctx: NormalizeContext, parent: Record<string, unknown> | undefined, key: string, path: readonly PathSeg[]): string | undefined {
  const v = parent?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  ctx.invalid([...path, key], `\`${[...path, key].join('.')}\` must be a string, got ${describe(v)}.`);
  return undefined;
}

/** Reads a field with a parser; reports a value the parser rejects. */
export function parsedAt<T>(ctx: NormalizeContext, parent: Record<string, unknown> | undefined, key: string, path: readonly PathSeg[], parse: (raw: unknown) => T | undefined, expected: string): T | undefined {
  const v = parent?.[key];
  if (v === undefined || v === null) return undefined;
  const out = parse(v);
  if (out === undefined) ctx.invalid([...path, key], `\`${[...path, key].join('.')}\` must be ${expected}, got ${describe(v)}.`);
  return out;
}

export function boolAt(ctx: NormalizeContext, parent: Record<string, unknown> | undefined, key: string, path: readonly PathSeg[]): boolean | undefined {
  return parsedAt(ctx, parent, key, path, (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined), 'true or false');
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return String(v);
}
