/**
 * Parses a set of files into the normalised model and links documents into pools.
 * Never throws on user input: every problem is a finding.
 */
import type { DataflowRead, Pool, Scaler, SettingsDoc, Subscription, TriggerAuth, WorkerPool } from './model.ts';
import { parseYamlFile, spanAt, type YamlDoc, type YamlFile } from './yaml-source.ts';
import { detectKind } from './kinds/detect.ts';
import { asRecord, makeNormalizeContext, type ParseProblem } from './kinds/context.ts';
import { normalizeWorkerPool } from './kinds/worker-pool.ts';
import { normalizeSubscription } from './kinds/subscription.ts';
import { normalizeCrema, normalizeKeda } from './kinds/scaler.ts';
import { normalizeSettings } from './kinds/settings.ts';
import { normalizeWorkload } from './kinds/workload.ts';
import { cremaTriggerAuths, normalizeTriggerAuth } from './kinds/trigger-auth.ts';
import { linkPools } from './link.ts';
import { normalizeDataflowJob } from './kinds/dataflow.ts';
import { maskTemplates, restorePlaceholders, spreadInBlock, type MaskedTemplate } from './templates.ts';
import type { ConfigDoc } from './doc.ts';
import { YamlConfigDoc } from './yaml-doc.ts';
import type { PathSeg } from './yaml-source.ts';
import type { Span } from './span.ts';
import type { HclParser } from './hcl/syntax.ts';
import { registeredHclParser } from './hcl/parser-slot.ts';
import { readTerraform, type TfUnchecked } from './hcl/read.ts';

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
  /** Terraform resources (and module calls) with values not checked, per resource and why (rule terraform-not-checked). */
  unchecked: TfUnchecked[];
  workerPools: WorkerPool[];
  subscriptions: Subscription[];
  scalers: Scaler[];
  /**
   * Kubernetes Deployments/StatefulSets (`platform: 'gke'`): a pool's workers when a KEDA ScaledObject targets one
   * (link.ts); the others are not reviewed.
   */
  workloads: WorkerPool[];
  /** KEDA TriggerAuthentication / ClusterTriggerAuthentication objects and CremaConfig `triggerAuthentications`. */
  triggerAuths: TriggerAuth[];
  /** Subscriptions a Dataflow job in the files reads (YAML Config Connector jobs, Terraform `google_dataflow_*job`). */
  dataflowReads: DataflowRead[];
  /** The project settings: the pool-tuner.yaml nearest the root of the files (the others scope their own folders). */
  settings?: SettingsDoc;
  /** Every settings document, when the files hold several projects (e.g. a repository with examples and fixtures). */
  allSettings: SettingsDoc[];
  pools: Pool[];
  /** Structural problems found while parsing (`yaml-syntax`, `invalid-field`). */
  problems: ParseProblem[];
  /** Templated files (Helm, envsubst, `%VAR%`, `__VAR__`, `.tpl`): where their placeholders are. */
  templates: Map<string, MaskedTemplate>;
}

export interface ParseOptions {
  /** Parser for `.tf` files; defaults to the one an adapter registered (`registerHclParser`). */
  hcl?: HclParser;
  /**
   * Parsed YAML files by path, reused when the text is unchanged and updated with what is parsed (the editor keeps
   * one across reviews, so an edit re-parses only the edited file). Parsed files are never mutated.
   */
  yamlCache?: Map<string, YamlFile>;
}

export function isTerraformPath(path: string): boolean {
  return /\.tf$/i.test(path);
}

export function parseWorkspace(sources: readonly SourceFile[], options: ParseOptions = {}): Workspace {
  const ws: Workspace = { files: new Map(), docs: new Map(), unsettled: new Map(), notes: [], unchecked: [], workerPools: [], subscriptions: [], scalers: [], workloads: [], triggerAuths: [], dataflowReads: [], allSettings: [], pools: [], problems: [], templates: new Map() };
  const tf: SourceFile[] = [];
  for (const src of sources) {
    if (isTerraformPath(src.path)) tf.push(src);
    else addFile(ws, src, options.yamlCache);
  }
  if (tf.length > 0) addTerraform(ws, tf, options.hcl ?? registeredHclParser());
  ws.settings = [...ws.allSettings].sort((a, b) => depth(a.ref.file) - depth(b.ref.file) || a.ref.file.localeCompare(b.ref.file))[0];
  ws.pools = linkProjects(ws);
  // A workload's malformed fields matter only when it is a pool's workers: other Deployments are not reviewed.
  for (const p of ws.pools) if (p.workerPool?.platform === 'gke') ws.problems.push(...(workloadProblems.get(p.workerPool) ?? []));
  for (const p of ws.pools) {
    const bad = p.concurrencyInvalid;
    const wp = p.workerPool;
    const doc = wp && ws.docs.get(docKey(wp.ref.file, wp.ref.docIndex));
    if (!bad || !wp || !doc) continue;
    const path = ['spec', 'template', 'spec', 'containers', bad.containerIndex, 'env', bad.envIndex, 'value'];
    makeNormalizeContext(doc, ws.problems).invalid(path, `\`${bad.envName}\` sets the pool's concurrency and must be a whole number ≥ 1 (as a string), got "${bad.raw.length > 40 ? `${bad.raw.slice(0, 40)}…` : bad.raw}".`);
  }
  return ws;
}

