/**
 * Reads YAML text into documents that keep source ranges (the `yaml` package's CST-backed nodes), and finds
 * the span of any key or value by path. Never throws on user input: syntax errors come back as data.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { Span } from './span.ts';

/** Upper bound on alias expansion when converting to JS: stops "billion laughs" documents. */
export const MAX_ALIAS_COUNT = 100;

export interface YamlDoc {
  /** 0-based index of the document in its file. */
  index: number;
  doc: Document.Parsed;
  /** Whole-document span (used when nothing narrower exists). */
  span: Span;
  /** Plain JS value of the document, or undefined when it could not be built (alias bomb, errors). */
  value: unknown;
  errors: { message: string; span: Span }[];
}

export interface YamlFile {
  path: string;
  text: string;
  docs: YamlDoc[];
}

export type PathSeg = string | number;

/** Parses a (multi-document) YAML file. */
/** `uniqueKeys: false` for templates, whose if/else branches repeat a key that only one branch renders. */
export function parseYamlFile(path: string, text: string, options: { uniqueKeys?: boolean } = {}): YamlFile {
  const lineCounter = new LineCounter();
  const docs: YamlDoc[] = [];
  let parsed: Document.Parsed[];
  try {
    const all = parseAllDocuments(text, { lineCounter, keepSourceTokens: false, uniqueKeys: options.uniqueKeys ?? true, prettyErrors: false });
    parsed = Array.isArray(all) ? all : [];
    if (!Array.isArray(all)) {
      // EmptyStream: a file with no documents (only comments or nothing).
      return { path, text, docs };
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { path, text, docs: [{ index: 0, doc: undefined as unknown as Document.Parsed, span: { start: 0, end: 0 }, value: undefined, errors: [{ message, span: { start: 0, end: Math.min(text.length, 1) } }] }] };
  }
  parsed.forEach((doc, index) => {
    const errors = doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? e.message, span: clampSpan(text, e.pos[0], e.pos[1]) }));
    let value: unknown;
    if (errors.length === 0) {
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        errors.push({ message: `cannot expand document: ${message}`, span: rangeSpan(doc.contents) ?? { start: 0, end: 0 } });
      }
    }
    const range = doc.range;
    docs.push({ index, doc, span: { start: range[0], end: range[1] }, value, errors });
  });
  return { path, text, docs };
}

/** The parser reports some errors (an unclosed quote at EOF) one past the end of the text: keep spans inside it. */
function clampSpan(text: string, start: number, end: number): Span {
  const s = Math.min(Math.max(start, 0), text.length);
  return { start: s, end: Math.min(Math.max(end, s), text.length) };
}

function rangeSpan(node: Node | null | undefined): Span | undefined {
  if (!node || !node.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** The pair at `path` (last segment is the key), or undefined. */
export function findPair(doc: Document.Parsed, path: readonly PathSeg[]): Pair<Node, Node | null> | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg) as Pair<Node, Node | null> | undefined;
      if (!pair) return undefined;
      if (i === path.length - 1) return pair;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The node at `path` (map keys and sequence indexes), or undefined. */
export function findNode(doc: Document.Parsed | undefined, path: readonly PathSeg[]): Node | undefined {
  if (!doc) return undefined;
  let node: unknown = doc.contents;
  for (const seg of path) {
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      node = pair?.value ?? undefined;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else {
      return undefined;
    }
    if (node === undefined || node === null) return undefined;
  }
  return node as Node;
}

/**
 * The narrowest span for `path`: the value's span when it exists, else the key's, else the nearest existing
 * ancestor's key (so a missing field points at the block that should hold it), else the document.
 */
export function spanAt(ydoc: YamlDoc, path: readonly PathSeg[], prefer: 'value' | 'key' = 'value'): Span {
  for (let n = path.length; n > 0; n--) {
    const sub = path.slice(0, n);
    const last = sub[sub.length - 1];
    if (typeof last === 'string') {
      const pair = findPair(ydoc.doc, sub);
      if (pair) {
        const keySpan = rangeSpan(pair.key);
        const valueSpan = isScalar(pair.value) ? rangeSpan(pair.value) : undefined;
        if (n === path.length && prefer === 'value' && valueSpan) return valueSpan;
        if (keySpan) return keySpan;
      }
    } else {
      const node = findNode(ydoc.doc, sub);
      // A sequence item: point at its first key rather than underlining the whole block.
      const first = isMap(node) ? node.items[0]?.key : node;
      const s = rangeSpan(first as Node | undefined);
      if (s) return s;
    }
  }
  const root = ydoc.doc ? findPair(ydoc.doc, ['kind']) ?? findPair(ydoc.doc, ['name']) : undefined;
  return rangeSpan(root?.key) ?? { start: ydoc.span.start, end: ydoc.span.start };
}
