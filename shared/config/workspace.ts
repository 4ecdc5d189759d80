/**
 * Parses a set of files into the normalised model and links documents into pools.
 * Never throws on user input: every problem is a finding.
 */
import type { Pool, Scaler, SettingsDoc, Subscription, WorkerPool } from './model.ts';
import { parseYamlFile, type YamlDoc, type YamlFile } from './yaml-source.ts';
import { detectKind } from './kinds/detect.ts';
import { asRecord, makeNormalizeContext, type ParseProblem } from './kinds/context.ts';
import { normalizeWorkerPool } from './kinds/worker-pool.ts';
import { normalizeSubscription } from './kinds/subscription.ts';
import { normalizeCrema, normalizeKeda } from './kinds/scaler.ts';
import { normalizeSettings } from './kinds/settings.ts';
import { linkPools } from './link.ts';
import type { ConfigDoc } from './doc.ts';
import { YamlConfigDoc } from './yaml-doc.ts';
import type { PathSeg } from './yaml-source.ts';
import type { Span } from './span.ts';
import type { HclParser } from './hcl/syntax.ts';
import { registeredHclParser } from './hcl/parser-slot.ts';
import { readTerraform } from './hcl/read.ts';

export interface SourceFile {
  path: string;
  text: string;
}

/** A file's text as parsed (YAML or Terraform). */
export interface SourceText {
  path: string;
  text: string;
}

export interface WorkspaceNote {
  file: string;
  span: Span;
  message: string;
}

export interface Workspace {
  files: Map<string, SourceText>;
  /** Every model document by `file` + `docIndex` (see `docOf`). */
  docs: Map<string, ConfigDoc>;
  /** Model paths a Terraform document writes but the module cannot settle (rules on those pools stay quiet). */
  unsettled: Map<ConfigDoc, PathSeg[][]>;
  /** What was skipped or could not be settled, for verbose output. */
  notes: WorkspaceNote[];
  workerPools: WorkerPool[];
  subscriptions: Subscription[];
  scalers: Scaler[];
  settings?: SettingsDoc;
  pools: Pool[];
  /** Structural problems found while parsing (`yaml-syntax`, `invalid-field`). */
  problems: ParseProblem[];
}

export interface ParseOptions {
  /** Parser for `.tf` files; defaults to the one an adapter registered (`registerHclParser`). */
  hcl?: HclParser;
}

export function isTerraformPath(path: string): boolean {
  return /\.tf$/i.test(path);
}

export function parseWorkspace(sources: readonly SourceFile[], options: ParseOptions = {}): Workspace {
  const ws: Workspace = { files: new Map(), docs: new Map(), unsettled: new Map(), notes: [], workerPools: [], subscriptions: [], scalers: [], pools: [], problems: [] };
  const tf: SourceFile[] = [];
  for (const src of sources) {
    if (isTerraformPath(src.path)) tf.push(src);
    else addFile(ws, src);
  }
  if (tf.length > 0) addTerraform(ws, tf, options.hcl ?? registeredHclParser());
  ws.pools = linkPools(ws);
  return ws;
}

function docKey(file: string, index: number): string {
  return `${file}\u0000${index}`;
}

function addTerraform(ws: Workspace, sources: SourceFile[], parser: HclParser | undefined): void {
  const usable = sources.filter((s) => !s.text.includes('\u0000'));
  for (const s of usable) ws.files.set(s.path, { path: s.path, text: s.text });
  if (!parser) {
    ws.notes.push({ file: usable[0]?.path ?? '', span: { start: 0, end: 0 }, message: 'Terraform files were not read: no HCL parser is loaded.' });
    return;
  }
  const read = readTerraform(usable, parser);
  for (const e of read.syntax) ws.problems.push({ ruleId: 'yaml-syntax', message: e.message, file: e.file, span: e.span });
  ws.notes.push(...read.notes);
  for (const [doc, paths] of read.unsettled) ws.unsettled.set(doc, paths);
  for (const item of read.items) {
    ws.docs.set(docKey(item.doc.file, item.doc.index), item.doc);
    const ctx = makeNormalizeContext(item.doc, ws.problems);
    if (item.kind === 'workerPool') {
      const wp = normalizeWorkerPool(ctx, item.value);
      if (wp) ws.workerPools.push(wp);
    } else if (item.kind === 'subscription') {
      const s = normalizeSubscription(ctx, item.value, 'gcloud');
      if (s) ws.subscriptions.push(s);
    } else {
      ws.scalers.push(...normalizeCrema(ctx, item.value));
    }
  }
}

function addFile(ws: Workspace, src: SourceFile): void {
  if (src.text.includes('\u0000')) {
    ws.problems.push({ ruleId: 'yaml-syntax', message: 'Binary file: not YAML text.', file: src.path, span: { start: 0, end: 0 } });
    return;
  }
  const file = parseYamlFile(src.path, src.text);
  ws.files.set(src.path, file);
  for (const ydoc of file.docs) ws.docs.set(docKey(src.path, ydoc.index), new YamlConfigDoc(file, ydoc));
  for (const ydoc of file.docs) {
    if (ydoc.errors.length > 0) {
      for (const e of ydoc.errors.slice(0, 5)) {
        ws.problems.push({ ruleId: 'yaml-syntax', message: `YAML error: ${e.message}`, file: src.path, span: e.span });
      }
      continue;
    }
    addDoc(ws, file, ydoc);
  }
}

function addDoc(ws: Workspace, file: YamlFile, ydoc: YamlDoc): void {
  const kind = detectKind(ydoc.value, file.path);
  if (kind === 'unknown') return;
  const root = asRecord(ydoc.value)!;
  const ctx = makeNormalizeContext(ws.docs.get(docKey(file.path, ydoc.index))!, ws.problems);
  switch (kind) {
    case 'workerPool': {
      const wp = normalizeWorkerPool(ctx, root);
      if (wp) ws.workerPools.push(wp);
      break;
    }
    case 'gcloudSubscription':
    case 'kccSubscription': {
      const s = normalizeSubscription(ctx, root, kind === 'kccSubscription' ? 'kcc' : 'gcloud');
      if (s) ws.subscriptions.push(s);
      break;
    }
    case 'crema':
      ws.scalers.push(...normalizeCrema(ctx, root));
      break;
    case 'keda':
      ws.scalers.push(...normalizeKeda(ctx, root));
      break;
    case 'settings':
      ws.settings = { kind: 'Settings', ref: { file: file.path, docIndex: ydoc.index }, settings: normalizeSettings(ctx, root) };
      break;
  }
}

/** The document behind a model object (YAML or Terraform). */
export function docOf(ws: Workspace, ref: { file: string; docIndex: number }): ConfigDoc | undefined {
  return ws.docs.get(docKey(ref.file, ref.docIndex));
}

/** The parsed YAML document behind a model object (undefined for Terraform). */
export function yamlDocOf(ws: Workspace, ref: { file: string; docIndex: number }): { file: YamlFile; ydoc: YamlDoc } | undefined {
  const d = docOf(ws, ref);
  return d instanceof YamlConfigDoc ? { file: d.yfile, ydoc: d.ydoc } : undefined;
}
