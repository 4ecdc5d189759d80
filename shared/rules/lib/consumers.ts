/** Who consumes a subscription when it is not a worker pool: a Dataflow job in the files. */
import type { DataflowRead, Subscription } from '../../config/model.ts';
import type { RuleContext } from '../types.ts';
import { poolOfSubscription } from './helpers.ts';

/**
 * The Dataflow job that reads `sub`, when one in the files names it and no worker pool or scaler of the workspace
 * reads it too. Dataflow acks on its own terms and does not support Pub/Sub dead-letter topics or retry policies
 * (docs/sources.md#subscriptions-read-by-dataflow), so rules about a worker's nacks and redeliveries do not apply.
 */
export function dataflowReaderOf(ctx: RuleContext, sub: Subscription): DataflowRead | undefined {
  const read = ctx.ws.dataflowReads.find((d) => d.subscription === sub.name);
  if (!read) return undefined;
  const pool = poolOfSubscription(ctx, sub);
  return pool?.workerPool || pool?.scaler ? undefined : read;
}
