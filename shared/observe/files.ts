/**
 * The files `observe` writes. JSON: per pool, one AlertPolicy per file (`gcloud monitoring policies create
 * --policy-from-file` takes one) and the dashboard (`gcloud monitoring dashboards create --config-from-file`).
 * Terraform: pools declared in a Terraform module get `pool-tuner-observe.tf` beside the module (or in `outDir`),
 * referencing the module's resources; the other pools share one file with literal names. Pure: the caller writes.
 */
import type { Workspace } from '../config/workspace.ts';
import type { ObserveOutput } from './schema.ts';
import { terraformFile, TF_FILE, type TfPool } from './terraform.ts';
import { tfTargets } from './tf-refs.ts';
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
