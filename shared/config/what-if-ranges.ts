/**
 * The one range table for what-if settings, shared by `pool-tuner simulate --set` and the MCP `simulate_pool`
 * tool: values outside what the real APIs accept are refused with the allowed range, never rounded or clamped.
 * Sources: Pub/Sub subscription fields (cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions:
 * ackDeadlineSeconds 10–600, retryPolicy backoffs 0–600 s, deadLetterPolicy.maxDeliveryAttempts 5–100), Cloud Run
 * worker pools (cloud.google.com/run/docs/deploy-worker-pools: manual instance count, a whole number ≥ 0), KEDA
 * ScaledObject (keda.sh/docs/latest/reference/scaledobject-spec: min/max replica counts are integers; the HPA's
 * stabilizationWindowSeconds is 0–3600, kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale).
 * Concurrency is a whole number of messages a client holds at once (its flow-control maxMessages) and at least 1.
 */
import type { WhatIfKey } from '../tune/what-if.ts';

export interface WhatIfRange {
  min: number;
  max: number;
  /** The API takes whole numbers only. */
  integer: boolean;
  /** True when `min` itself is not allowed (a target backlog of 0 means nothing). */
  minExclusive?: boolean;
  unit: string;
}

export const WHAT_IF_RANGES: Readonly<Record<WhatIfKey, WhatIfRange>> = {
  concurrency: { min: 1, max: 100_000, integer: true, unit: 'messages per instance' },
  instances: { min: 0, max: 1000, integer: true, unit: 'instances' },
  target: { min: 0, max: 1_000_000, integer: false, minExclusive: true, unit: 'messages of backlog per instance' },
  minReplicas: { min: 0, max: 1000, integer: true, unit: 'instances' },
  maxReplicas: { min: 1, max: 1000, integer: true, unit: 'instances' },
  scaleDownWindow: { min: 0, max: 3600, integer: true, unit: 'seconds' },
  ackDeadline: { min: 10, max: 600, integer: true, unit: 'seconds' },
  minBackoff: { min: 0, max: 600, integer: false, unit: 'seconds' },
  maxBackoff: { min: 0, max: 600, integer: false, unit: 'seconds' },
  attempts: { min: 5, max: 100, integer: true, unit: 'delivery attempts' },
  rate: { min: 0, max: 1_000_000, integer: false, minExclusive: true, unit: 'messages per second' },
  processing: { min: 0, max: 86_400, integer: false, minExclusive: true, unit: 'seconds per message' },
  failure: { min: 0, max: 1, integer: false, unit: 'share of deliveries that fail' },
};

/** "a whole number from 10 to 600 (seconds)", "a number above 0, up to 1000000 (messages per second)". */
export function describeRange(r: WhatIfRange): string {
  const kind = r.integer ? 'a whole number' : 'a number';
  const lower = r.minExclusive ? `above ${r.min}, up to ${r.max}` : `from ${r.min} to ${r.max}`;
  return `${kind} ${lower} (${r.unit})`;
}

/** Undefined when `value` is allowed for `key`; otherwise one line naming the key, the allowed range and the value. */
export function whatIfValueError(key: WhatIfKey, value: number): string | undefined {
  const r = WHAT_IF_RANGES[key];
  const ok = Number.isFinite(value) && (r.minExclusive ? value > r.min : value >= r.min) && value <= r.max && (!r.integer || Number.isInteger(value));
  return ok ? undefined : `${key} must be ${describeRange(r)}; got ${value}`;
}

/** Checks a whole set; throws nothing, returns every problem (one line each). */
export function whatIfErrors(sets: Partial<Record<WhatIfKey, number>>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(sets) as [WhatIfKey, number][]) {
    const e = whatIfValueError(k, v);
    if (e) out.push(e);
  }
  if (sets.minBackoff !== undefined && sets.maxBackoff !== undefined && sets.minBackoff > sets.maxBackoff) out.push(`minBackoff (${sets.minBackoff}) must not exceed maxBackoff (${sets.maxBackoff})`);
  if (sets.minReplicas !== undefined && sets.maxReplicas !== undefined && sets.minReplicas > sets.maxReplicas) out.push(`minReplicas (${sets.minReplicas}) must not exceed maxReplicas (${sets.maxReplicas})`);
  return out;
}
