import type { Rule } from './types.ts';
import { effectiveAckSec } from './lib/helpers.ts';
import { figuresOf, num, pct, poolAnchor, spanOf, type FieldRef } from './lib/metric-rules.ts';

/**
 * docs/sources.md#ack-deadlines: "a small expiration rate (for example, 0.1–1%) might be healthy"; above the top of that range
 * the pool pays for redeliveries it should not need. A pool's `slo.duplicateRatioMax` replaces it when declared.
 */
const MAX_HEALTHY_REDELIVERY_RATIO = 0.01;
/**
 * A deadline at least p99 × (1 + this) covers slow messages with room to spare: the same 30% headroom
 * ack-deadline-below-p99 and the tuner propose (docs/sources.md#heuristics "Ack deadline ≥ p99 processing time plus headroom"). Then the
 * deadline is not why leases expired, and the message names the other causes docs/sources.md#ack-deadlines lists instead.
 */
const COVERING_HEADROOM = 0.3;

/**
 * docs/sources.md#ack-deadlines: expired ack deadlines mean redelivery and duplicates. Causes Google lists: under-provisioned subscribers,
 * processing longer than the deadline, and messages that crash the client. `redeliveryRatio` = expired ack
 * deadlines ÷ deliveries (`subscription/expired_ack_deadlines_count`, docs/sources.md#pubsub-metrics).
 */
export const rule: Rule = {
  meta: {
    id: 'expired-ack-deadlines-high',
    title: 'Ack deadlines expire on more than 1% of deliveries',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'Every expired ack deadline is a redelivery: duplicate processing, a billed delivery, and a sign that subscribers are slow, overloaded or crashing.',
    remediation: 'Compare the ack deadline with the p99 processing time, check that subscribers keep up (backlog, CPU) and look for crashing messages; then raise the deadline or add capacity.',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      const ratio = f?.redeliveryRatio;
      if (ratio === undefined) continue;
      const slo = pool.settings?.slo?.duplicateRatioMax;
      const max = slo ?? MAX_HEALTHY_REDELIVERY_RATIO;
      if (ratio <= max) continue;
      // The ack deadline is the field the expiries are measured against; without a subscription, the pool itself.
      const sub = pool.subscriptions[0];
      const ref: FieldRef | undefined = sub
        ? { at: sub, path: [...sub.basePath, 'ackDeadlineSeconds'], explicit: sub.ackDeadlineSec !== undefined }
        : poolAnchor(ctx, pool);
      if (!ref) continue;
      const p99Sec = f?.processingTimeMs ? f.processingTimeMs.p99 / 1000 : undefined;
      const ackSec = sub ? effectiveAckSec(sub) : undefined;
      const both = ackSec !== undefined && p99Sec !== undefined ? { ackSec, p99Sec } : undefined;
      // Epsilon: a deadline equal to p99 × 1.3 up to float error covers it.
      const covered = both !== undefined && both.ackSec >= both.p99Sec * (1 + COVERING_HEADROOM) - 1e-9;
      const head = `Pool "${pool.name}": ack deadlines expired on ${pct(ratio)} of deliveries, above the ${pct(max)} ${slo === undefined ? 'healthy ceiling' : 'duplicate-ratio objective'}`;
      const message = both && covered
        ? `${head}; each expiry is a redelivery. The ack deadline (${both.ackSec} s) already covers p99 processing ${num(both.p99Sec, 1)} s with ${COVERING_HEADROOM * 100}% headroom, so the expiries point at other causes: under-provisioned subscribers (messages wait in the client's buffer until their lease runs out), lease extension off or non-streaming pull, or crashing messages; or they were recorded under an older, shorter deadline.`
        : `${head}${both ? ` (ack deadline ${both.ackSec} s, p99 processing ${num(both.p99Sec, 1)} s)` : ''}; each expiry is a redelivery.`;
      ctx.report({
        message,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        data: {
          redeliveryRatio: ratio, maxRedeliveryRatio: max, fromSlo: slo !== undefined,
          ...(sub ? { subscription: sub.name } : {}),
          ...(ackSec !== undefined ? { ackDeadlineSec: ackSec } : {}),
          ...(p99Sec !== undefined ? { processingTimeP99Sec: p99Sec } : {}),
          deadlineCoversP99: covered,
        },
      });
    }
  },
};