/** Structural problems of each workload, kept aside until linking says whether it is a pool's workers. */
const workloadProblems = new WeakMap<WorkerPool, ParseProblem[]>();

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
  ws.unchecked.push(...read.unchecked);
  ws.dataflowReads.push(...read.dataflowReads);
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
      ws.triggerAuths.push(...cremaTriggerAuths(ctx, item.value));
    }
  }
}

/** The folder of the pool-tuner.yaml whose project a file belongs to ('' when one settings file or none applies). */
export function projectScopeOf(ws: Workspace, file: string): string {
  const folders = ws.allSettings.map((s) => folderOf(s.ref.file));
  if (new Set(folders).size <= 1) return '';
  return folders.filter((f) => file.startsWith(f)).sort((a, b) => b.length - a.length)[0] ?? '(none)';
}

function folderOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i === -1 ? '' : file.slice(0, i + 1);
}

function depth(file: string): number {
  return file.split('/').length;
}

/**
 * A pool-tuner.yaml applies to the files in its folder and below (the nearest one wins), so one review of a folder
 * holding several projects links each project with its own settings, as a review of that project alone would.
 */
function linkProjects(ws: Workspace): Pool[] {
  const folders = [...new Set(ws.allSettings.map((s) => folderOf(s.ref.file)))];
  if (folders.length <= 1) return linkPools(ws);
  // Files under no pool-tuner.yaml form a scope of their own, without settings.
  const scopeOf = (file: string): string | undefined => folders.filter((f) => file.startsWith(f)).sort((a, b) => b.length - a.length)[0];
  const pools: Pool[] = [];
  for (const folder of [...folders, undefined]) {
    const inScope = <T extends { ref: { file: string } }>(xs: T[]): T[] => xs.filter((x) => scopeOf(x.ref.file) === folder);
    const settings = ws.allSettings.find((s) => folderOf(s.ref.file) === folder);
    pools.push(...linkPools({ ...ws, settings, workerPools: inScope(ws.workerPools), subscriptions: inScope(ws.subscriptions), scalers: inScope(ws.scalers), workloads: inScope(ws.workloads) }));
  }
  return pools.sort((a, b) => a.name.localeCompare(b.name));
}

function addFile(ws: Workspace, src: SourceFile, cache: Map<string, YamlFile> | undefined): void {
  if (src.text.includes('\u0000')) {
    ws.problems.push({ ruleId: 'yaml-syntax', message: 'Binary file: not YAML text.', file: src.path, span: { start: 0, end: 0 } });
    return;
  }
  const masked = maskTemplates(src.text, src.path);
  // Spans are the same in the masked text; edits and messages read the original.
  const cached = cache?.get(src.path);
  const file = cached?.text === src.text ? cached
    : masked ? restored({ ...parseYamlFile(src.path, masked.text, { uniqueKeys: false }), text: src.text }, masked) : parseYamlFile(src.path, src.text);
  cache?.set(src.path, file);
  ws.files.set(src.path, file);
  if (masked) {
    ws.templates.set(src.path, masked);
    const unread = file.docs.filter((d) => d.errors.length > 0).length;
    // Only a template of a pool config gets the note: other templates (a chart's Deployments) stay silent, as any
    // YAML Pool Tuner does not read.
    if (POOL_KIND.test(src.text)) ws.problems.push({ ruleId: 'yaml-syntax', severity: 'info', file: src.path, span: masked.placeholders[0] ?? { start: 0, end: 0 }, message: templateNote(masked, unread) });
  }
  for (const ydoc of file.docs) ws.docs.set(docKey(src.path, ydoc.index), new YamlConfigDoc(file, ydoc));
  for (const ydoc of file.docs) {
    if (ydoc.errors.length > 0 && masked) continue; // template syntax is not a YAML error: said once above
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
      const spread = s && templatedFrom(ws, file, ydoc, s.basePath);
      if (s) ws.subscriptions.push(spread ? { ...s, templatedFrom: spread } : s);
      break;
    }
    case 'crema':
      ws.scalers.push(...normalizeCrema(ctx, root));
      ws.triggerAuths.push(...cremaTriggerAuths(ctx, root));
      break;
    case 'triggerAuth': {
      const a = normalizeTriggerAuth(ctx, root);
      if (a) ws.triggerAuths.push(a);
      break;
    }
    case 'keda':
      ws.scalers.push(...normalizeKeda(ctx, root));
      break;
    case 'workload': {
      const sink: ParseProblem[] = [];
      const w = normalizeWorkload(makeNormalizeContext(ctx.doc, sink), root);
      if (w) {
        ws.workloads.push(w);
        workloadProblems.set(w, sink);
      }
      break;
    }
    case 'dataflowJob':
      ws.dataflowReads.push(...normalizeDataflowJob({ file: file.path, docIndex: ydoc.index }, root));
      break;
    case 'settings':
      ws.allSettings.push({ kind: 'Settings', ref: { file: file.path, docIndex: ydoc.index }, settings: normalizeSettings(ctx, root) });
      break;
  }
}

