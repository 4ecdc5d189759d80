/**
 * Locating a path inside a Terraform resource: nested blocks, attributes, object keys and tuple items, from a block
 * body or from an expression (the object inside `yamlencode(...)`).
 */
import { asAttribute, asBlock, child, textOf, type HNode } from './syntax.ts';

export type HSeg =
  | { block: string; index?: number }
  | { attr: string }
  | { key: string }
  | { item: number };

/** A place edits can insert into: a block (its body may be missing for `x {}`) or a collection expression. */
export type HContainer =
  | { kind: 'block'; block: HNode; body: HNode | undefined }
  | { kind: 'object'; node: HNode }
  | { kind: 'tuple'; node: HNode }
  | { kind: 'value'; expr: HNode };

export interface Located {
  /** How many segments were found. */
  depth: number;
  /** The container reached after `depth` segments. */
  at: HContainer;
  /** Name node (block identifier, attribute name, object key) of the last segment found. */
  keyNode?: HNode;
  /** Whole entry (block, attribute, object element, tuple item) of the last segment found. */
  entry?: HNode;
  /** Value expression of the last segment found when it is an attribute, key or item. */
  valueNode?: HNode;
}

/** Unwraps `expression` → `collection_value` → `object`/`tuple`, or returns a value container. */
export function containerOfExpr(expr: HNode): HContainer {
  let n: HNode | undefined = expr;
  while (n && (n.type === 'expression' || n.type === 'collection_value') && n.children.length === 1) n = n.children[0];
  if (n?.type === 'object') return { kind: 'object', node: n };
  if (n?.type === 'tuple') return { kind: 'tuple', node: n };
  return { kind: 'value', expr };
}

export function locate(text: string, start: HContainer, path: readonly HSeg[]): Located {
  let at = start;
  const found: Located = { depth: 0, at };
  for (const seg of path) {
    let next: { at: HContainer; keyNode?: HNode; entry: HNode; valueNode?: HNode } | undefined;
    if ('block' in seg && at.kind === 'block') {
      const blocks = (at.body?.children ?? []).filter((c) => c.type === 'block' && asBlock(text, c)?.type === seg.block);
      const b = blocks[seg.index ?? 0];
      if (b) next = { at: { kind: 'block', block: b, body: child(b, 'body') }, keyNode: b.children[0], entry: b };
    } else if ('attr' in seg && at.kind === 'block') {
      const a = (at.body?.children ?? []).map((c) => asAttribute(text, c)).find((x) => x?.name === seg.attr);
      if (a) next = { at: containerOfExpr(a.expr), keyNode: a.nameNode, entry: a.node, valueNode: a.expr };
    } else if ('key' in seg && at.kind === 'object') {
      for (const e of at.node.children) {
        if (e.type !== 'object_elem' || !e.children[0]) continue;
        if (objectKeyText(text, e.children[0]) === seg.key) {
          const v = e.children[1];
          if (v) next = { at: containerOfExpr(v), keyNode: e.children[0], entry: e, valueNode: v };
          break;
        }
      }
    } else if ('item' in seg && at.kind === 'tuple') {
      const e = at.node.children.filter((c) => c.type === 'expression')[seg.item];
      if (e) next = { at: containerOfExpr(e), keyNode: e, entry: e, valueNode: e };
    }
    if (!next) break;
    at = next.at;
    found.depth++;
    found.at = at;
    found.keyNode = next.keyNode;
    found.entry = next.entry;
    found.valueNode = next.valueNode;
  }
  return found;
}

/** An object key as written: `name`, `"name"` or `"run.googleapis.com/x"` → its text. */
export function objectKeyText(text: string, k: HNode): string | undefined {
  let n: HNode | undefined = k;
  while (n && n.type === 'expression' && n.children.length === 1) n = n.children[0];
  if (!n) return undefined;
  if (n.type === 'variable_expr' || n.type === 'identifier') return textOf(text, n);
  if (n.type === 'literal_value') n = n.children[0];
  if (n?.type === 'string_lit') {
    const lits = n.children.filter((c) => c.type === 'template_literal');
    return lits.map((c) => textOf(text, c)).join('');
  }
  if (n?.type === 'template_expr') return undefined;
  return n ? textOf(text, n) : undefined;
}
