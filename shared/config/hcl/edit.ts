/**
 * Minimal HCL edits: replace one expression, insert attributes / nested blocks / object keys where they are
 * missing, remove an entry. Only the edited span changes: comments, alignment and layout elsewhere survive byte for
 * byte. New attributes follow `terraform fmt` layout (two-space indent, `=` padded to an aligned group).
 */
import type { HContainer, HSeg } from './path.ts';
import { child, type HNode } from './syntax.ts';

/** A value to write: a literal, or an expression written as is (a reference such as `google_pubsub_topic.dlq.id`). */
export type HclOut = string | number | boolean | { expr: string };

export interface InsertNode {
  seg: HSeg;
  value?: HclOut;
  children?: InsertNode[];
}

export function renderValue(v: HclOut): string {
  if (typeof v === 'object') return v.expr;
  if (typeof v === 'string') return JSON.stringify(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  return String(v);
}

function renderKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k);
}

/** Adds `segs` → `value` to an insertion tree, merging shared prefixes. */
export function addInsert(roots: InsertNode[], segs: readonly HSeg[], value: HclOut): boolean {
  let level = roots;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    let node = level.find((n) => sameSeg(n.seg, seg));
    if (!node) {
      node = { seg };
      level.push(node);
    }
    if (last) {
      if (node.children) return false;
      node.value = value;
    } else {
      if (node.value !== undefined) return false;
      node.children ??= [];
      level = node.children;
    }
  }
  return true;
}

function sameSeg(a: HSeg, b: HSeg): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lines for entries inside a block body (`attr`/`block`) or an object (`key`), at `indent`. */
export function renderEntries(nodes: readonly InsertNode[], indent: string, align = 0): string[] | undefined {
  const out: string[] = [];
  const names = nodes.filter((n) => n.value !== undefined).map((n) => nameOf(n.seg)?.length ?? 0);
  const width = Math.max(align, ...(names.length > 1 ? names : [0]));
  for (const n of nodes) {
    const seg = n.seg;
    if ('item' in seg) return undefined;
    if ('block' in seg) {
      if (!n.children) return undefined;
      const inner = renderEntries(n.children, `${indent}  `);
      if (!inner) return undefined;
      out.push(`${indent}${seg.block} {`, ...inner, `${indent}}`);
      continue;
    }
    const name = 'attr' in seg ? seg.attr : renderKey(seg.key);
    if (n.value !== undefined) {
      out.push(`${indent}${name.padEnd(width)} = ${renderValue(n.value)}`);
    } else {
      const inner = renderEntries(n.children ?? [], `${indent}  `);
      if (!inner) return undefined;
      out.push(`${indent}${name} = {`, ...inner, `${indent}}`);
    }
  }
  return out;
}

function nameOf(seg: HSeg): string | undefined {
  return 'attr' in seg ? seg.attr : 'key' in seg ? renderKey(seg.key) : undefined;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i === -1 ? text.length : i + 1;
}

function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s, offset))![0];
}

/** True when the node starts its line (only indentation before it). */
function startsLine(text: string, n: HNode): boolean {
  return text.slice(lineStart(text, n.start), n.start).trim() === '';
}

/** Column padding of an aligned attribute group: the width of names before `=` when the last attribute is padded. */
function alignmentOf(text: string, attr: HNode | undefined): number {
  if (!attr) return 0;
  const id = attr.children[0];
  if (!id) return 0;
  const eq = text.indexOf('=', id.end);
  const gap = text.slice(id.end, eq);
  return gap.length > 1 && gap.trim() === '' ? id.end - id.start + gap.length - 1 : 0;
}

export interface RawEdit {
  start: number;
  end: number;
  newText: string;
}

