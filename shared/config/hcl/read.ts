/**
 * Reads the Terraform files of a workspace into model-shaped documents: each `google_cloud_run_v2_worker_pool`,
 * `google_pubsub_subscription` and CremaConfig (inside `google_parameter_manager_parameter_version.parameter_data`
 * as `yamlencode({...})`, `jsonencode({...})` or a heredoc) becomes a value of the shape the YAML normalisers read,
 * behind a `ConfigDoc` that maps paths back to the HCL. Values that the module text cannot settle are left out and
 * recorded, so rules stay quiet about them instead of guessing.
 */
import type { ConfigDoc } from '../doc.ts';
import type { Span } from '../span.ts';
import type { PathSeg } from '../yaml-source.ts';
import { parseYamlFile } from '../yaml-source.ts';
import { YamlConfigDoc } from '../yaml-doc.ts';
import { DEFAULT_CONCURRENCY_ENV_VARS } from '../settings-schema.ts';
import { shortName } from '../quantity.ts';
import { buildModules, dirOf, type TfFile, type TfModule, type TfResource } from './module.ts';
import { Evaluator, heredocBody, Unsettled, type Evaluated } from './evaluate.ts';
import { asAttribute, asBlock, blocksOf, child, textOf, type HBlock, type HNode, type HclParser } from './syntax.ts';
import { containerOfExpr, objectKeyText, type HContainer } from './path.ts';
import { TfConfigDoc } from './tf-doc.ts';
import { DATAFLOW_JOB_TYPES, readDataflowJob } from './dataflow.ts';
import type { DataflowRead } from '../model.ts';
import { ENCODED_OBJECT_SHAPE, subscriptionShape, WORKER_POOL_SHAPE } from './shapes.ts';

export type TfItemKind = 'workerPool' | 'subscription' | 'crema';

export interface TfItem {
  kind: TfItemKind;
  doc: ConfigDoc;
  value: Record<string, unknown>;
}

export interface TfNote {
  file: string;
  span: Span;
  message: string;
}

/** One resource (or module call) with values the module cannot settle: what was not checked, and why. */
export interface TfUnchecked {
  file: string;
  /** The resource's name label (or the module call's). */
  span: Span;
  /** `google_pubsub_subscription.orders`, `module.workers`. */
  address: string;
  /** The document read from the resource, when it was read at all. */
  doc?: ConfigDoc;
  /** What was not checked (the HCL as written, first line), why, and the model path it would have set. */
  items: { what: string; reason: string; path?: PathSeg[] }[];
  /** True when nothing of the resource was reviewed (a skipped resource, a module call). */
  whole: boolean;
}

export interface TfRead {
  items: TfItem[];
  /** Per resource: values not checked and why (rule terraform-not-checked reports them). */
  unchecked: TfUnchecked[];
  /** Syntax errors (rule `yaml-syntax`, which covers every config file's syntax). */
  syntax: TfNote[];
  /** What could not be settled or was skipped, for verbose output. */
  notes: TfNote[];
  /** Model paths per document whose values could not be settled: rules on them stay quiet. */
  unsettled: Map<ConfigDoc, PathSeg[][]>;
  /** Subscriptions a Dataflow job of the module reads (hcl/dataflow.ts). */
  dataflowReads: DataflowRead[];
  /** Repository files named by `file(...)` in `parameter_data` (read as YAML when they are in the workspace). */
  referencedFiles: string[];
}

const WORKER_POOL = 'google_cloud_run_v2_worker_pool';
const SUBSCRIPTION = 'google_pubsub_subscription';
const PARAMETER_VERSIONS = new Set(['google_parameter_manager_parameter_version', 'google_parameter_manager_regional_parameter_version']);
/** CREMA's published image (docs/sources.md#crema): a pool running it is the autoscaler, not a consumer. */
const CREMA_IMAGE = /crema/i;

