import type { Rule } from './types.ts';
import type { Subscription } from '../config/model.ts';
import { RETENTION } from './lib/limits.ts';
import { duration, figuresOf, num, poolAnchor, spanOf, type FieldRef } from './lib/metric-rules.ts';

/**
 * Alert threshold as a share of retention. docs/sources.md#autoscaling-on-pubsub-metrics: "Oldest age greater than retention means permanent data
 * loss: alert before retention lapses." Half of retention leaves as much time again to drain or fix a stuck pool
 * (3.5 days at the 7-day default) before messages are deleted.
 */
const MAX_SHARE_OF_RETENTION = 0.5;

/**
 * docs/sources.md#subscription-fields: `messageRetentionDuration` defaults to 7 days (10 min – 31 d). A message unacked for longer is deleted
 * without delivery. Compares the window's maximum `oldest_unacked_message_age` (docs/sources.md#pubsub-metrics) with each subscription's
 * retention.
 */
export const rule: Rule = {
  meta: {
    id: 'oldest-message-near-retention',
    title: 'Oldest unacked message is past half of the retention period',
    category: 'reliability',
    defaultSeverity: 'error',
    needs: 'metrics',
    description: 'Pub/Sub deletes a message it has kept for the retention period (7 days by default) whether or not it was processed; an oldest age this close to it means data loss is near, or has happened.',
    remediation: 'Drain or unstick the backlog now (capacity, dead-letter policy); raise messageRetentionDuration (up to 31 days) to buy time, and alert on oldest unacked age well before retention.',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const maxAgeSec = figuresOf(ctx, pool)?.oldestUnackedAgeSec?.max;
      if (maxAgeSec === undefined) continue;
      const subs: (Subscription | undefined)[] = pool.subscriptions.length > 0 ? pool.subscriptions : [undefined];
      for (const sub of subs) {
        const retentionSec = sub?.retentionSec ?? RETENTION.defaultSec;
        const share = maxAgeSec / retentionSec;
        if (share <= MAX_SHARE_OF_RETENTION) continue;
        const ref: FieldRef | undefined = sub
          ? { at: sub, path: [...sub.basePath, 'messageRetentionDuration'], explicit: sub.retentionSec !== undefined }
          : poolAnchor(ctx, pool);
        if (!ref) continue;
        const lost = share >= 1;
        const retentionText = `${duration(retentionSec)}${sub?.retentionSec === undefined ? ' (the default)' : ''}`;
        ctx.report({
          message: `Pool "${pool.name}": the oldest unacked message reached ${duration(maxAgeSec)}, ${num(share * 100, 0)}% of ${sub ? `subscription "${sub.name}"'s` : 'the'} ${retentionText} retention${lost ? ': messages older than retention have been deleted unprocessed' : `; past ${duration(retentionSec)} messages are deleted unprocessed`}.`,
          file: ref.at.ref.file,
          span: spanOf(ctx, ref),
          pool: pool.name,
          data: {
            oldestUnackedAgeMaxSec: maxAgeSec, retentionSec, retentionDefault: sub?.retentionSec === undefined,
            shareOfRetention: share, maxShareOfRetention: MAX_SHARE_OF_RETENTION, dataLost: lost,
            ...(sub ? { subscription: sub.name } : {}),
          },
        });
      }
    }
  },
};
