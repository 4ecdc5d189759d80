import type { Rule } from './types.ts';
import { effectiveAckSec, poolOfSubscription } from './lib/helpers.ts';
import { EXACTLY_ONCE_MIN_ACK_SEC } from './lib/limits.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { subscriptionAckDeadline } from '../model/ack-deadline.ts';

/**
 * docs/sources.md#ack-deadlines: under exactly-once only the latest ack ID is valid and the deadline is honoured strictly; clients
 * should set a high minimum lease extension. docs/sources.md#client-flow-control-and-leases: the Node client itself floors the deadline at 60 s under EOD.
 */
export const rule: Rule = {
  meta: {
    id: 'exactly-once-short-ack-deadline',
    title: 'Exactly-once delivery with an ack deadline under 60 s',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'With exactly-once delivery an ack that arrives after the deadline fails and the message is redelivered; a short initial deadline makes that likely before the client\'s first lease extension.',
    remediation: 'Set ackDeadlineSeconds to at least 60 on exactly-once subscriptions.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sub of ctx.ws.subscriptions) {
      const ackSec = effectiveAckSec(sub);
      // Export subscriptions have no consumer to ack late (docs/sources.md#export-subscriptions).
      if (!sub.exactlyOnce || sub.exportTo || ackSec >= EXACTLY_ONCE_MIN_ACK_SEC) continue;
      const path = [...sub.basePath, 'ackDeadlineSeconds'];
      // The tuner's deadline (model/ack-deadline.ts): ≥ 60 s, and covering the pool model's p99 × 1.3, so it also
      // passes ack-deadline-below-processing-time and ack-deadline-below-p99.
      const pool = poolOfSubscription(ctx, sub);
      const ack = subscriptionAckDeadline(pool ? poolModelOf(ctx, pool) : undefined, sub);
      const target = { sec: ack.ackDeadlineSec, why: ack.why };
      const edit = ctx.setEdit(sub, path, target.sec);
      ctx.report({
        message: `Subscription "${sub.name}" uses exactly-once delivery with a ${ackSec} s ack deadline; late acks fail and the message is redelivered.`,
        file: sub.ref.file,
        span: ctx.span(sub, path, sub.ackDeadlineSec === undefined ? 'key' : 'value'),
        pool: pool?.name,
        suggestions: edit ? [{ title: `Set ackDeadlineSeconds to ${target.sec} (${target.why})`, edits: [edit] }] : undefined,
        data: { subscription: sub.name, ackDeadlineSec: ackSec, minimumSec: EXACTLY_ONCE_MIN_ACK_SEC, suggestedAckDeadlineSec: target.sec },
      });
    }
  },
};
