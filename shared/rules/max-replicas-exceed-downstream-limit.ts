import type { Rule, RuleContext } from './types.ts';
import type { Pool } from '../config/model.ts';
import { maxInstancesOf, type InstanceBound } from './lib/helpers.ts';
import { CLIENT_DEFAULT_MAX_MESSAGES } from './lib/limits.ts';
import type { TextEdit } from '../config/edits.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { rateBasis } from '../tune/current.ts';
import { ratePerInstancePerSec } from '../model/cpu.ts';
import type { PoolModel } from '../model/pool-model.ts';

interface Cap {
  /** Largest instance count the downstream tolerates. */
  instances: number;
  why: string;
}

/**
 * docs/sources.md#heuristics/#concurrency-bounds: keep `concurrency × instances ≤ what the dependency accepts` (or `throughput ≤ its rate limit`).
 * In-flight at the ceiling = concurrency × maxInstances. Throughput at the ceiling, by Little's law with every slot
 * busy (L = λW ⇒ λ = L / W): concurrency ÷ processingTimeSec per instance, times maxInstances. Concurrency without an
 * env var is the client default of 1000 outstanding messages (docs/sources.md#client-flow-control-and-leases).
 */
export const rule: Rule = {
  meta: {
    id: 'max-replicas-exceed-downstream-limit',
    title: 'Instance ceiling lets the pool exceed its downstream limit',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'At its maximum instance count the pool would hold more requests in flight, or send more per second, than the declared downstream limit: a backlog spike scales straight into throttling or an outage of the dependency.',
    remediation: 'Cap maxReplicaCount (or maxScale) at downstream limit ÷ per-instance load, or lower per-instance concurrency.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      // pool.scaler is the worker pool's own scaler: link.ts never attaches a Cloud Run service's scaler to it.
      const bound = maxInstancesOf(pool) ?? manualCountOf(pool);
      if (!bound) continue;
      const violated = downstreamCaps(ctx, pool).filter((c) => c.instances < bound.value);
      const cap = violated.reduce<Cap | undefined>((a, b) => (!a || b.instances < a.instances ? b : a), undefined);
      if (cap) reportCap(ctx, pool, bound, cap);
      else if (!bound.explicit) reportUnverifiable(ctx, pool, bound);
    }
  },
};

function reportCap(ctx: RuleContext, pool: Pool, bound: InstanceBound, cap: Cap): void {
  // A cap of 0: one instance's concurrency alone exceeds the limit, so no ceiling helps; lowering concurrency does.
  const target = cap.instances;
  const edits = target >= 1 ? ceilingEdits(ctx, pool, bound, target) : undefined;
  const tail = target >= 1 ? '' : ' Even one instance exceeds it: lower the per-instance concurrency.';
  ctx.report({
    message: `Pool "${pool.name}" ${isManual(bound) ? 'runs' : 'may scale to'} ${bound.value} instances${bound.explicit ? '' : ' (the default)'}; its downstream allows only ${cap.instances} (${cap.why}).${tail}`,
    file: bound.at.ref.file,
    span: ctx.span(bound.at, bound.path, bound.explicit ? 'value' : 'key'),
    pool: pool.name,
    suggestions: edits ? [{ title: `Set ${bound.field} to ${target} (${cap.why})${edits.length > 1 ? `, and the minimum down to ${target} with it` : ''}`, edits }] : undefined,
    data: { ...figures(pool, bound), ...(target >= 1 ? { suggestedMaxInstances: target } : {}) },
  });
}

/**
 * A manual pool without a scaler runs exactly `run.googleapis.com/manualInstanceCount` instances (docs/sources.md#worker-pool-scaling-modes), so
 * that count is its ceiling. Only an explicit count is checked (an unset one is Cloud Run's default of 1).
 */
function manualCountOf(pool: Pool): InstanceBound | undefined {
  const wp = pool.workerPool;
  if (!wp || pool.scaler || wp.scalingMode === 'automatic' || wp.manualInstanceCount === undefined) return undefined;
  return { value: wp.manualInstanceCount, explicit: true, at: wp, path: [...WP.manualInstanceCount], field: MANUAL_FIELD, asString: true };
}

const MANUAL_FIELD = 'run.googleapis.com/manualInstanceCount';
const isManual = (b: InstanceBound) => b.field === MANUAL_FIELD;

/**
 * The edit setting the ceiling, plus one lowering the floor (`minReplicaCount` / `minScale`) when it sits above the
 * new ceiling: KEDA rejects a minimum above the maximum, and CREMA clamps to `[min, max]` (docs/sources.md#crema).
 */
