/**
 * `ConfigDoc` over a Terraform resource (or the `yamlencode({...})` object inside one). The model's paths are the
 * YAML paths the normalisers read (`WP.*`, a subscription's camelCase fields, a CremaConfig's keys); a `TfShape`
 * translates each to HCL blocks, attributes and keys, and converts values (`'3'` → `3`, `manual` → `"MANUAL"`).
 */
import type { ConfigDoc } from '../doc.ts';
import type { Span } from '../span.ts';
import { mergeSameOffset, type TextEdit } from '../edits.ts';
import type { PathSeg } from '../yaml-source.ts';
import type { YamlTree, YamlValue } from '../yaml-edit.ts';
import { locate, type HContainer, type HSeg } from './path.ts';
import { addInsert, entryLines, insertInto, renderEntries, renderValue, type HclOut, type InsertNode } from './edit.ts';
import type { HNode } from './syntax.ts';

export interface TfShape {
  /** HCL segments for a model path, or undefined when the path has no Terraform counterpart. */
  toHcl(path: readonly PathSeg[]): HSeg[] | undefined;
  /** The HCL value to write for a model value at `path`. */
  toHclValue(path: readonly PathSeg[], value: YamlValue): HclOut;
}

export class TfConfigDoc implements ConfigDoc {
  readonly language = 'terraform' as const;

  constructor(
    readonly file: string,
    readonly text: string,
    readonly index: number,
    /** The node the document stands for (the resource block). */
    readonly node: HNode,
    /** Where the shape's paths start (the resource block, or the object inside `yamlencode`). */
    readonly root: HContainer,
    readonly shape: TfShape,
    /** The model-shaped value the normaliser read (settled values only). */
    readonly model: unknown,
    /** Where nothing narrower exists (the resource's name label). */
    readonly anchor: Span,
  ) {}

  get start(): number {
    return this.node.start;
  }

  private find(path: readonly PathSeg[]): { segs: HSeg[]; loc: ReturnType<typeof locate> } | undefined {
    for (let n = path.length; n >= 0; n--) {
      const segs = this.shape.toHcl(path.slice(0, n));
      if (segs) return { segs, loc: locate(this.text, this.root, segs) };
    }
    return undefined;
  }

  span(path: readonly PathSeg[], prefer: 'value' | 'key' = 'value'): Span {
    const f = this.find(path);
    if (!f) return this.anchor;
    const { segs, loc } = f;
    const full = loc.depth === segs.length && this.shape.toHcl(path) !== undefined;
    if (full && prefer === 'value' && loc.valueNode) return { start: loc.valueNode.start, end: loc.valueNode.end };
    if (loc.depth > 0 && loc.keyNode) return { start: loc.keyNode.start, end: loc.keyNode.end };
    return this.anchor;
  }

  fieldSpan(path: readonly PathSeg[]): Span | undefined {
    const segs = this.shape.toHcl(path);
    if (!segs) return undefined;
    const loc = locate(this.text, this.root, segs);
    if (loc.depth !== segs.length || !loc.keyNode || !loc.entry) return undefined;
    return { start: loc.keyNode.start, end: loc.entry.end };
  }

  value(path: readonly PathSeg[]): unknown {
    let v: unknown = this.model;
    for (const seg of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<PathSeg, unknown>)[seg];
    }
    return v;
  }

  setEdit(path: readonly PathSeg[], value: YamlTree): TextEdit | undefined {
    const edits = this.treeEdits(path, value);
    return edits && edits.length === 1 ? edits[0] : undefined;
  }

  treeEdits(path: readonly PathSeg[], tree: YamlTree): TextEdit[] | undefined {
    const replaces: TextEdit[] = [];
    const groups = new Map<string, { at: HContainer; attrs: InsertNode[]; blocks: InsertNode[] }>();
    for (const [leafPath, leaf] of leaves(path, tree)) {
      const segs = this.shape.toHcl(leafPath);
      if (!segs) return undefined;
      const out = this.shape.toHclValue(leafPath, leaf);
      const loc = locate(this.text, this.root, segs);
      if (loc.depth === segs.length) {
        if (!loc.valueNode) return undefined;
        const cur = this.text.slice(loc.valueNode.start, loc.valueNode.end);
        const next = renderValue(out);
        if (cur !== next) replaces.push({ file: this.file, span: { start: loc.valueNode.start, end: loc.valueNode.end }, newText: next });
        continue;
      }
      const key = `${loc.at.kind}:${'block' in loc.at ? loc.at.block.start : 'node' in loc.at ? loc.at.node.start : loc.at.expr.start}`;
      let g = groups.get(key);
      if (!g) {
        g = { at: loc.at, attrs: [], blocks: [] };
        groups.set(key, g);
      }
      const rest = segs.slice(loc.depth);
      if (!addInsert('block' in rest[0]! ? g.blocks : g.attrs, rest, out)) return undefined;
    }
    const out = [...replaces];
    for (const g of groups.values()) {
      for (const nodes of [g.attrs, g.blocks]) {
        if (nodes.length === 0) continue;
        const e = insertInto(this.text, g.at, nodes);
        if (!e) return undefined;
        out.push({ file: this.file, span: { start: e.start, end: e.end }, newText: e.newText });
      }
    }
    return mergeSameOffset(out);
  }

  removeEdit(path: readonly PathSeg[]): TextEdit | undefined {
    const segs = this.shape.toHcl(path);
    if (!segs) return undefined;
    const loc = locate(this.text, this.root, segs);
    if (loc.depth !== segs.length || !loc.entry) return undefined;
    const lines = entryLines(this.text, loc.entry);
    if (!lines) return undefined;
    // A trailing comment outlives the entry it annotated: it stays, on its own line.
    const comment = /(#|\/\/).*$/.exec(this.text.slice(loc.entry.end, lines.end).trimEnd());
    return { file: this.file, span: { start: lines.start, end: lines.end }, newText: comment ? `${lines.indent}${comment[0]}\n` : '' };
  }

  replaceEntryEdit(path: readonly PathSeg[], key: string, tree: YamlTree): TextEdit | undefined {
    const segs = this.shape.toHcl(path);
    if (!segs || path.length === 0) return undefined;
    const loc = locate(this.text, this.root, segs);
    if (loc.depth !== segs.length || !loc.entry) return undefined;
    const lines = entryLines(this.text, loc.entry);
    if (!lines) return undefined;
    const parent = path.slice(0, -1);
    const depth = this.shape.toHcl(parent)?.length;
    if (depth === undefined) return undefined;
    const nodes: InsertNode[] = [];
    for (const [leafPath, leaf] of leaves([...parent, key], tree)) {
      const s = this.shape.toHcl(leafPath);
      if (!s || !addInsert(nodes, s.slice(depth), this.shape.toHclValue(leafPath, leaf))) return undefined;
    }
    const rendered = renderEntries(nodes, lines.indent);
    if (!rendered) return undefined;
    // A trailing comment on the replaced entry stays, at the end of the first new line.
    const comment = /(#|\/\/).*$/.exec(this.text.slice(loc.entry.end, lines.end).trimEnd());
    if (comment) rendered[0] = `${rendered[0]} ${comment[0]}`;
    return { file: this.file, span: { start: lines.start, end: lines.end }, newText: rendered.map((l) => `${l}\n`).join('') };
  }
}

function leaves(path: readonly PathSeg[], tree: YamlTree): [PathSeg[], YamlValue][] {
  if (typeof tree !== 'object') return [[[...path], tree]];
  return Object.entries(tree).flatMap(([k, v]) => leaves([...path, k], v));
}

