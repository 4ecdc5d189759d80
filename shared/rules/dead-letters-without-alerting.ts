import type { Rule } from './types.ts';
import type { Pool } from '../config/model.ts';
import type { RuleContext } from './types.ts';
import { figuresOf, num, poolAnchor, spanOf, type FieldRef } from './lib/metric-rules.ts';

/**
 * Any dead-lettered message counts: docs/sources.md#dead-letter-topics says a dead-lettered message is one that failed
 * `maxDeliveryAttempts` times, so each is a message the pool did not process. There is no healthy non-zero rate.
 */
const MIN_DEAD_LETTERED = 1;

/**
 * docs/sources.md#dead-letter-topics: monitor `subscription/dead_letter_message_count` on the source subscription and backlog/age on the DLQ
 * subscription; parked messages age out after the DLQ subscription's retention. Without an alert nobody looks.
 * pool-tuner.yaml `deadLetterAlerting: true` declares that an alert exists.
 */
export const rule: Rule = {
  meta: {
    id: 'dead-letters-without-alerting',
    title: 'Messages were dead-lettered and no alert is declared',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'metrics',
    description: 'A dead-lettered message is one the pool gave up on; without an alert it sits unseen in the dead-letter topic until its retention deletes it.',
    remediation: 'Create an alert on subscription/dead_letter_message_count (and on the dead-letter subscription\'s backlog), then set deadLetterAlerting: true for the pool in pool-tuner.yaml.',
    fixable: 'none',
  },
  check(ctx) {
    for (const pool of ctx.pools) {
      const f = figuresOf(ctx, pool);
      const total = f?.deadLetteredTotal;
      if (total === undefined || total < MIN_DEAD_LETTERED || pool.settings?.deadLetterAlerting === true) continue;
      const ref = alertingField(ctx, pool);
      if (!ref) continue;
      const rate = f?.deadLetterPerSec;
      const days = (f?.windowSec ?? 0) / 86400;
      const declared = pool.settings?.deadLetterAlerting === false ? 'deadLetterAlerting is false' : 'no deadLetterAlerting is declared';
      // Dead letters recorded for subscriptions these files give no dead-letter policy: the deployed subscription
      // is not the one in the files, and that is what the message must say (not alerting advice alone).
      const noPolicy = pool.subscriptions.length > 0 && pool.subscriptions.every((x) => !x.hasDeadLetterPolicy);
      const mismatch = noPolicy ? ` The subscription${pool.subscriptions.length > 1 ? 's' : ''} in these files (${pool.subscriptions.map((x) => x.name).join(', ')}) ha${pool.subscriptions.length > 1 ? 've' : 's'} no dead-letter policy, so the deployed one differs from the files: check which is current.` : '';
      ctx.report({
        message: `Pool "${pool.name}" dead-lettered ${num(total, 0)} messages in ${num(days, 1)} d${rate !== undefined ? ` (${num(rate * 3600, 1)}/h)` : ''} and ${declared} in pool-tuner.yaml: parked messages go unnoticed until retention deletes them.${mismatch}`,
        file: ref.at.ref.file,
        span: spanOf(ctx, ref),
        pool: pool.name,
        data: {
          deadLetteredTotal: total, windowSec: f?.windowSec ?? 0,
          ...(rate !== undefined ? { deadLetterPerSec: rate } : {}),
          deadLetterAlerting: pool.settings?.deadLetterAlerting ?? false,
        },
      });
    }
  },
};

/** `pools.<name>.deadLetterAlerting` in pool-tuner.yaml (its pool key when unset); else the subscription's DLQ policy. */
function alertingField(ctx: RuleContext, pool: Pool): FieldRef | undefined {
  const s = ctx.ws.settings;
  if (s && pool.settings) {
    return { at: s, path: ['pools', pool.name, 'deadLetterAlerting'], explicit: pool.settings.deadLetterAlerting !== undefined };
  }
  const sub = pool.subscriptions.find((x) => x.hasDeadLetterPolicy) ?? pool.subscriptions[0];
  if (sub) return { at: sub, path: [...sub.basePath, 'deadLetterPolicy'], explicit: false };
  return poolAnchor(ctx, pool);
}
