import type { Rule } from './types.ts';
import { effectiveAckSec } from './lib/helpers.ts';
import { figuresOf, num, pct, poolAnchor, spanOf, type FieldRef } from './lib/metric-rules.ts';

/**
 * DOMAIN.md §6.1: "a small expiration rate (for example, 0.1–1%) might be healthy"; above the top of that range
 * the pool pays for redeliveries it should not need. A pool's `slo.duplicateRatioMax` replaces it when declared.
 */
const MAX_HEALTHY_REDELIVERY_RATIO = 0.01;

/**
 * §6.1: expired ack deadlines mean redelivery and duplicates. Causes Google lists: under-provisioned subscribers,
 * processing longer than the deadline, and messages that crash the client. `redeliveryRatio` = expired ack
 * deadlines ÷ deliveries (`subscription/expired_ack_deadlines_count`, §4.1).
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
      const context = ackSec !== undefined && p99Sec !== undefined ? ` (ack deadline ${ackSec} s, p99 processing ${num(p99Sec, 1)} s)` : '';
      ctx.report({
        message: `Pool "${pool.name}": ack deadlines expired on ${pct(ratio)} of deliveries, above the ${pct(max)} ${slo === undefined ? 'healthy ceiling' : 'duplicate-ratio objective'}${context}; each expiry is a redelivery.`,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        data: {
          redeliveryRatio: ratio, maxRedeliveryRatio: max, fromSlo: slo !== undefined,
          ...(sub ? { subscription: sub.name } : {}),
          ...(ackSec !== undefined ? { ackDeadlineSec: ackSec } : {}),
          ...(p99Sec !== undefined ? { processingTimeP99Sec: p99Sec } : {}),
        },
      });
    }
  },
};
