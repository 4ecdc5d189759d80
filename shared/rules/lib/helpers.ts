/** Small lookups the config rules share: which pool owns a document, effective defaults, raw values, near names. */
import type { Pool, Scaler, Subscription, WorkerPool } from '../../config/model.ts';
import type { PathSeg } from '../../config/yaml-source.ts';
import type { TextEdit } from '../../config/edits.ts';
import { docOf } from '../../config/workspace.ts';
import type { YamlTree } from '../../config/yaml-edit.ts';
import type { RuleContext } from '../types.ts';
import { WP } from '../../config/kinds/worker-pool.ts';
import { ACK_DEADLINE, CPU_AUTOSCALING_DEFAULTS, DELIVERY_ATTEMPTS, SCALER_DEFAULTS } from './limits.ts';

export function poolOfSubscription(ctx: RuleContext, sub: Subscription): Pool | undefined {
  return ctx.pools.find((p) => p.subscriptions.includes(sub));
}

export function poolOfScaler(ctx: RuleContext, sc: Scaler): Pool | undefined {
  return ctx.pools.find((p) => p.scaler === sc);
}

export function poolOfWorkerPool(ctx: RuleContext, wp: WorkerPool): Pool | undefined {
  return ctx.pools.find((p) => p.workerPool === wp);
}

/** docs/sources.md#subscription-fields: an unset or 0 ack deadline is the default of 10 s. */
export function effectiveAckSec(sub: Subscription): number {
  return sub.ackDeadlineSec === undefined || sub.ackDeadlineSec === 0 ? ACK_DEADLINE.defaultSec : sub.ackDeadlineSec;
}

/** docs/sources.md#subscription-fields: an unset or 0 maxDeliveryAttempts is the default of 5. */
export function effectiveDeliveryAttempts(sub: Subscription): number {
  return sub.maxDeliveryAttempts === undefined || sub.maxDeliveryAttempts === 0 ? DELIVERY_ATTEMPTS.default : sub.maxDeliveryAttempts;
}

/** The scalar value written at `path` in the document behind `at` (as parsed; Terraform: when settled), or undefined. */
export function rawScalar(ctx: RuleContext, at: { ref: { file: string; docIndex: number } }, path: readonly PathSeg[]): unknown {
  const v = docOf(ctx.ws, at.ref)?.value(path);
  return v !== null && typeof v === 'object' ? undefined : v;
}

/** Project of a resource path `projects/P/...`, or undefined for a short name. */
export function projectOfPath(path: string | undefined): string | undefined {
  const m = path ? /^projects\/([^/]+)\//.exec(path) : null;
  return m ? m[1] : undefined;
}

/** Replaces the last segment of a resource path: `projects/p/topics/a` + `b` → `projects/p/topics/b`. */
export function withLastSegment(path: string, name: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? name : `${path.slice(0, i + 1)}${name}`;
}

/** Levenshtein distance (small strings only: resource names). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The candidate nearest to `name` when it is plausibly a typo of it (distance ≤ 1/3 of the length), else undefined. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of new Set(candidates)) {
    const d = editDistance(name, c);
    if (!best || d < best.d) best = { c, d };
  }
  return best && best.d > 0 && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.c : undefined;
}

/** `PAYMENTS_API_KEY` → `payments-api-key` (a Secret Manager id derived from an env var name). */
export function kebabCase(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Formats MiB as a Kubernetes quantity (`16Gi`, `768Mi`). */
export function formatMiB(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${Math.ceil(mib)}Mi`;
}

/** Where a pool's instance ceiling is written and what it is when not written. */
export interface InstanceBound {
  value: number;
  /** False when the default applies (CREMA/KEDA 100, CPU autoscaling 100). */
  explicit: boolean;
  at: { ref: { file: string; docIndex: number } };
  path: PathSeg[];
  /** Name as the user writes it, for messages and titles. */
  field: string;
  /** Annotations are strings (`'20'`); scaler fields are numbers. */
  asString: boolean;
}

/**
 * The ceiling on a pool's instances: the scaler's `maxReplicaCount` (default 100, docs/sources.md#crema/#keda-scaledobject-defaults) or, without a
 * scaler, the worker pool's `run.googleapis.com/maxScale` in automatic mode (default 100, docs/sources.md#worker-pool-scaling-modes). Manual mode has no
 * ceiling to speak of (the count is fixed), so undefined.
 */
export function maxInstancesOf(pool: Pool): InstanceBound | undefined {
  const sc = pool.scaler;
  if (sc) {
    return { value: sc.maxReplicas ?? SCALER_DEFAULTS.maxReplicas, explicit: sc.maxReplicas !== undefined, at: sc, path: [...sc.basePath, 'maxReplicaCount'], field: 'maxReplicaCount', asString: false };
  }
  const wp = pool.workerPool;
  if (wp?.scalingMode === 'automatic') {
    return { value: wp.maxInstances ?? CPU_AUTOSCALING_DEFAULTS.maxInstances, explicit: wp.maxInstances !== undefined, at: wp, path: [...WP.maxScale], field: 'run.googleapis.com/maxScale', asString: true };
  }
  return undefined;
}

/**
 * An edit replacing the whole entry at `path` (its lines, including a trailing comment) with the entry `key: tree`,
 * indented like it. Undefined when the entry shares its line with something else (flow style, `- key:`).
 */
export function replaceEntryEdit(ctx: RuleContext, at: { ref: { file: string; docIndex: number } }, path: readonly PathSeg[], key: string, tree: YamlTree): TextEdit | undefined {
  return docOf(ctx.ws, at.ref)?.replaceEntryEdit(path, key, tree);
}
