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
  /**
   * With several subscriptions: the HCL expressions of their names (a reference, or a quoted literal for one declared
   * elsewhere), which terraform.ts joins into the local the selector's regex reads.
   */
  subscriptionNames?: string[];
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

export const dirOf = (file: string) => {
  const f = file.split('\\').join('/');
  return f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '.';
};

/** The folder of the Terraform module that declares the pool's first subscription; undefined when it is not a Terraform resource. */
export function moduleDirOf(ws: Workspace, pool: Pool): string | undefined {
  const sub = pool.subscriptions[0];
  return sub && resourceAddress(ws, sub.ref) ? dirOf(sub.ref.file) : undefined;
}

export function tfTargets(ws: Workspace, pool: Pool, literal: Targets): TfTargets | undefined {
  const sub = pool.subscriptions[0];
  const subAddr = resourceAddress(ws, sub?.ref);
  if (!sub || !subAddr) return undefined;
  const wpAddr = resourceAddress(ws, pool.workerPool?.ref);
  // A worker pool from elsewhere (YAML, another module) keeps its literal name.
  const workerPool = wpAddr ? { workerPool: `\${${wpAddr}.name}`, region: `\${${wpAddr}.location}` } : {
    ...(literal.workerPool ? { workerPool: literal.workerPool } : {}), ...(literal.region ? { region: literal.region } : {}),
  };
  const subs = [...new Map(pool.subscriptions.map((s) => [s.name, s] as const)).values()];
  const names = subs.map((s) => {
    const addr = resourceAddress(ws, s.ref);
    return addr ? `${addr}.name` : JSON.stringify(s.name);
  });
  return {
    targets: {
      subscription: `\${${subAddr}.name}`, project: `\${${subAddr}.project}`, ...workerPool,
      ...(subs.length > 1 ? { subscriptionPattern: `\${local.${subscriptionsLocal(pool.name)}}` } : {}),
    },
    ...(subs.length > 1 ? { subscriptionNames: names } : {}),
    moduleDir: dirOf(sub.ref.file),
  };
}

/** The local holding the regex of a pool's subscriptions (terraform.ts declares it). */
export const subscriptionsLocal = (pool: string) => `pool_tuner_${pool.replace(/[^A-Za-z0-9_]/g, '_')}_subscriptions`;
