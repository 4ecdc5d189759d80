import type { Rule } from './types.ts';
import { effectiveAckSec } from './lib/helpers.ts';
import { ACK_DEADLINE } from './lib/limits.ts';
import { figuresOf, num } from './lib/metric-rules.ts';

/**
 * Headroom over the observed p99: docs/sources.md#heuristics "Ack deadline ≥ p99 processing time plus headroom". 30% covers the
 * window-to-window drift of a p99 without pushing crash redelivery (which waits for the deadline, docs/sources.md#ack-deadlines) far out.
 */
const HEADROOM = 0.3;

/**
 * docs/sources.md#ack-deadlines/#heuristics: a message not acked within the deadline is redelivered, so the subscriber sees duplicates and
 * pays for each delivery. Lease extension can cover a short deadline, but not for non-streaming pull, lease extension
 * off, or push (where the deadline is the request timeout, docs/sources.md#subscription-fields). Compares with the observed p99 processing time.
 */
export const rule: Rule = {
  meta: {
    id: 'ack-deadline-below-p99',
    title: 'Ack deadline is shorter than the observed p99 processing time',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'At least one message in a hundred takes longer than the ack deadline; unless every client extends leases reliably, each of those is redelivered and processed twice.',
    remediation: 'Set ackDeadlineSeconds to the p99 processing time plus 30% (10 to 600 s), or make sure the client extends leases.',
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
        // docs/sources.md#subscription-fields: ackDeadlineSeconds is 10–600 s.
        const target = Math.min(ACK_DEADLINE.maxSec, Math.max(ACK_DEADLINE.minSec, Math.ceil(p99Sec * (1 + HEADROOM))));
        if (target <= ackSec) continue; // already at the 600 s maximum: only lease extension can help (docs/sources.md#ack-deadlines)
        const path = [...sub.basePath, 'ackDeadlineSeconds'];
        const edit = ctx.setEdit(sub, path, target);
        const why = target === ACK_DEADLINE.maxSec
          ? `the 600 s maximum; p99 processing ${num(p99Sec, 1)} s`
          : `p99 processing ${num(p99Sec, 1)} s + ${HEADROOM * 100}% headroom`;
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