/** Inserts `nodes` into a container. Undefined when the layout allows no safe insertion. */
export function insertInto(text: string, at: HContainer, nodes: InsertNode[]): RawEdit | undefined {
  if (at.kind === 'value' || at.kind === 'tuple') return undefined;
  const owner = at.kind === 'block' ? at.block : at.node;
  const open = text.indexOf('{', at.kind === 'block' ? (at.block.children.find((c) => c.type === 'block_start')?.start ?? owner.start) : owner.start);
  const close = text.lastIndexOf('}', owner.end - 1);
  if (open === -1 || close <= open) return undefined;
  const ownerIndent = indentAt(text, lineStart(text, owner.start) === lineStart(text, close) ? owner.start : close);
  const entries = at.kind === 'block' ? (at.body?.children ?? []).filter((c) => c.type !== 'comment') : at.node.children.filter((c) => c.type === 'object_elem');
  const multiLine = text.slice(open, close).includes('\n');
  if (entries.length === 0) {
    const inner = renderEntries(nodes, `${ownerIndent}  `);
    if (!inner) return undefined;
    if (text.slice(open + 1, close).trim() !== '' && at.kind === 'block' && at.body) return undefined; // comments only: keep them, refuse
    return { start: open + 1, end: close, newText: `\n${inner.join('\n')}\n${ownerIndent}` };
  }
  if (!multiLine) {
    // `{ cpu = "2" }`: append to the same line (object keys only; a one-line block stays as written).
    if (at.kind !== 'object' || nodes.some((n) => n.children)) return undefined;
    const last = entries[entries.length - 1]!;
    const inner = renderEntries(nodes, '');
    if (!inner) return undefined;
    const comma = text.slice(last.end, close).includes(',') || text.slice(owner.start, owner.end).includes(',') ? ', ' : ', ';
    return { start: last.end, end: last.end, newText: inner.map((l) => `${comma}${l}`).join('') };
  }
  if (!entries.every((e) => startsLine(text, e))) return undefined;
  const indent = indentAt(text, entries[0]!.start);
  if (at.kind === 'object') {
    const last = entries[entries.length - 1]!;
    const afterLast = text.slice(last.end, lineEnd(text, last.end));
    const comma = /^\s*,/.test(afterLast) ? ',' : '';
    const inner = renderEntries(nodes, indent, alignmentOf(text, last));
    if (!inner) return undefined;
    const at0 = lineEnd(text, last.end);
    return { start: at0, end: at0, newText: inner.map((l) => `${l}${comma}\n`).join('') };
  }
  // Block body: attributes after the last attribute, nested blocks before the closing brace.
  const attrs = nodes.filter((n) => 'attr' in n.seg);
  const blocks = nodes.filter((n) => 'block' in n.seg);
  if (attrs.length > 0 && blocks.length > 0) return undefined; // callers insert them separately
  const attrEntries = entries.filter((e) => e.type === 'attribute');
  if (attrs.length > 0) {
    const lastAttr = attrEntries[attrEntries.length - 1];
    const inner = renderEntries(attrs, indent, alignmentOf(text, lastAttr));
    if (!inner) return undefined;
    const pos = lastAttr ? lineEnd(text, lastAttr.end) : lineStart(text, entries[0]!.start);
    return { start: pos, end: pos, newText: inner.map((l) => `${l}\n`).join('') };
  }
  const inner = renderEntries(blocks, indent);
  if (!inner) return undefined;
  if (!startsLine(text, { type: '', start: close, end: close + 1, children: [] })) return undefined;
  const pos = lineStart(text, close);
  return { start: pos, end: pos, newText: inner.map((l) => `${l}\n`).join('') };
}

/** The whole lines of an entry (attribute, block, object element), or undefined when it shares a line. */
export function entryLines(text: string, entry: HNode): { start: number; end: number; indent: string } | undefined {
  const start = lineStart(text, entry.start);
  if (text.slice(start, entry.start).trim() !== '') return undefined;
  const end = lineEnd(text, entry.end);
  const rest = text.slice(entry.end, end).trim();
  if (rest !== '' && !rest.startsWith('#') && !rest.startsWith('//') && rest !== ',') return undefined;
  return { start, end, indent: text.slice(start, entry.start) };
}

export { child };
