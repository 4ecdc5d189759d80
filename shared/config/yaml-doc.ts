/** `ConfigDoc` over one YAML document: spans from node ranges, edits from `yaml-edit.ts`. */
import { isScalar, type Node } from 'yaml';
import type { ConfigDoc } from './doc.ts';
import type { Span } from './span.ts';
import type { TextEdit } from './edits.ts';
import { findNode, findPair, spanAt, type PathSeg, type YamlDoc, type YamlFile } from './yaml-source.ts';
import { removeKeyEdit, setTreeEdits, setValueEdit, yamlEntryLines, type YamlTree } from './yaml-edit.ts';

export class YamlConfigDoc implements ConfigDoc {
  readonly language = 'yaml' as const;
  constructor(readonly yfile: YamlFile, readonly ydoc: YamlDoc, private readonly indexOverride?: number) {}

  get file(): string {
    return this.yfile.path;
  }

  get index(): number {
    return this.indexOverride ?? this.ydoc.index;
  }

  get start(): number {
    // The first key: a `---` line and comments before it stay above.
    return this.ydoc.doc?.contents?.range?.[0] ?? this.ydoc.span.start;
  }

  span(path: readonly PathSeg[], prefer: 'value' | 'key' = 'value'): Span {
    return spanAt(this.ydoc, path, prefer);
  }

  fieldSpan(path: readonly PathSeg[]): Span | undefined {
    const pair = this.ydoc.doc ? findPair(this.ydoc.doc, path) : undefined;
    const key = (pair?.key as Node | undefined)?.range;
    if (!pair || !key) return undefined;
    const value = (pair.value as Node | null)?.range;
    return { start: key[0], end: Math.max(key[1], value ? value[1] : key[1]) };
  }

  value(path: readonly PathSeg[]): unknown {
    const node = findNode(this.ydoc.doc, path);
    if (node === undefined) return undefined;
    return isScalar(node) ? node.value : node.toJSON();
  }

  setEdit(path: readonly PathSeg[], value: YamlTree): TextEdit | undefined {
    return setValueEdit(this.yfile, this.ydoc, path, value);
  }

  treeEdits(path: readonly PathSeg[], tree: YamlTree): TextEdit[] | undefined {
    return setTreeEdits(this.yfile, this.ydoc, path, tree);
  }

  removeEdit(path: readonly PathSeg[]): TextEdit | undefined {
    return removeKeyEdit(this.yfile, this.ydoc, path);
  }

  replaceEntryEdit(path: readonly PathSeg[], key: string, tree: YamlTree): TextEdit | undefined {
    const pair = this.ydoc.doc ? findPair(this.ydoc.doc, path) : undefined;
    const keyRange = (pair?.key as Node | undefined)?.range;
    const valueRange = (pair?.value as Node | null | undefined)?.range;
    if (!keyRange) return undefined;
    const text = this.yfile.text;
    const start = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
    const indent = text.slice(start, keyRange[0]);
    if (indent.trim() !== '') return undefined; // the key shares its line (flow style, `- key:`)
    // A block scalar's range runs past its last line break (to the next entry's line): back up over the trailing
    // blank space so the line end found is the value's own, never the next entry's.
    let lastEnd = valueRange ? valueRange[1] : keyRange[1];
    while (lastEnd > keyRange[1] && /\s/.test(text[lastEnd - 1] ?? '')) lastEnd--;
    const nl = text.indexOf('\n', lastEnd);
    const end = nl === -1 ? text.length : nl + 1;
    // A comment after the value (`value: x  # TODO`) stays, on the first replacement line.
    const comment = /^\s+(#.*?)\r?$/.exec(text.slice(lastEnd, nl === -1 ? text.length : nl))?.[1];
    return { file: this.yfile.path, span: { start, end }, newText: yamlEntryLines(key, tree).map((l, i) => `${indent}${l}${i === 0 && comment ? ` ${comment}` : ''}\n`).join('') };
  }
}
