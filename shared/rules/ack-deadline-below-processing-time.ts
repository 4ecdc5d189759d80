import type { Rule } from './types.ts';
import { effectiveAckSec } from './lib/helpers.ts';
import { ACK_DEADLINE } from './lib/limits.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { subscriptionAckDeadline } from '../model/ack-deadline.ts';

/**
 * docs/sources.md#ack-deadlines/#heuristics: a message not acked within the deadline is redelivered (duplicates, paid deliveries).
 * Client lease extension can cover a short deadline, but not for non-streaming pull, lease extension off, or push
 * (where the deadline is the request timeout, docs/sources.md#subscription-fields). Compares with pool-tuner.yaml `processingTimeSec`. A deadline
 * already at the 600 s maximum (docs/sources.md#subscription-fields) is left alone: no config change can help, only lease extension.
 * The suggested deadline is the tuner's (model/ack-deadline.ts) from the pool model's p99: the measured one with
 * metrics, else the lognormal tail of the declared mean. When that deadline keeps today's (the measured p99 is
 * covered), the rule stays quiet: the measurement outranks the declaration, as in `tune`.
 */
export const rule: Rule = {
  meta: {
    id: 'ack-deadline-below-processing-time',
    title: 'Ack deadline is shorter than the declared processing time',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'A message still being processed when its ack deadline passes is redelivered; unless every client extends leases reliably, each one is processed twice.',
    remediation: 'Set ackDeadlineSeconds to the processing time plus headroom (at most 600), or make sure the client extends leases.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const processingSec = pool.settings?.processingTimeSec;
      if (processingSec === undefined) continue;
      for (const sub of pool.subscriptions) {
        const ackSec = effectiveAckSec(sub);
        if (ackSec >= processingSec || ackSec >= ACK_DEADLINE.maxSec) continue;
        const ack = subscriptionAckDeadline(poolModelOf(ctx, pool), sub);
        const target = ack.ackDeadlineSec;
        const why = ack.why;
        if (target <= ackSec) continue;
        const path = [...sub.basePath, 'ackDeadlineSeconds'];
        const edit = ctx.setEdit(sub, path, target);
        ctx.report({
          message: `Subscription "${sub.name}" has a ${ackSec} s ack deadline but pool "${pool.name}" declares ${processingSec} s of processing per message.`,
          file: sub.ref.file,
          span: ctx.span(sub, path, sub.ackDeadlineSec === undefined ? 'key' : 'value'),
          pool: pool.name,
          suggestions: edit ? [{ title: `Set ackDeadlineSeconds to ${target} (${why})`, edits: [edit] }] : undefined,
          data: { subscription: sub.name, ackDeadlineSec: ackSec, processingTimeSec: processingSec, suggestedAckDeadlineSec: target },
        });
      }
    }
  },
};
