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

export interface SourceFile {
  path: string;
  text: string;
}

export interface Workspace {
  files: Map<string, YamlFile>;
  workerPools: WorkerPool[];
  subscriptions: Subscription[];
  scalers: Scaler[];
  settings?: SettingsDoc;
  pools: Pool[];
  /** Structural problems found while parsing (`yaml-syntax`, `invalid-field`). */
  problems: ParseProblem[];
}

export function parseWorkspace(sources: readonly SourceFile[]): Workspace {
  const ws: Workspace = { files: new Map(), workerPools: [], subscriptions: [], scalers: [], pools: [], problems: [] };
  for (const src of sources) addFile(ws, src);
  ws.pools = linkPools(ws);
  return ws;
}

function addFile(ws: Workspace, src: SourceFile): void {
  if (src.text.includes('\u0000')) {
    ws.problems.push({ ruleId: 'yaml-syntax', message: 'Binary file: not YAML text.', file: src.path, span: { start: 0, end: 0 } });
    return;
  }
  const file = parseYamlFile(src.path, src.text);
  ws.files.set(src.path, file);
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
  const ctx = makeNormalizeContext(file, ydoc, ws.problems);
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

/** The parsed YAML document behind a model object. */
export function yamlDocOf(ws: Workspace, ref: { file: string; docIndex: number }): { file: YamlFile; ydoc: YamlDoc } | undefined {
  const file = ws.files.get(ref.file);
  const ydoc = file?.docs[ref.docIndex];
  return file && ydoc ? { file, ydoc } : undefined;
}
