import type { Rule } from './types.ts';
import { effectiveAckSec } from './lib/helpers.ts';
import { figuresOf, num } from './lib/metric-rules.ts';
import { poolModelOf } from './lib/pool-model.ts';
import { subscriptionAckDeadline } from '../model/ack-deadline.ts';

/**
 * docs/sources.md#ack-deadlines/#heuristics: a message not acked within the deadline is redelivered, so the subscriber sees duplicates and
 * pays for each delivery. Lease extension can cover a short deadline, but not for non-streaming pull, lease extension
 * off, or push (where the deadline is the request timeout, docs/sources.md#subscription-fields). Compares with the observed p99 processing time.
 * The suggested deadline is the tuner's (model/ack-deadline.ts: p99 × 1.3 rounded up to 10 s, exactly-once ≥ 60 s).
 */
export const rule: Rule = {
  meta: {
    id: 'ack-deadline-below-p99',
    title: 'Ack deadline is shorter than the observed p99 processing time',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'At least one message in a hundred takes longer than the ack deadline; unless every client extends leases reliably, each of those is redelivered and processed twice.',
    remediation: 'Set ackDeadlineSeconds to the p99 processing time plus 30%, rounded up to 10 s (10 to 600 s), or make sure the client extends leases.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const p99Ms = figuresOf(ctx, pool)?.processingTimeMs?.p99;
      if (p99Ms === undefined) continue;
      const p99Sec = p99Ms / 1000;
      for (const sub of pool.subscriptions) {
        const ackSec = effectiveAckSec(sub);
        if (ackSec >= p99Sec) continue;
        // The one ack-deadline function (tune's): 10–600 s (docs/sources.md#subscription-fields).
        const ack = subscriptionAckDeadline(poolModelOf(ctx, pool), sub);
        const target = ack.ackDeadlineSec;
        if (target <= ackSec) continue; // already at the 600 s maximum: only lease extension can help (docs/sources.md#ack-deadlines)
        const path = [...sub.basePath, 'ackDeadlineSeconds'];
        const edit = ctx.setEdit(sub, path, target);
        const why = ack.why;
        ctx.report({
          message: `Subscription "${sub.name}" has a ${ackSec} s ack deadline${sub.ackDeadlineSec ? '' : ' (the default)'} but pool "${pool.name}" took ${num(p99Sec, 1)} s or more on 1% of messages (p99 processing time).`,
          file: sub.ref.file,
          span: ctx.span(sub, path, sub.ackDeadlineSec === undefined ? 'key' : 'value'),
          pool: pool.name,
          suggestions: edit ? [{ title: `Set ackDeadlineSeconds to ${target} (${why})`, edits: [edit] }] : undefined,
          data: { subscription: sub.name, ackDeadlineSec: ackSec, processingTimeP99Sec: p99Sec, suggestedAckDeadlineSec: target },
        });
      }
    }
  },
};
