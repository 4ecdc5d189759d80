/**
 * The files `observe` writes. JSON: per pool, one AlertPolicy per file (`gcloud monitoring policies create
 * --policy-from-file` takes one) and the dashboard (`gcloud monitoring dashboards create --config-from-file`).
 * Terraform: pools declared in a Terraform module get `pool-tuner-observe.tf` beside the module (or in `outDir`),
 * referencing the module's resources; the other pools share one file with literal names. Pure: the caller writes.
 */
import type { Workspace } from '../config/workspace.ts';
import type { ObserveOutput } from './schema.ts';
import { terraformFile, TF_FILE, type TfPool } from './terraform.ts';
import { dirOf, moduleDirOf, tfTargets } from './tf-refs.ts';
import { formatObserveMarkdown } from './render.ts';

export interface OutFile {
  path: string;
  text: string;
}

const join = (dir: string, name: string) => (dir === '.' || dir === '' ? name : `${dir.replace(/\/+$/, '')}/${name}`);
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export function jsonFiles(out: ObserveOutput, outDir: string): OutFile[] {
  return out.pools.flatMap((p) => [
    ...p.alerts.map((a, i) => ({ path: join(outDir, `${p.pool}/alert-${a.kind}.json`), text: json(p.policies[i]) })),
    ...(p.alerts.length ? [{ path: join(outDir, `${p.pool}/dashboard.json`), text: json(p.dashboard) }] : []),
  ]);
}

/**
 * Terraform files, one per folder (the channels variable is declared once per module). `outDir` undefined: beside
 * each pool's module; pools outside a module go to `fallbackDir` with literal names.
 */
export function terraformFiles(out: ObserveOutput, ws: Workspace, outDir: string | undefined, fallbackDir = '.'): OutFile[] {
  const byDir = new Map<string, { pools: TfPool[]; modules: Set<string> }>();
  for (const observed of out.pools) {
    const pool = ws.pools.find((p) => p.name === observed.pool);
    if (!pool || !observed.targets || observed.alerts.length === 0) continue;
    const tf = tfTargets(ws, pool, observed.targets);
    const dir = outDir ?? (tf ? tf.moduleDir : fallbackDir);
    const e = byDir.get(dir) ?? { pools: [], modules: new Set<string>() };
    e.pools.push({ observed, ...(tf ? { refs: tf.targets } : {}), ...(tf?.subscriptionNames ? { subscriptionNames: tf.subscriptionNames } : {}) });
    if (tf) e.modules.add(tf.moduleDir);
    byDir.set(dir, e);
  }
  return [...byDir].map(([dir, e]) => {
    const names = e.pools.map((p) => p.observed.pool).join(', ');
    const header = e.modules.size ? `Pools of the Terraform module in ${[...e.modules].join(', ')}: ${names}; place this file in that module.` : `Pools declared in YAML: ${names} (literal names).`;
    return { path: join(dir, TF_FILE), text: terraformFile(e.pools, out.notificationChannels, header) };
  });
}

export function markdownFiles(out: ObserveOutput, outDir: string): OutFile[] {
  return [{ path: join(outDir, 'observe.md'), text: formatObserveMarkdown(out) }];
}

/**
 * Where one pool's alerts are written by a front that generates them for one pool (the editor's "Generate alerts
 * for this pool"): a pool of a Terraform module gets the module's `pool-tuner-observe.tf`, which holds every pool of
 * that module (the file declares the channels variable once, as `observe --format terraform` writes it), so `pools`
 * lists them all; a YAML pool gets its JSON in `monitoring/` beside its worker pool (else its subscription) file.
 * Undefined when the pool has no subscription to alert on.
 */
export interface PoolFileTarget {
  format: 'terraform' | 'json';
  dir: string;
  /** The pools whose alerts go into these files (observe each, then `poolAlertFiles`). */
  pools: string[];
}

export function poolFileTarget(ws: Workspace, poolName: string): PoolFileTarget | undefined {
  const pool = ws.pools.find((p) => p.name === poolName);
  const sub = pool?.subscriptions[0];
  if (!pool || !sub) return undefined;
  const module = moduleDirOf(ws, pool);
  if (module !== undefined) return { format: 'terraform', dir: module, pools: ws.pools.filter((p) => moduleDirOf(ws, p) === module).map((p) => p.name) };
  return { format: 'json', dir: join(dirOf(pool.workerPool?.ref.file ?? sub.ref.file), 'monitoring'), pools: [pool.name] };
}

/** The files of a target, from the observed pools it lists. */
export function poolAlertFiles(target: PoolFileTarget, out: ObserveOutput, ws: Workspace): OutFile[] {
  return target.format === 'terraform' ? terraformFiles(out, ws, undefined, target.dir) : jsonFiles(out, target.dir);
}

/**
 * Every observed pool's files beside its own files (the targets of `poolFileTarget`): one pool-tuner-observe.tf per
 * Terraform module with the module's pools, JSON under monitoring/<pool>/ beside each YAML pool. The GitHub Action
 * proposes these in a pull request.
 */
export function filesBesidePools(out: ObserveOutput, ws: Workspace): OutFile[] {
  const groups = new Map<string, { target: PoolFileTarget; pools: ObserveOutput['pools'] }>();
  for (const p of out.pools) {
    const target = poolFileTarget(ws, p.pool);
    if (!target || p.alerts.length === 0) continue;
    const key = `${target.format}:${target.dir}`;
    const g = groups.get(key) ?? { target, pools: [] };
    g.pools.push(p);
    groups.set(key, g);
  }
  return [...groups.values()].flatMap((g) => poolAlertFiles(g.target, { ...out, pools: g.pools }, ws));
}

/**
 * The smallest whole-line change from `oldText` to `newText`: the lines both share at the start and the end are
 * kept, the rest is one edit (offsets into `oldText`). Undefined when the texts are equal.
 */
export function lineChange(oldText: string, newText: string): { span: { start: number; end: number }; newText: string } | undefined {
  if (oldText === newText) return undefined;
  const a = oldText.split(/(?<=\n)/);
  const b = newText.split(/(?<=\n)/);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const start = a.slice(0, head).join('').length;
  const end = oldText.length - a.slice(a.length - tail).join('').length;
  return { span: { start, end }, newText: b.slice(head, b.length - tail).join('') };
}
