/**
 * For a pool whose subscription and worker pool are Terraform resources: references to those resources, so the
 * generated alert policies and dashboard follow the module (`${google_pubsub_subscription.orders.name}`) instead of
 * repeating literals, and the folder (the module) the generated file belongs in.
 */
import type { Pool } from '../config/model.ts';
import { docOf, type Workspace } from '../config/workspace.ts';
import type { Targets } from './promql.ts';

export interface TfTargets {
  targets: Targets;
  /** Folder of the module that declares the subscription (the generated .tf goes beside it). */
  moduleDir: string;
}

/** `TYPE.NAME` of the resource a document stands for, when it is a Terraform resource block. */
export function resourceAddress(ws: Workspace, ref: { file: string; docIndex: number } | undefined): string | undefined {
  if (!ref) return undefined;
  const doc = docOf(ws, ref);
  if (!doc || doc.language !== 'terraform') return undefined;
  const text = ws.files.get(doc.file)?.text ?? '';
  const m = /^resource\s+"([A-Za-z0-9_-]+)"\s+"([A-Za-z0-9_-]+)"/.exec(text.slice(doc.start));
  return m ? `${m[1]}.${m[2]}` : undefined;
}

const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.');

export function tfTargets(ws: Workspace, pool: Pool, literal: Targets): TfTargets | undefined {
  const sub = pool.subscriptions[0];
  const subAddr = resourceAddress(ws, sub?.ref);
  if (!sub || !subAddr) return undefined;
  const wpAddr = resourceAddress(ws, pool.workerPool?.ref);
  // A worker pool from elsewhere (YAML, another module) keeps its literal name.
  const workerPool = wpAddr ? { workerPool: `\${${wpAddr}.name}`, region: `\${${wpAddr}.location}` } : {
    ...(literal.workerPool ? { workerPool: literal.workerPool } : {}), ...(literal.region ? { region: literal.region } : {}),
  };
  return {
    targets: { subscription: `\${${subAddr}.name}`, project: `\${${subAddr}.project}`, ...workerPool },
    moduleDir: dirOf(sub.ref.file.split('\\').join('/')),
  };
}