function ceilingEdits(ctx: RuleContext, pool: Pool, bound: InstanceBound, target: number): TextEdit[] | undefined {
  const max = ctx.setEdit(bound.at, bound.path, bound.asString ? String(target) : target);
  if (!max) return undefined;
  const sc = pool.scaler;
  const min = sc ? sc.minReplicas : isManual(bound) ? undefined : pool.workerPool?.minInstances;
  if (min === undefined || min <= target) return [max];
  const minEdit = sc ? ctx.setEdit(sc, [...sc.basePath, 'minReplicaCount'], target) : pool.workerPool ? ctx.setEdit(pool.workerPool, [...WP.minScale], String(target)) : undefined;
  return minEdit ? [max, minEdit] : undefined;
}

/**
 * The ceiling is the default and the downstream has a rate limit but no processing time is declared: no cap can be
 * computed, but Little's law gives the processing time below which the default ceiling overruns the limit:
 * N × c ÷ W > limit ⇔ W < N × c ÷ limit.
 */
function reportUnverifiable(ctx: RuleContext, pool: Pool, bound: InstanceBound): void {
  const limit = pool.settings?.downstreamLimitPerSec;
  if (limit === undefined || processingFor(ctx, pool) !== undefined) return;
  const c = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const breakEvenSec = (bound.value * c) / limit;
  ctx.report({
    message: `Pool "${pool.name}" may scale to ${bound.value} instances (the default ${bound.field}) with ${c} messages in flight each; that stays under the ${limit} msg/s downstream limit only if a message takes ${round(breakEvenSec)} s or more. Declare processingTimeSec, or set ${bound.field}.`,
    file: bound.at.ref.file,
    span: ctx.span(bound.at, bound.path, 'key'),
    pool: pool.name,
    data: { ...figures(pool, bound), breakEvenProcessingSec: breakEvenSec },
  });
}

function figures(pool: Pool, bound: InstanceBound): Record<string, number | boolean> {
  const s = pool.settings;
  return {
    maxInstances: bound.value, maxInstancesExplicit: bound.explicit,
    concurrency: pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES, concurrencyAssumed: !pool.concurrency,
    ...(s?.downstreamMaxInFlight !== undefined ? { downstreamMaxInFlight: s.downstreamMaxInFlight } : {}),
    ...(s?.downstreamLimitPerSec !== undefined ? { downstreamLimitPerSec: s.downstreamLimitPerSec } : {}),
    ...(s?.processingTimeSec !== undefined ? { processingTimeSec: s.processingTimeSec } : {}),
  };
}

/**
 * The processing time the rate-limit cap uses, as the tuner's instance ceiling does (tune/current.ts `rateBasis`):
 * with metrics, the shorter of the declared time and the pool model's measured mean (more throughput per instance,
 * so fewer instances fit: conservative); without, the declared one. Undefined when neither is known.
 */
function processingFor(ctx: RuleContext, pool: Pool): { sec: number; text: string; model?: PoolModel } | undefined {
  const declared = pool.settings?.processingTimeSec;
  const model = ctx.metrics?.forPool(pool.name) ? poolModelOf(ctx, pool) : undefined;
  const measuredMs = model?.figures?.processingTimeMs?.mean;
  if (measuredMs === undefined || !(measuredMs > 0)) return declared === undefined ? undefined : { sec: declared, text: `${declared} s` };
  const basis = rateBasis(declared, measuredMs / 1000);
  const text = declared !== undefined && basis.sec === declared ? `${declared} s` : `${round(basis.sec)} s measured mean processing`;
  return { sec: basis.sec, text, model };
}

function downstreamCaps(ctx: RuleContext, pool: Pool): Cap[] {
  const s = pool.settings;
  if (!s) return [];
  const processing = processingFor(ctx, pool);
  const c = pool.concurrency?.value ?? CLIENT_DEFAULT_MAX_MESSAGES;
  const cText = pool.concurrency ? `concurrency ${c}` : `client default concurrency ${c}`;
  const caps: Cap[] = [];
  if (s.downstreamMaxInFlight !== undefined && c > 0) {
    caps.push({ instances: Math.floor(s.downstreamMaxInFlight / c), why: `${s.downstreamMaxInFlight} in flight downstream ÷ ${cText}` });
  }
  if (s.downstreamLimitPerSec !== undefined && processing !== undefined && c > 0) {
    // The same per-instance rate the tuner's ceiling divides by (model/cpu.ts): slots ÷ processing, or the CPU-bound
    // rate of the pool model when the CPU saturates first.
    const m = processing.model;
    const perInstancePerSec = ratePerInstancePerSec(c, processing.sec, m ? { cpu: m.cpu, vcpu: m.shape.vcpu } : undefined);
    const cpuBound = perInstancePerSec < c / processing.sec;
    caps.push({
      instances: Math.floor(s.downstreamLimitPerSec / perInstancePerSec),
      why: `${s.downstreamLimitPerSec} msg/s downstream ÷ ${round(perInstancePerSec)} msg/s per instance, i.e. ${cpuBound ? `CPU-bound at ${cText} (${round(m!.cpu!.secPerMessage)} CPU-s per message)` : `${cText} ÷ ${processing.text}`}`,
    });
  }
  return caps;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}
