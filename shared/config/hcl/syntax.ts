/**
 * A plain HCL syntax tree: what the Terraform reader walks. The tree-sitter parser (WebAssembly) lives on the Node
 * side (`shared/node/hcl-parser.ts`) or in the extension; it hands the core this copy, so the core stays pure and
 * testable. Offsets are UTF-16 (web-tree-sitter parses JS strings as UTF-16), the core's `Span` unit.
 */

export interface HNode {
  type: string;
  start: number;
  end: number;
  /** Named children only (tokens such as `=` and `{` are dropped; their text stays in the source). */
  children: HNode[];
  /** True for a node tree-sitter marked as an error or missing (the file does not parse cleanly there). */
  error?: boolean;
}

/** Parses Terraform text into a plain tree. Implemented over web-tree-sitter by the adapters. */
export interface HclParser {
  parse(text: string): HNode;
}

/** The cursor surface of web-tree-sitter's `TreeCursor` that `copyTree` needs (structural, no import). */
export interface CursorLike {
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** Copies a tree-sitter tree (through its cursor: no node objects allocated) into plain `HNode`s. */
export function copyTree(cursor: CursorLike): HNode {
  const root: HNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  const stack: HNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1]!;
    let node: HNode | undefined;
    const type = cursor.nodeType;
    if (cursor.nodeIsNamed || type === 'ERROR') {
      node = { type, start: cursor.startIndex, end: cursor.endIndex, children: [] };
      if (type === 'ERROR' || cursor.nodeIsMissing) {
        node.error = true;
        parent.error = true;
      }
      parent.children.push(node);
    } else if (cursor.nodeIsMissing) {
      parent.error = true;
    }
    if (node && cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length === 1) return propagate(root);
      stack.pop();
    }
  }
}

/** Marks every ancestor of an error node as containing an error. */
function propagate(root: HNode): HNode {
  const visit = (n: HNode): boolean => {
    let bad = n.error === true;
    for (const c of n.children) if (visit(c)) bad = true;
    if (bad) n.error = true;
    return bad;
  };
  visit(root);
  return root;
}

export function child(n: HNode | undefined, type: string): HNode | undefined {
  return n?.children.find((c) => c.type === type);
}

export function textOf(text: string, n: HNode): string {
  return text.slice(n.start, n.end);
}

/** The text of a string label or identifier (`"google_pubsub_topic"` → `google_pubsub_topic`). */
export function labelText(text: string, n: HNode): string {
  if (n.type === 'identifier') return textOf(text, n);
  const lit = child(n, 'template_literal');
  return lit ? textOf(text, lit) : '';
}

export interface HBlock {
  node: HNode;
  type: string;
  labels: string[];
  /** The `body` between the braces (undefined for an empty block `{}`). */
  body: HNode | undefined;
}

export interface HAttribute {
  node: HNode;
  name: string;
  nameNode: HNode;
  /** The `expression` node (value). */
  expr: HNode;
}

export function asBlock(text: string, n: HNode): HBlock | undefined {
  if (n.type !== 'block') return undefined;
  const [id, ...rest] = n.children;
  if (!id || id.type !== 'identifier') return undefined;
  const labels = rest.filter((c) => c.type === 'string_lit' || c.type === 'identifier').map((c) => labelText(text, c));
  return { node: n, type: textOf(text, id), labels, body: child(n, 'body') };
}

export function asAttribute(text: string, n: HNode): HAttribute | undefined {
  if (n.type !== 'attribute') return undefined;
  const id = n.children[0];
  const expr = n.children.find((c) => c.type === 'expression');
  if (!id || !expr) return undefined;
  return { node: n, name: textOf(text, id), nameNode: id, expr };
}

export function blocksOf(text: string, body: HNode | undefined, type?: string): HBlock[] {
  if (!body) return [];
  const out: HBlock[] = [];
  for (const c of body.children) {
    const b = c.type === 'block' ? asBlock(text, c) : undefined;
    if (b && (type === undefined || b.type === type)) out.push(b);
  }
  return out;
}

export function attributeOf(text: string, body: HNode | undefined, name: string): HAttribute | undefined {
  if (!body) return undefined;
  for (const c of body.children) {
    if (c.type !== 'attribute') continue;
    const id = c.children[0];
    if (id && text.slice(id.start, id.end) === name) return asAttribute(text, c);
  }
  return undefined;
}

/** The top-level body of a parsed file. */
export function fileBody(root: HNode): HNode | undefined {
  return root.type === 'body' ? root : child(root, 'body');
}
