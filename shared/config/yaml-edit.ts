/**
 * Builds minimal `TextEdit`s that set, insert or remove one YAML value by path, touching only the text of
 * that value (or the lines inserted), so everything else in the file survives byte for byte.
 */
import { isMap, isScalar, parse as parseYaml, Scalar, type Node, type YAMLMap } from 'yaml';
import type { TextEdit } from './edits.ts';
import { findNode, findPair, type PathSeg, type YamlDoc, type YamlFile } from './yaml-source.ts';

export type YamlValue = string | number | boolean;
/** A value or a nested mapping of values, for inserting whole blocks. */
export type YamlTree = YamlValue | { [key: string]: YamlTree };

/** Renders a scalar the way a person would write it in YAML (quotes only when needed). */
export function formatScalar(value: YamlValue, like?: Scalar): string {
  if (typeof value !== 'string') return String(value);
  const quote = like?.type === Scalar.QUOTE_SINGLE ? "'" : like?.type === Scalar.QUOTE_DOUBLE ? '"' : '';
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  // Plain when the text reads back as the same string (so `10s` and `16Gi` stay bare, `'3'` and `"50"` keep quotes).
  const plainSafe = value.length > 0 && !/^[\s\-?:,[\]{}#&*!|>'"%@`]|\s$|: | #|\n/.test(value) && readsBackAs(value);
  return plainSafe ? value : JSON.stringify(value);
}

function readsBackAs(value: string): boolean {
  try {
    return parseYaml(value) === value;
  } catch {
    return false;
  }
}

function lineStartOf(text: string, offset: number): number {
  const i = text.lastIndexOf('\n', offset - 1);
  return i + 1;
}

function lineEndAfter(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

function indentOfMap(file: YamlFile, map: YAMLMap): number | undefined {
  // The column of a key that only spaces or sequence dashes precede on its line: a key after a tag or an
  // anchor (`!t key:`, `&a key:`) sits right of the map's real indentation, so it cannot tell it.
  for (const item of map.items) {
    const key = item.key as Node | undefined;
    if (!key?.range) continue;
    const start = key.range[0];
    const prefix = file.text.slice(lineStartOf(file.text, start), start);
    if (/^ *(?:- +)*$/.test(prefix)) return prefix.length;
  }
  return undefined;
}

/**
 * An edit that makes `path` hold `value`. Existing scalar: replace its text, keeping its quote style.
 * Missing: insert the missing keys as new block lines under the deepest existing mapping.
 * Returns undefined when the structure does not allow a safe edit (e.g. a flow mapping or a sequence gap).
 */
export function setValueEdit(file: YamlFile, ydoc: YamlDoc, path: readonly PathSeg[], value: YamlTree): TextEdit | undefined {
  const existing = findNode(ydoc.doc, path);
  if (existing && typeof value === 'object') return undefined;
  if (existing && typeof value !== 'object') {
    if (!isScalar(existing) || !existing.range) return undefined;
    const [start, end] = existing.range;
    return { file: file.path, span: { start, end }, newText: formatScalar(value, existing) };
  }
  // A key present with an empty value (`key:`): write the value after the colon.
  const pair = findPair(ydoc.doc, path);
  if (pair && pair.value === null && pair.key?.range && typeof value !== 'object') {
    const at = pair.key.range[1];
    const colon = file.text.indexOf(':', at);
    if (colon === -1) return undefined;
    return { file: file.path, span: { start: colon + 1, end: colon + 1 }, newText: ` ${formatScalar(value)}` };
  }
  // Walk down to the deepest existing block mapping.
  let depth = path.length - 1;
  let parent: Node | undefined;
  for (; depth >= 0; depth--) {
    parent = depth === 0 ? (ydoc.doc.contents as Node | undefined) : findNode(ydoc.doc, path.slice(0, depth));
    if (parent) break;
  }
  if (!parent || !isMap(parent) || parent.flow || parent.items.length === 0) return undefined;
  const missing = path.slice(Math.max(depth, 0));
  if (missing.some((s) => typeof s !== 'string')) return undefined;
  const indent = indentOfMap(file, parent);
  if (indent === undefined) return undefined;
  const step = 2;
  const lines: string[] = [];
  missing.forEach((seg, i) => {
    const pad = ' '.repeat(indent + i * step);
    if (i < missing.length - 1) lines.push(`${pad}${String(seg)}:`);
    else renderTree(lines, String(seg), value, indent + i * step, step);
  });
  const last = parent.items[parent.items.length - 1]!;
  const lastNode = (last.value ?? last.key) as Node | null;
  if (!lastNode?.range) return undefined;
  // Insert on the line after the last entry of the mapping (after its whole value block).
  let endOfLast = lastNode.range[1];
  while (endOfLast > 0 && /\s/.test(file.text[endOfLast - 1] ?? '')) endOfLast--;
  const insertAt = lineEndAfter(file.text, endOfLast);
  const needsNewline = insertAt === file.text.length && !file.text.endsWith('\n');
  return { file: file.path, span: { start: insertAt, end: insertAt }, newText: `${needsNewline ? '\n' : ''}${lines.join('\n')}\n` };
}

/** `key: tree` as block lines at indentation 0 (two spaces per level). */
export function yamlEntryLines(key: string, tree: YamlTree): string[] {
  const lines: string[] = [];
  renderTree(lines, key, tree, 0, 2);
  return lines;
}

function renderTree(lines: string[], key: string, value: YamlTree, indent: number, step: number): void {
  const pad = ' '.repeat(indent);
  if (typeof value !== 'object') {
    lines.push(`${pad}${key}: ${formatScalar(value)}`);
    return;
  }
  lines.push(`${pad}${key}:`);
  for (const [k, v] of Object.entries(value)) renderTree(lines, k, v, indent + step, step);
}

/**
 * Edits that make the mapping at `path` contain `tree`: existing scalars are replaced in place, a missing
 * subtree is inserted as one block. Returns undefined when any part has no safe edit.
 */
export function setTreeEdits(file: YamlFile, ydoc: YamlDoc, path: readonly PathSeg[], tree: YamlTree): TextEdit[] | undefined {
  const existing = findNode(ydoc.doc, path);
  if (typeof tree !== 'object' || !existing) {
    const e = setValueEdit(file, ydoc, path, tree);
    return e ? [e] : undefined;
  }
  if (!isMap(existing)) return undefined;
  const out: TextEdit[] = [];
  for (const [k, v] of Object.entries(tree)) {
    const sub = setTreeEdits(file, ydoc, [...path, k], v);
    if (!sub) return undefined;
    out.push(...sub);
  }
  // Several insertions into one mapping land at the same offset: merge them to keep their order.
  return mergeInsertions(out);
}

function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const e of edits) {
    const prev = merged.find((m) => m.span.start === m.span.end && e.span.start === e.span.end && m.span.start === e.span.start);
    if (prev) prev.newText += e.newText;
    else merged.push({ ...e, span: { ...e.span } });
  }
  return merged;
}

/** An edit that deletes the `key: value` entry at `path` (whole lines, including a nested block). */
export function removeKeyEdit(file: YamlFile, ydoc: YamlDoc, path: readonly PathSeg[]): TextEdit | undefined {
  const pair = findPair(ydoc.doc, path);
  if (!pair?.key?.range) return undefined;
  const start = lineStartOf(file.text, pair.key.range[0]);
  if (file.text.slice(start, pair.key.range[0]).trim() !== '') return undefined; // key shares a line (flow or seq dash)
  const valueNode = pair.value as Node | null;
  let end = valueNode?.range ? valueNode.range[1] : pair.key.range[1];
  while (end > 0 && /\s/.test(file.text[end - 1] ?? '')) end--;
  return { file: file.path, span: { start, end: lineEndAfter(file.text, end) }, newText: '' };
}
