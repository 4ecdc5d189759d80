/**
 * The document abstraction every rule, the tuner and the adapters go through: one config document (a YAML
 * document, or one Terraform resource read as the same shape) that answers span and edit questions by the model's
 * own paths (`WP.*`, `basePath`). YAML documents answer from their node ranges; Terraform documents translate the
 * path to their HCL attributes and blocks and write HCL. Nothing outside `config/` needs to know which it is.
 */
import type { Span } from './span.ts';
import type { TextEdit } from './edits.ts';
import type { PathSeg } from './yaml-source.ts';
import type { YamlTree } from './yaml-edit.ts';

export type DocLanguage = 'yaml' | 'terraform';

export interface ConfigDoc {
  readonly file: string;
  readonly index: number;
  readonly language: DocLanguage;
  /** Offset where the document's content starts (the CodeLens anchor, the MCP `source`). */
  readonly start: number;
  /** The narrowest span for `path` (value preferred; a missing field points at the nearest existing ancestor). */
  span(path: readonly PathSeg[], prefer?: 'value' | 'key'): Span;
  /** Key start to value end when the field at `path` is written in the document, else undefined. */
  fieldSpan(path: readonly PathSeg[]): Span | undefined;
  /** The plain value at `path` as written (Terraform: only when it could be settled), else undefined. */
  value(path: readonly PathSeg[]): unknown;
  /** A minimal edit making `path` hold `value` (replace or insert), or undefined when no safe edit exists. */
  setEdit(path: readonly PathSeg[], value: YamlTree): TextEdit | undefined;
  /** Minimal edits making the mapping at `path` contain `tree`. */
  treeEdits(path: readonly PathSeg[], tree: YamlTree): TextEdit[] | undefined;
  /** A minimal edit deleting the entry at `path`. */
  removeEdit(path: readonly PathSeg[]): TextEdit | undefined;
  /** An edit replacing the entry at `path` by the entry `key: tree` (same place, same indentation). */
  replaceEntryEdit(path: readonly PathSeg[], key: string, tree: YamlTree): TextEdit | undefined;
}

export interface DocRefLike {
  ref: { file: string; docIndex: number };
}