export function readTerraform(sources: readonly { path: string; text: string }[], parser: HclParser): TfRead {
  const out: TfRead = { items: [], unchecked: [], syntax: [], notes: [], unsettled: new Map(), referencedFiles: [], dataflowReads: [] };
  const files: TfFile[] = [];
  for (const s of sources) {
    const root = parser.parse(s.text);
    files.push({ path: s.path, text: s.text, root });
    if (root.error) {
      const bad = firstError(root);
      out.syntax.push({ file: s.path, span: bad ? { start: bad.start, end: Math.max(bad.start, Math.min(bad.end, bad.start + 80)) } : { start: 0, end: 0 }, message: 'HCL syntax error: this part of the file does not parse; resources in it are read as far as they parse.' });
    }
  }
  for (const m of buildModules(files).values()) readModule(m, out);
  return out;
}

function firstError(n: HNode): HNode | undefined {
  for (const c of n.children) {
    if (c.error) return firstError(c) ?? c;
  }
  return n.error && n.children.length === 0 ? n : undefined;
}

class ModuleReader {
  readonly ev: Evaluator;
  constructor(readonly m: TfModule, readonly out: TfRead) {
    this.ev = new Evaluator(m);
  }

  note(r: { file: TfFile }, n: HNode, message: string): void {
    this.out.notes.push({ file: r.file.path, span: { start: n.start, end: n.end }, message });
  }

  attr(r: TfResource, body: HNode | undefined, name: string): { expr: HNode; v: Evaluated } | undefined {
    const a = body?.children.map((c) => asAttribute(r.file.text, c)).find((x) => x?.name === name);
    return a ? { expr: a.expr, v: this.ev.eval(r.file.text, a.expr) } : undefined;
  }

  /** A string for names and references: exact, or with unknown prefixes kept as written when the last segment is known. */
  loose(text: string, expr: HNode): string | Unsettled {
    const v = this.ev.eval(text, expr);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (!(v instanceof Unsettled)) return new Unsettled('not a string');
    const q = child(child(expr, 'template_expr'), 'quoted_template');
    if (!q) return v;
    let s = '';
    for (const c of q.children) {
      if (c.type === 'template_literal') s += textOf(text, c);
      else if (c.type === 'template_interpolation') {
        const e = child(c, 'expression');
        const x = e ? this.ev.eval(text, e) : v;
        s += typeof x === 'string' || typeof x === 'number' ? String(x) : textOf(text, c);
      }
    }
    return s.slice(s.lastIndexOf('/') + 1).includes('${') ? v : s;
  }
}

function readModule(m: TfModule, out: TfRead): void {
  const r = new ModuleReader(m, out);
  const topicRef = (topic: string): string | undefined => {
    const name = shortName(topic);
    const t = m.resources.find((x) => x.type === 'google_pubsub_topic' && r.attr(x, x.block.body, 'name')?.v === name);
    return t ? `google_pubsub_topic.${t.name}.id` : undefined;
  };
  const subShape = subscriptionShape(topicRef);
  for (const res of m.resources) {
    if (res.type === WORKER_POOL) readWorkerPool(r, res);
    else if (res.type === SUBSCRIPTION) readSubscription(r, res, subShape);
    else if (PARAMETER_VERSIONS.has(res.type)) readParameterVersion(r, res);
    else if (DATAFLOW_JOB_TYPES.has(res.type)) out.dataflowReads.push(...readDataflowJob(m, r.ev, res));
  }
  for (const f of m.files) noteModuleCalls(r, f);
}

/** What a module call that looks like a pool's (Pub/Sub, Cloud Run, CREMA) may declare: not read, so not checked. */
const POOL_MODULE = /pubsub|subscription|worker[_-]?pool|cloud[_-]?run|crema|autoscal/i;

/**
 * `module "x" { source = … }`: the reader resolves nothing across modules (module.ts), so the resources a call
 * declares are not reviewed unless the module's own files are in the workspace. Said per call, for calls whose
 * source or arguments name Pub/Sub, Cloud Run or CREMA.
 */
function noteModuleCalls(r: ModuleReader, f: TfFile): void {
  const body = f.root.type === 'body' ? f.root : child(f.root, 'body');
  for (const b of blocksOf(f.text, body, 'module')) {
    if (!POOL_MODULE.test(textOf(f.text, b.node))) continue;
    const label = b.node.children.find((c) => c.type === 'string_lit') ?? b.node.children[0]!;
    const source = b.body?.children.map((c) => asAttribute(f.text, c)).find((a) => a?.name === 'source');
    const src = source ? textOf(f.text, source.expr) : 'no source';
    r.out.unchecked.push({
      file: f.path, span: { start: label.start, end: label.end }, address: `module.${b.labels[0] ?? '?'}`, whole: true,
      items: [{ what: `source = ${src}`, reason: 'a module call: the resources it declares are reviewed only when the module\'s own .tf files are in the workspace' }],
    });
  }
}

