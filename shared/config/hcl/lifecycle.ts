/**
 * A Terraform resource's `lifecycle { ignore_changes = [...] }`: whether it already ignores an attribute, and the
 * minimal edit adding one entry (a new `lifecycle` block, a new `ignore_changes` attribute, or one more tuple item).
 */
import type { ConfigDoc } from '../doc.ts';
import type { TextEdit } from '../edits.ts';
import { insertInto } from './edit.ts';
import { containerOfExpr, type HContainer } from './path.ts';
import { attributeOf, blocksOf, textOf } from './syntax.ts';
import { TfConfigDoc } from './tf-doc.ts';

function resourceBlock(doc: ConfigDoc): { doc: TfConfigDoc; at: Extract<HContainer, { kind: 'block' }> } | undefined {
  if (!(doc instanceof TfConfigDoc) || doc.root.kind !== 'block') return undefined;
  return { doc, at: doc.root };
}

/** Entries of `ignore_changes`, spaces removed (`scaling[0].manual_instance_count`); `all` when it is `all`. Undefined: not a Terraform resource. */
export function ignoredChanges(doc: ConfigDoc): string[] | undefined {
  const r = resourceBlock(doc);
  if (!r) return undefined;
  const text = r.doc.text;
  const out: string[] = [];
  for (const lc of blocksOf(text, r.at.body, 'lifecycle')) {
    const a = attributeOf(text, lc.body, 'ignore_changes');
    if (!a) continue;
    const c = containerOfExpr(a.expr);
    if (c.kind === 'tuple') {
      for (const e of c.node.children.filter((x) => x.type === 'expression')) out.push(textOf(text, e).replace(/\s+/g, ''));
    } else out.push(textOf(text, a.expr).replace(/\s+/g, '').replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

/** True when `ignore_changes` covers `entry` (`scaling[0].manual_instance_count`): itself, a parent (`scaling`), or `all`. */
export function ignoresChange(doc: ConfigDoc, entry: string): boolean {
  const list = ignoredChanges(doc) ?? [];
  return list.some((e) => e === 'all' || e === entry || entry.startsWith(`${e}.`) || entry.startsWith(`${e}[`) || e.replace(/\[\d+\]/g, '') === entry.replace(/\[\d+\]/g, ''));
}

/** A minimal edit adding `entry` to the resource's `lifecycle.ignore_changes`, or undefined when the layout allows none. */
export function ignoreChangesEdit(doc: ConfigDoc, entry: string): TextEdit | undefined {
  const r = resourceBlock(doc);
  if (!r) return undefined;
  const text = r.doc.text;
  const lc = blocksOf(text, r.at.body, 'lifecycle')[0];
  const value = { expr: `[${entry}]` };
  if (!lc) {
    const e = insertInto(text, r.at, [{ seg: { block: 'lifecycle' }, children: [{ seg: { attr: 'ignore_changes' }, value }] }]);
    return e ? { file: doc.file, span: { start: e.start, end: e.end }, newText: e.newText } : undefined;
  }
  const a = attributeOf(text, lc.body, 'ignore_changes');
  if (!a) {
    const e = insertInto(text, { kind: 'block', block: lc.node, body: lc.body }, [{ seg: { attr: 'ignore_changes' }, value }]);
    return e ? { file: doc.file, span: { start: e.start, end: e.end }, newText: e.newText } : undefined;
  }
  const c = containerOfExpr(a.expr);
  if (c.kind !== 'tuple') return undefined;
  const close = text.lastIndexOf(']', c.node.end - 1);
  const inner = text.slice(c.node.start + 1, close);
  // One line only (`[a, b]` or `[]`): a multi-line list keeps its own layout, so no edit is offered.
  if (close === -1 || inner.includes('\n')) return undefined;
  const items = c.node.children.filter((x) => x.type === 'expression');
  const last = items[items.length - 1];
  if (!last) return { file: doc.file, span: { start: c.node.start + 1, end: close }, newText: entry };
  return { file: doc.file, span: { start: last.end, end: last.end }, newText: `, ${entry}` };
}
