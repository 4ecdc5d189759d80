import type { Rule } from './types.ts';
import { poolOfSubscription } from './lib/helpers.ts';
import { DELIVERY_ATTEMPTS } from './lib/limits.ts';

const SUGGESTED_ATTEMPTS = 10;

/**
 * docs/sources.md#heuristics: "the default of 5 is the minimum. Raise it when failures are transient"; docs/sources.md#dead-letter-topics: the count is
 * approximate, so a message may be dead-lettered after fewer attempts than configured.
 */
export const rule: Rule = {
  meta: {
    id: 'max-delivery-attempts-at-minimum',
    title: 'maxDeliveryAttempts left at the minimum of 5',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Five attempts is both the default and the floor, and Pub/Sub counts attempts only approximately: a brief downstream outage can park healthy messages in the dead-letter topic.',
    remediation: 'Raise deadLetterPolicy.maxDeliveryAttempts (10 is a common choice) so transient failures retry through the backoff before dead-lettering.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sub of ctx.ws.subscriptions) {
      const written = sub.maxDeliveryAttempts;
      if (!sub.hasDeadLetterPolicy || (written !== undefined && written !== 0 && written !== DELIVERY_ATTEMPTS.min)) continue;
      const path = [...sub.basePath, 'deadLetterPolicy', 'maxDeliveryAttempts'];
      const edit = ctx.setEdit(sub, path, SUGGESTED_ATTEMPTS);
      const note = written === undefined ? ' (maxDeliveryAttempts unset: the default)' : written === 0 ? ' (0 means the default)' : '';
      ctx.report({
        message: `Subscription "${sub.name}" dead-letters after ${DELIVERY_ATTEMPTS.default} delivery attempts${note}, the minimum Pub/Sub allows.`,
        file: sub.ref.file,
        span: ctx.span(sub, path, written === undefined ? 'key' : 'value'),
        pool: poolOfSubscription(ctx, sub)?.name,
        suggestions: edit ? [{ title: `Set maxDeliveryAttempts to ${SUGGESTED_ATTEMPTS} (twice the minimum: rides out transient failures; counts are approximate)`, edits: [edit] }] : undefined,
        data: { subscription: sub.name, maxDeliveryAttempts: DELIVERY_ATTEMPTS.default, suggested: SUGGESTED_ATTEMPTS },
      });
    }
  },
};