function anchorOf(res: TfResource): Span {
  const label = res.block.node.children.filter((c) => c.type === 'string_lit')[1] ?? res.block.node.children[0]!;
  return { start: label.start, end: label.end };
}

/** The resource's entry in `unchecked` (one per resource), created on first use. */
function uncheckedOf(r: ModuleReader, res: TfResource, doc: ConfigDoc | undefined, whole: boolean): TfUnchecked {
  const address = `${res.type}.${res.name}`;
  let u = r.out.unchecked.find((x) => x.file === res.file.path && x.address === address);
  if (!u) {
    u = { file: res.file.path, span: anchorOf(res), address, items: [], whole };
    r.out.unchecked.push(u);
  }
  if (doc) u.doc = doc;
  return u;
}

/** The HCL behind `n` as a reader sees it: its line from the start of the entry, first line only. */
function writtenAt(text: string, n: HNode): string {
  const start = text.lastIndexOf('\n', n.start - 1) + 1;
  const line = text.slice(start, n.end).split('\n')[0]!.trim().replace(/\s+/g, ' ');
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

function record(r: ModuleReader, doc: ConfigDoc, path: PathSeg[], res: TfResource, n: HNode, reason: string): void {
  const list = r.out.unsettled.get(doc) ?? [];
  list.push(path);
  r.out.unsettled.set(doc, list);
  const u = uncheckedOf(r, res, doc, false);
  const what = writtenAt(res.file.text, n);
  if (!u.items.some((i) => i.what === what)) u.items.push({ what, reason, path });
  r.note(res, n, `${res.type}.${res.name}: \`${textOf(res.file.text, n).split('\n')[0]!.slice(0, 80)}\` cannot be settled from this module (${reason}); rules that depend on it stay quiet.`);
}

function readWorkerPool(r: ModuleReader, res: TfResource): void {
  const text = res.file.text;
  const body = res.block.body;
  const name = r.attr(res, body, 'name');
  const nameV = name ? r.ev.symbolic(text, name.expr) : undefined;
  if (typeof nameV !== 'string') {
    r.note(res, res.block.node.children[0]!, `${res.type}.${res.name}: the name cannot be settled (${nameV instanceof Unsettled ? nameV.reason : 'missing'}); skipped.`);
    if (name) uncheckedOf(r, res, undefined, true).items.push({ what: writtenAt(text, name.expr), reason: `the name cannot be settled (${nameV instanceof Unsettled ? nameV.reason : 'not a string'}), so the resource is not reviewed` });
    return;
  }
  const template = blocksOf(text, body, 'template')[0];
  const containers = blocksOf(text, template?.body, 'containers');
  if (containers.some((c) => { const img = r.attr(res, c.body, 'image'); return img && CREMA_IMAGE.test(textOf(text, img.expr)); })) {
    r.note(res, res.block.node.children[0]!, `${res.type}.${res.name} runs CREMA (the autoscaler), not a consumer: not reviewed as a worker pool.`);
    return;
  }
  const pending: [PathSeg[], HNode, string][] = [];
  const model: Record<string, unknown> = { apiVersion: 'run.googleapis.com/v1', kind: 'WorkerPool' };
  const annotations: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = { name: nameV, annotations };
  const settle = (path: PathSeg[], got: { expr: HNode; v: Evaluated } | undefined, set: (v: unknown) => void, relevant = true): void => {
    if (!got) return;
    if (got.v instanceof Unsettled) {
      if (relevant) pending.push([path, got.expr, got.v.reason]);
      return;
    }
    set(got.v);
  };
  settle(['metadata', 'namespace'], r.attr(res, body, 'project'), (v) => { metadata['namespace'] = v; }, false);
  settle(['metadata', 'labels'], r.attr(res, body, 'location'), (v) => { metadata['labels'] = { 'cloud.googleapis.com/location': v }; }, false);
  const scaling = blocksOf(text, body, 'scaling')[0];
  const A = 'run.googleapis.com/';
  if (scaling) {
    settle(['metadata', 'annotations', `${A}scalingMode`], r.attr(res, scaling.body, 'scaling_mode'), (v) => { annotations[`${A}scalingMode`] = String(v).toLowerCase(); });
    settle(['metadata', 'annotations', `${A}manualInstanceCount`], r.attr(res, scaling.body, 'manual_instance_count'), (v) => { annotations[`${A}manualInstanceCount`] = v; });
    settle(['metadata', 'annotations', `${A}minScale`], r.attr(res, scaling.body, 'min_instance_count'), (v) => { annotations[`${A}minScale`] = v; });
    settle(['metadata', 'annotations', `${A}maxScale`], r.attr(res, scaling.body, 'max_instance_count'), (v) => { annotations[`${A}maxScale`] = v; });
    // The provider's scaling_mode defaults to MANUAL (docs/sources.md#worker-pool-terraform).
    if (annotations[`${A}scalingMode`] === undefined && !pending.some(([p]) => p[2] === `${A}scalingMode`)) annotations[`${A}scalingMode`] = 'manual';
  }
  model['metadata'] = metadata;
  const tspec: Record<string, unknown> = {};
  const tmeta: Record<string, unknown> = {};
  if (template) {
    const accel = blocksOf(text, template.body, 'node_selector')[0];
    if (accel) settle(['spec', 'template', 'spec', 'nodeSelector'], r.attr(res, accel.body, 'accelerator'), (v) => { tspec['nodeSelector'] = { [`${A}accelerator`]: v }; });
    settle(['spec', 'template', 'metadata'], r.attr(res, template.body, 'gpu_zonal_redundancy_disabled'), (v) => { tmeta['annotations'] = { [`${A}gpu-zonal-redundancy-disabled`]: String(v) }; });
    tspec['containers'] = containers.map((c, i) => readContainer(r, res, c, i, pending));
    for (const d of blocksOf(text, template.body, 'dynamic').filter((b) => b.labels[0] === 'containers')) pending.push([['spec', 'template', 'spec', 'containers'], d.node, 'a dynamic block']);
  }
  model['spec'] = { template: { metadata: tmeta, spec: tspec } };
  const doc = new TfConfigDoc(res.file.path, text, res.index, res.block.node, { kind: 'block', block: res.block.node, body }, WORKER_POOL_SHAPE, model, anchorOf(res));
  for (const [p, n, reason] of pending) record(r, doc, p, res, n, reason);
  r.out.items.push({ kind: 'workerPool', doc, value: model });
}

function readContainer(r: ModuleReader, res: TfResource, c: HBlock, i: number, pending: [PathSeg[], HNode, string][]): Record<string, unknown> {
  const text = res.file.text;
  const base: PathSeg[] = ['spec', 'template', 'spec', 'containers', i];
  const out: Record<string, unknown> = {};
  const name = r.attr(res, c.body, 'name');
  if (name && typeof name.v === 'string') out['name'] = name.v;
  for (const k of ['args', 'command'] as const) {
    const a = r.attr(res, c.body, k);
    if (a && Array.isArray(a.v)) out[k] = a.v;
  }
  const resources = blocksOf(text, c.body, 'resources')[0];
  const limits = resources ? r.attr(res, resources.body, 'limits') : undefined;
  if (limits) {
    const cont = containerOfExpr(limits.expr);
    if (cont.kind === 'object') {
      const lim: Record<string, unknown> = {};
      for (const e of cont.node.children.filter((x) => x.type === 'object_elem')) {
        const k = e.children[0] ? objectKeyText(text, e.children[0]) : undefined;
        const v = e.children[1] ? r.ev.eval(text, e.children[1]) : undefined;
        if (k === undefined) continue;
        if (v instanceof Unsettled || v === undefined) pending.push([[...base, 'resources', 'limits', k], e, v?.reason ?? 'no value']);
        else lim[k] = v;
      }
      out['resources'] = { limits: lim };
    } else if (limits.v instanceof Unsettled) {
      pending.push([[...base, 'resources', 'limits'], limits.expr, limits.v.reason]);
    } else if (limits.v && typeof limits.v === 'object') {
      out['resources'] = { limits: limits.v };
    }
  }
  const concurrencyNames = new Set<string>(DEFAULT_CONCURRENCY_ENV_VARS);
  out['env'] = blocksOf(text, c.body, 'env').map((e, j) => {
    const envName = r.attr(res, e.body, 'name');
    const nameV = envName && typeof envName.v === 'string' ? envName.v : undefined;
    const entry: Record<string, unknown> = { name: nameV ?? `\${${envName ? textOf(text, envName.expr) : 'unnamed'}}` };
    if (blocksOf(text, e.body, 'value_source').length > 0) entry['valueFrom'] = { secretKeyRef: {} };
    const value = r.attr(res, e.body, 'value');
    if (value) {
      const v = r.loose(text, value.expr);
      if (v instanceof Unsettled) {
        if (nameV && concurrencyNames.has(nameV)) pending.push([[...base, 'env', j, 'value'], value.expr, v.reason]);
      } else entry['value'] = v;
    }
    return entry;
  });
  for (const d of blocksOf(text, c.body, 'dynamic').filter((b) => b.labels[0] === 'env')) pending.push([[...base, 'env'], d.node, 'a dynamic block']);
  return out;
}

function readSubscription(r: ModuleReader, res: TfResource, shape: ReturnType<typeof subscriptionShape>): void {
  const text = res.file.text;
  const body = res.block.body;
  const pending: [PathSeg[], HNode, string][] = [];
  const name = r.attr(res, body, 'name');
  const nameV = name ? r.ev.symbolic(text, name.expr) : undefined;
  if (typeof nameV !== 'string') {
    r.note(res, res.block.node.children[0]!, `${res.type}.${res.name}: the name cannot be settled (${nameV instanceof Unsettled ? nameV.reason : 'missing'}); skipped.`);
    if (name) uncheckedOf(r, res, undefined, true).items.push({ what: writtenAt(text, name.expr), reason: `the name cannot be settled (${nameV instanceof Unsettled ? nameV.reason : 'not a string'}), so the resource is not reviewed` });
    return;
  }
  const project = r.attr(res, body, 'project');
  const model: Record<string, unknown> = {
    name: typeof project?.v === 'string' && !nameV.includes('/') ? `projects/${project.v}/subscriptions/${nameV}` : nameV,
  };
  const topic = r.attr(res, body, 'topic');
  if (topic) {
    const t = r.loose(text, topic.expr);
    if (t instanceof Unsettled) pending.push([['topic'], topic.expr, t.reason]);
    else model['topic'] = t;
  }
  const scalar = (path: PathSeg[], container: HNode | undefined, attr: string, into: Record<string, unknown>, key: string) => {
    const a = r.attr(res, container, attr);
    if (!a) return;
    if (a.v instanceof Unsettled) pending.push([path, a.expr, a.v.reason]);
    else into[key] = a.v;
  };
  scalar(['ackDeadlineSeconds'], body, 'ack_deadline_seconds', model, 'ackDeadlineSeconds');
  scalar(['messageRetentionDuration'], body, 'message_retention_duration', model, 'messageRetentionDuration');
  scalar(['enableExactlyOnceDelivery'], body, 'enable_exactly_once_delivery', model, 'enableExactlyOnceDelivery');
  scalar(['enableMessageOrdering'], body, 'enable_message_ordering', model, 'enableMessageOrdering');
  const block = (type: string, key: string, fields: [string, string][]) => {
    const b = blocksOf(text, body, type)[0];
    if (b) {
      const o: Record<string, unknown> = {};
      for (const [attr, k] of fields) scalar([key, k], b.body, attr, o, k);
      model[key] = o;
    }
    for (const d of blocksOf(text, body, 'dynamic').filter((x) => x.labels[0] === type)) pending.push([[key], d.node, 'a dynamic block']);
  };
  block('retry_policy', 'retryPolicy', [['minimum_backoff', 'minimumBackoff'], ['maximum_backoff', 'maximumBackoff']]);
  block('expiration_policy', 'expirationPolicy', [['ttl', 'ttl']]);
  block('push_config', 'pushConfig', [['push_endpoint', 'pushEndpoint']]);
  // Export subscriptions: Pub/Sub writes the messages itself (kinds/subscription.ts reads `exportTo` from these keys).
  block('bigquery_config', 'bigqueryConfig', []);
  block('cloud_storage_config', 'cloudStorageConfig', []);
  const dlp = blocksOf(text, body, 'dead_letter_policy')[0];
  if (dlp) {
    const o: Record<string, unknown> = {};
    scalar(['deadLetterPolicy', 'maxDeliveryAttempts'], dlp.body, 'max_delivery_attempts', o, 'maxDeliveryAttempts');
    const t = r.attr(res, dlp.body, 'dead_letter_topic');
    if (t) {
      const v = r.loose(text, t.expr);
      if (v instanceof Unsettled) pending.push([['deadLetterPolicy', 'deadLetterTopic'], t.expr, v.reason]);
      else o['deadLetterTopic'] = v;
    }
    model['deadLetterPolicy'] = o;
  }
  for (const d of blocksOf(text, body, 'dynamic').filter((x) => x.labels[0] === 'dead_letter_policy')) pending.push([['deadLetterPolicy'], d.node, 'a dynamic block']);
  const doc = new TfConfigDoc(res.file.path, text, res.index, res.block.node, { kind: 'block', block: res.block.node, body }, shape, model, anchorOf(res));
  for (const [p, n, reason] of pending) record(r, doc, p, res, n, reason);
  r.out.items.push({ kind: 'subscription', doc, value: model });
}

/** Index of heredoc YAML documents: after every resource of the file, so refs never collide. */
const HEREDOC_INDEX_BASE = 100000;

function readParameterVersion(r: ModuleReader, res: TfResource): void {
  const data = r.attr(res, res.block.body, 'parameter_data');
  if (!data) return;
  let expr = data.expr;
  let file = res.file;
  // `parameter_data = local.crema` → the local's expression (possibly in another file of the module).
  const head = expr.children[0];
  if (head?.type === 'variable_expr' && textOf(file.text, head) === 'local' && expr.children.length === 2) {
    const id = child(expr.children[1], 'identifier');
    const l = id ? r.m.locals.get(textOf(file.text, id)) : undefined;
    if (l) {
      expr = l.expr;
      file = l.file;
    }
  }
  const text = file.text;
  const call = expr.children[0]?.type === 'function_call' ? expr.children[0] : undefined;
  const fn = call ? textOf(text, child(call, 'identifier')!) : undefined;
  if (fn === 'yamlencode' || fn === 'jsonencode') {
    const arg = child(call, 'function_arguments')?.children.find((c) => c.type === 'expression');
    const root = arg ? containerOfExpr(arg) : undefined;
    if (!arg || root?.kind !== 'object') {
      r.note(res, data.expr, `${res.type}.${res.name}: parameter_data is ${fn}(…) of something other than an object literal; not read.`);
      return;
    }
    const unsettled: [PathSeg[], HNode, string][] = [];
    const value = settleTree(r, text, root, [], unsettled);
    if (!isCrema(value)) return;
    const doc = new TfConfigDoc(file.path, text, res.index, res.block.node, root, ENCODED_OBJECT_SHAPE, value, anchorOf(res));
    for (const [p, n, reason] of unsettled) record(r, doc, p, { ...res, file }, n, reason);
    r.out.items.push({ kind: 'crema', doc, value: value as Record<string, unknown> });
    return;
  }
  const heredoc = child(child(expr, 'template_expr'), 'heredoc_template');
  if (heredoc) {
    readHeredoc(r, res, file, heredoc);
    return;
  }
  if (fn === 'file') {
    const arg = child(call, 'function_arguments')?.children.find((c) => c.type === 'expression');
    const p = arg ? r.loose(text, arg) : undefined;
    if (typeof p === 'string') {
      const rel = p.replace(/^\$\{path\.(module|root)\}\/|^\.\//, '');
      const target = normalize(`${dirOf(file.path)}/${rel}`);
      r.out.referencedFiles.push(target);
      r.note(res, data.expr, `${res.type}.${res.name}: parameter_data is read from ${target} (reviewed as a YAML file of the workspace).`);
      return;
    }
  }
  r.note(res, data.expr, `${res.type}.${res.name}: parameter_data \`${textOf(text, data.expr).slice(0, 60)}\` cannot be read from this module; not reviewed.`);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (s === '.' || s === '') continue;
    if (s === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(s);
  }
  return (path.startsWith('/') ? '/' : '') + out.join('/');
}

function isCrema(v: unknown): boolean {
  return !!v && typeof v === 'object' && (v as Record<string, unknown>)['kind'] === 'CremaConfig';
}

/** An HCL object/tuple as a plain value; unsettled leaves are left out and recorded. */
function settleTree(r: ModuleReader, text: string, at: HContainer, path: PathSeg[], unsettled: [PathSeg[], HNode, string][]): unknown {
  if (at.kind === 'object') {
    const o: Record<string, unknown> = {};
    for (const e of at.node.children) {
      if (e.type !== 'object_elem' || !e.children[0] || !e.children[1]) continue;
      const k = objectKeyText(text, e.children[0]);
      if (k === undefined) {
        unsettled.push([path, e, 'a computed key']);
        continue;
      }
      const v = settleTree(r, text, containerOfExpr(e.children[1]), [...path, k], unsettled);
      if (v !== undefined) o[k] = v;
    }
    return o;
  }
  if (at.kind === 'tuple') {
    return at.node.children.filter((c) => c.type === 'expression').map((e, i) => settleTree(r, text, containerOfExpr(e), [...path, i], unsettled) ?? null);
  }
  if (at.kind !== 'value') return undefined;
  const v = r.ev.eval(text, at.expr);
  if (!(v instanceof Unsettled)) return v;
  const loose = r.loose(text, at.expr);
  if (typeof loose === 'string') return loose;
  unsettled.push([path, at.expr, v.reason]);
  return undefined;
}

function readHeredoc(r: ModuleReader, res: TfResource, file: TfFile, heredoc: HNode): void {
  const text = file.text;
  const body = heredocBody(text, heredoc);
  if (!body) return;
  // The YAML parser sees the file with everything but the heredoc body blanked (newlines kept), so its node
  // ranges are offsets into the .tf file and YAML edits land inside the heredoc.
  let masked = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    masked += i >= body.start && i < body.end ? text[i] : ch === 10 ? '\n' : ' ';
  }
  const yfile = parseYamlFile(file.path, masked);
  const subst = new Map<string, string | Unsettled>();
  for (const c of heredoc.children.filter((x) => x.type === 'template_interpolation')) {
    const e = child(c, 'expression');
    const v = e ? r.ev.eval(text, e) : new Unsettled('empty');
    subst.set(textOf(text, c), typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : v instanceof Unsettled ? v : new Unsettled('a collection'));
  }
  yfile.docs.forEach((ydoc, k) => {
    if (ydoc.errors.length > 0 || !isCrema(ydoc.value)) {
      if (ydoc.errors.length > 0) r.out.syntax.push({ file: file.path, span: ydoc.errors[0]!.span, message: `YAML error in the heredoc of ${res.type}.${res.name}: ${ydoc.errors[0]!.message}` });
      return;
    }
    const doc = new YamlConfigDoc(yfile, ydoc, HEREDOC_INDEX_BASE + res.index * 100 + k);
    const unsettled: [PathSeg[], HNode, string][] = [];
    const value = substitute(ydoc.value, [], subst, unsettled, heredoc);
    for (const [p, n, reason] of unsettled) record(r, doc, p, { ...res, file }, n, reason);
    r.out.items.push({ kind: 'crema', doc, value: value as Record<string, unknown> });
  });
}

function substitute(v: unknown, path: PathSeg[], subst: Map<string, string | Unsettled>, unsettled: [PathSeg[], HNode, string][], at: HNode): unknown {
  if (typeof v === 'string' && v.includes('${')) {
    let bad: Unsettled | undefined;
    const s = v.replace(/\$\{[^}]*\}/g, (m) => {
      const x = subst.get(m);
      if (typeof x === 'string') return x;
      bad ??= x ?? new Unsettled(m);
      return m;
    });
    if (!bad || !s.slice(s.lastIndexOf('/') + 1).includes('${')) return s;
    unsettled.push([path, at, bad.reason]);
    return undefined;
  }
  if (Array.isArray(v)) return v.map((x, i) => substitute(x, [...path, i], subst, unsettled, at) ?? null);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = substitute(x, [...path, k], subst, unsettled, at);
      if (y !== undefined) o[k] = y;
    }
    return o;
  }
  return v;
}

export { asBlock };
