/**
 * Terraform Dataflow jobs (`google_dataflow_flex_template_job`, `google_dataflow_job`): the subscriptions their
 * `parameters` map names, by a reference to a `google_pubsub_subscription` of the module or by a settled
 * `projects/P/subscriptions/S` value (docs/sources.md#subscriptions-read-by-dataflow; the same test as
 * kinds/dataflow.ts for Config Connector).
 */
import type { DataflowRead } from '../model.ts';
import { shortName } from '../quantity.ts';
import { subscriptionParameter } from '../kinds/dataflow.ts';
import type { Evaluator } from './evaluate.ts';
import type { TfModule, TfResource } from './module.ts';
import { asAttribute, textOf, type HNode } from './syntax.ts';

export const DATAFLOW_JOB_TYPES: ReadonlySet<string> = new Set(['google_dataflow_flex_template_job', 'google_dataflow_job']);

const SUBSCRIPTION_REF = /\bgoogle_pubsub_subscription\.([A-Za-z_][\w-]*)\.(?:id|name|path)\b/;

export function readDataflowJob(m: TfModule, ev: Evaluator, res: TfResource): DataflowRead[] {
  const text = res.file.text;
  const params = res.block.body?.children.map((c) => asAttribute(text, c)).find((a) => a?.name === 'parameters');
  // The map as written, or the maps inside `merge({ … }, …)`.
  const objects = params ? ofType(params.expr, 'object', 8) : [];
  const out: DataflowRead[] = [];
  for (const e of objects.flatMap((o) => o.children)) {
    if (e.type !== 'object_elem' || !e.children[1]) continue;
    const key = ev.objectKey(text, e.children[0]);
    if (typeof key !== 'string') continue;
    const subscription = referenced(m, ev, textOf(text, e.children[1])) ?? settled(ev, text, key, e.children[1]);
    if (subscription) out.push({ kind: 'DataflowRead', ref: { file: res.file.path, docIndex: res.index }, job: `${res.type}.${res.name}`, subscription, parameter: key });
  }
  return out;
}

/** `google_pubsub_subscription.x.id` (or `.name`, `.path`, inside an interpolation too): that resource's short name. */
function referenced(m: TfModule, ev: Evaluator, written: string): string | undefined {
  const ref = SUBSCRIPTION_REF.exec(written);
  const target = ref ? m.byAddress.get(`google_pubsub_subscription.${ref[1]}`) : undefined;
  const name = target ? ev.resourceAttr(target, ['name']) : undefined;
  return typeof name === 'string' ? shortName(name) : undefined;
}

function settled(ev: Evaluator, text: string, key: string, expr: HNode): string | undefined {
  const v = ev.symbolic(text, expr);
  return typeof v === 'string' ? subscriptionParameter(key, v) : undefined;
}

function ofType(n: HNode, type: string, depth: number): HNode[] {
  if (n.type === type) return [n];
  return depth === 0 ? [] : n.children.flatMap((c) => ofType(c, type, depth - 1));
}
