import type { Rule } from './types.ts';
import { BACKOFF } from './lib/limits.ts';
import { figuresOf, pct } from './lib/metric-rules.ts';

/**
 * Failure share above which immediate redelivery matters. Not an official figure (docs/sources.md has none): 1 in 20
 * deliveries failing is well past the 0.1–1% docs/sources.md#ack-deadlines calls possibly healthy for expiries, and at that rate a failing
 * dependency sees each failed message again at once, adding load exactly when it is struggling.
 */
const MAX_FAILURE_RATIO_WITHOUT_BACKOFF = 0.05;

/**
 * docs/sources.md#subscription-fields/#ack-deadlines: without a retry policy, nacked and expired messages are "retried as soon as possible for healthy
 * subscribers"; with one, redelivery backs off exponentially between minimumBackoff and maximumBackoff (0–600 s,
 * defaults 10 s / 600 s). `failureRatio` = nacks ÷ deliveries over the window.
 */
export const rule: Rule = {
  meta: {
    id: 'nacks-without-retry-backoff',
    title: 'Many deliveries are nacked and the subscription has no retry backoff',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'More than 5% of deliveries fail and each failed message is redelivered immediately, so a struggling dependency is hit again at once instead of after an exponential backoff.',
    remediation: 'Add a retryPolicy with minimumBackoff 10s and maximumBackoff 600s (Pub/Sub\'s own defaults for a policy), and find the cause of the failures.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const dlqTopics = new Set(ctx.ws.subscriptions.flatMap((s) => (s.deadLetterTopic ? [s.deadLetterTopic] : [])));
    for (const pool of ctx.pools) {
      const ratio = figuresOf(ctx, pool)?.failureRatio;
      if (ratio === undefined || ratio <= MAX_FAILURE_RATIO_WITHOUT_BACKOFF) continue;
      for (const sub of pool.subscriptions) {
        // A subscription on a dead-letter topic holds parked messages (as in no-retry-policy).
        if (sub.hasRetryPolicy || (sub.topic && dlqTopics.has(sub.topic))) continue;
        const path = [...sub.basePath, 'retryPolicy'];
        const edits = ctx.treeEdits(sub, path, { minimumBackoff: `${BACKOFF.defaultMinSec}s`, maximumBackoff: `${BACKOFF.defaultMaxSec}s` }) ?? [];
        ctx.report({
          message: `Pool "${pool.name}" nacked ${pct(ratio)} of deliveries (above ${pct(MAX_FAILURE_RATIO_WITHOUT_BACKOFF)}) and subscription "${sub.name}" has no retry policy: each failed message is redelivered immediately.`,
          file: sub.ref.file,
          span: ctx.span(sub, path, 'key'),
          pool: pool.name,
          suggestions: edits.length ? [{
            title: `Add retryPolicy ${BACKOFF.defaultMinSec}s–${BACKOFF.defaultMaxSec}s (${pct(ratio)} of deliveries fail: back off exponentially instead of redelivering at once)`,
            edits,
          }] : undefined,
          data: { subscription: sub.name, failureRatio: ratio, maxFailureRatio: MAX_FAILURE_RATIO_WITHOUT_BACKOFF, minimumBackoffSec: BACKOFF.defaultMinSec, maximumBackoffSec: BACKOFF.defaultMaxSec },
        });
      }
    }
  },
};
