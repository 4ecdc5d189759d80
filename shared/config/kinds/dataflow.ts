/**
 * Config Connector Dataflow jobs (`dataflow.cnrm.cloud.google.com`, kinds `DataflowFlexTemplateJob` and
 * `DataflowJob`): which subscriptions their `spec.parameters` name. Google's streaming templates take the
 * subscription as `inputSubscription` (`projects/P/subscriptions/S`); any parameter whose key names a subscription,
 * or whose value is a subscription path, counts (docs/sources.md#subscriptions-read-by-dataflow).
 */
import type { DataflowRead } from '../model.ts';
import { shortName } from '../quantity.ts';
import { asRecord } from './context.ts';

/** Kinds of Config Connector's Dataflow API group that run a job reading `spec.parameters`. */
export const DATAFLOW_KINDS: ReadonlySet<string> = new Set(['DataflowFlexTemplateJob', 'DataflowJob']);

/** A parameter that names the subscription a job reads: by its key, or by a `…/subscriptions/NAME` value. */
export function subscriptionParameter(key: string, value: string): string | undefined {
  const path = /(?:^|\/)subscriptions\/([^/\s]+)$/.exec(value);
  if (path) return path[1];
  return /subscription/i.test(key) && value.trim() !== '' && !/\s/.test(value) ? shortName(value) : undefined;
}

export function normalizeDataflowJob(ref: DataflowRead['ref'], root: Record<string, unknown>): DataflowRead[] {
  const job = asRecord(root['metadata'])?.['name'];
  const parameters = asRecord(asRecord(root['spec'])?.['parameters']);
  const out: DataflowRead[] = [];
  for (const [key, v] of Object.entries(parameters ?? {})) {
    const subscription = typeof v === 'string' ? subscriptionParameter(key, v) : undefined;
    if (subscription) out.push({ kind: 'DataflowRead', ref, job: typeof job === 'string' ? job : '(unnamed job)', subscription, parameter: key });
  }
  return out;
}