/** The template action that fills the mapping at `path` of a templated document from values, if any. */
function templatedFrom(ws: Workspace, file: YamlFile, ydoc: YamlDoc, path: readonly PathSeg[]): string | undefined {
  const t = ws.templates.get(file.path);
  if (!t || t.spreads.length === 0) return undefined;
  if (path.length === 0) return t.spreads.find((x) => x.span.start >= ydoc.span.start && x.span.start <= ydoc.span.end)?.text;
  return spreadInBlock(file.text, t, spanAt(ydoc, path, 'key'))?.text;
}

/** A masked file's values with the placeholders' own text back in them (no stand-in ever reaches an output). */
function restored(file: YamlFile, masked: MaskedTemplate): YamlFile {
  restorePlaceholders(file, masked);
  return file;
}

/** The document behind a model object (YAML or Terraform). */
export function docOf(ws: Workspace, ref: { file: string; docIndex: number }): ConfigDoc | undefined {
  return ws.docs.get(docKey(ref.file, ref.docIndex));
}

/**
 * The value at model `path` of a document that the Terraform module cannot settle (`manual_instance_count =
 * var.workers` with no default): the HCL as written and why, from the resource's "not checked" entry.
 */
export function unsettledField(ws: Workspace, ref: { file: string; docIndex: number }, path: readonly PathSeg[]): { what: string; reason: string } | undefined {
  const doc = docOf(ws, ref);
  const same = (p: readonly PathSeg[]) => p.length === path.length && p.every((s, i) => s === path[i]);
  if (!doc || !(ws.unsettled.get(doc) ?? []).some(same)) return undefined;
  const item = ws.unchecked.find((u) => u.doc === doc)?.items.find((i) => i.path && same(i.path));
  return item ? { what: item.what, reason: item.reason } : { what: path.join('.'), reason: 'not settled by the module' };
}

/** The parsed YAML document behind a model object (undefined for Terraform). */
export function yamlDocOf(ws: Workspace, ref: { file: string; docIndex: number }): { file: YamlFile; ydoc: YamlDoc } | undefined {
  const d = docOf(ws, ref);
  return d instanceof YamlConfigDoc ? { file: d.yfile, ydoc: d.ydoc } : undefined;
}

/** A file that declares (or templates) a kind Pool Tuner reads. */
const POOL_KIND = /\bkind:\s*["']?(WorkerPool|CremaConfig|ScaledObject|PubSubSubscription|PoolTunerSettings)\b|projects\/[^/\s]+\/subscriptions\//;
const TF_POOL_RESOURCE = /\bresource\s+"google_(cloud_run_v2_worker_pool|pubsub_subscription|parameter_manager_parameter_version)"/;

/** True when a file's text names a kind Pool Tuner reads (so a file that failed to parse may have held a pool). */
export function mayHoldPoolConfig(text: string): boolean {
  return POOL_KIND.test(text) || TF_POOL_RESOURCE.test(text);
}

const STYLE_NAMES = { helm: 'Helm/Go template', envsubst: 'envsubst ${VAR}', percent: '%VAR%', underscore: '__VAR__' } as const;

/** The one note per templated file: what was read, and what was not checked. */
function templateNote(m: MaskedTemplate, unreadDocs: number): string {
  const styles = m.styles.map((s) => STYLE_NAMES[s]).join(', ') || 'template file';
  const parts = [`${m.placeholders.length} placeholder${m.placeholders.length === 1 ? '' : 's'} (values unknown, not checked)`];
  if (m.blankedLines > 0) parts.push(`${m.blankedLines} template-only line${m.blankedLines === 1 ? '' : 's'} skipped`);
  if (unreadDocs > 0) parts.push(`${unreadDocs} document${unreadDocs === 1 ? '' : 's'} not readable around the template and not reviewed`);
  return `Template (${styles}): reviewed around the placeholders; ${parts.join('; ')}. Render it (helm template, envsubst) and review the output for a full check.`;
}
