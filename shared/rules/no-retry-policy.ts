import type { Rule } from './types.ts';
import { poolOfSubscription } from './lib/helpers.ts';
import { BACKOFF } from './lib/limits.ts';
import { isDeadLetterSubscription } from './lib/dead-letter.ts';
import { dataflowReaderOf } from './lib/consumers.ts';

/** docs/sources.md#subscription-fields/#ack-deadlines: without a retry policy messages are "retried as soon as possible"; with one, backoff is 10–600 s. */
export const rule: Rule = {
  meta: {
    id: 'no-retry-policy',
    title: 'Subscription has no retry policy',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Without a retry policy Pub/Sub redelivers a nacked or expired message immediately, so a failing dependency gets a redelivery storm instead of exponential backoff.',
    remediation: 'Add a retryPolicy with minimumBackoff and maximumBackoff (the API defaults are 10s and 600s).',
    fixable: 'suggestion',
  },
  check(ctx) {
    // Subscriptions on a dead-letter topic hold parked messages for inspection, like no-dead-letter-policy skips them.
    for (const sub of ctx.ws.subscriptions) {
      // An export subscription has no consumer to nack: Pub/Sub itself writes to BigQuery / Cloud Storage.
      // Nor does Dataflow use a retry policy: it acks on its own terms (docs/sources.md#subscriptions-read-by-dataflow).
      if (sub.hasRetryPolicy || sub.exportTo || isDeadLetterSubscription(ctx, sub) || dataflowReaderOf(ctx, sub)) continue;
      const edits = ctx.treeEdits(sub, [...sub.basePath, 'retryPolicy'], {
        minimumBackoff: `${BACKOFF.defaultMinSec}s`,
        maximumBackoff: `${BACKOFF.defaultMaxSec}s`,
      }) ?? [];
      ctx.report({
        message: `Subscription "${sub.name}" has no retry policy: nacked and expired messages are redelivered immediately.`,
        file: sub.ref.file,
        span: ctx.span(sub, [...sub.basePath, 'retryPolicy'], 'key'),
        pool: poolOfSubscription(ctx, sub)?.name,
        suggestions: edits.length ? [{ title: `Add retryPolicy ${BACKOFF.defaultMinSec}s–${BACKOFF.defaultMaxSec}s (Pub/Sub's own defaults for a policy: exponential backoff instead of immediate redelivery)`, edits }] : undefined,
        data: { subscription: sub.name, minimumBackoffSec: BACKOFF.defaultMinSec, maximumBackoffSec: BACKOFF.defaultMaxSec },
      });
    }
  },
};
