import type { Rule } from './types.ts';
import { poolOfSubscription } from './lib/helpers.ts';
import { isDeadLetterSubscription } from './lib/dead-letter.ts';
import { CREMA_UNSET_POLLING_SEC, RETENTION } from './lib/limits.ts';
import { KEDA_DEFAULT_POLLING_SEC } from './lib/keda.ts';

/**
 * Assumed: the longest a consumer may be away before someone brings it back (a bad rollout noticed by an alert and
 * rolled back, a crash-looping revision): one hour. A judgement, said in every message (docs/sources.md#heuristics).
 */
export const OUTAGE_ALLOWANCE_SEC = 3600;
/** The upper end of the 2–4 min metric lag a scaler waking from zero waits for (docs/sources.md#pubsub-metrics, #crema). */
export const WAKE_METRIC_LAG_SEC = 240;

/**
 * docs/sources.md#subscription-fields: retention is 10 minutes to 31 days (default 7 days); docs/sources.md#autoscaling-on-pubsub-metrics: a
 * message older than retention is deleted unread ("permanent data loss"). A pull subscription must keep messages
 * for as long as its consumer may be away: the longest of the pool's own objective for message age and an
 * outage allowance, plus the time a scaler needs to wake the pool from zero (a poll + the metric lag).
 * docs/sources.md#heuristics.
 */
export const rule: Rule = {
  meta: {
    id: 'message-retention-too-short',
    title: 'Message retention shorter than a consumer outage',
    category: 'reliability',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'Pub/Sub deletes a message that stays unacked longer than messageRetentionDuration: a worker pool that is down, being redeployed, backlogged or waking from zero for longer than that loses every message older than the retention, without a dead letter or a trace.',
    remediation: 'Raise messageRetentionDuration to cover the longest time the consumer may be away (Pub/Sub\'s default is 7 days, 604800s).',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sub of ctx.ws.subscriptions) {
      const retentionSec = sub.retentionSec;
      // Push and export subscriptions are delivered by Pub/Sub; a dead-letter subscription is the parking lot.
      if (retentionSec === undefined || sub.push || sub.exportTo || isDeadLetterSubscription(ctx, sub)) continue;
      const pool = poolOfSubscription(ctx, sub);
      const sc = pool?.scaler;
      const maxAgeSec = pool?.settings?.slo?.maxMessageAgeSec;
      // A scaler at zero (KEDA and CREMA default minReplicaCount 0) first waits for a poll and the metric lag.
      const fromZero = sc !== undefined && (sc.minReplicas ?? 0) === 0;
      const pollSec = sc?.pollingIntervalSec ?? (sc?.format === 'crema' ? CREMA_UNSET_POLLING_SEC : KEDA_DEFAULT_POLLING_SEC);
      const wakeSec = fromZero ? pollSec + WAKE_METRIC_LAG_SEC : 0;
      const awaySec = Math.max(OUTAGE_ALLOWANCE_SEC, maxAgeSec ?? 0);
      const neededSec = awaySec + wakeSec;
      if (retentionSec >= neededSec) continue;
      const path = [...sub.basePath, 'messageRetentionDuration'];
      const target = Math.max(RETENTION.defaultSec, Math.min(RETENTION.maxSec, neededSec));
      const edit = ctx.setEdit(sub, path, `${target}s`);
      const parts = [
        maxAgeSec !== undefined && maxAgeSec > OUTAGE_ALLOWANCE_SEC ? `the pool's ${maxAgeSec} s message-age objective` : `an outage of ${OUTAGE_ALLOWANCE_SEC / 60} min (assumed: a bad deploy alerted and rolled back)`,
        ...(fromZero ? [`a wake-up from zero of ${wakeSec} s (poll ${pollSec} s + up to ${WAKE_METRIC_LAG_SEC / 60} min metric lag)`] : []),
      ];
      ctx.report({
        message: `Subscription "${sub.name}" keeps unacked messages ${minutes(retentionSec)}; a consumer away longer loses every older message. Needed about ${minutes(neededSec)}: ${parts.join(' + ')}.`,
        file: sub.ref.file,
        span: ctx.span(sub, path),
        pool: pool?.name,
        suggestions: edit ? [{ title: `Set messageRetentionDuration to ${target}s (${minutes(target)}${target === RETENTION.defaultSec ? ', Pub/Sub\'s default' : ''}: covers ${minutes(neededSec)} away)`, edits: [edit] }] : undefined,
        data: { subscription: sub.name, retentionSec, neededSec, outageAllowanceSec: OUTAGE_ALLOWANCE_SEC, wakeUpSec: wakeSec, ...(maxAgeSec !== undefined ? { maxMessageAgeSec: maxAgeSec } : {}) },
      });
    }
  },
};

function minutes(sec: number): string {
  if (sec >= 86400 && sec % 86400 === 0) return `${sec / 86400} days`;
  if (sec >= 3600 && sec % 60 === 0) return `${Math.round((sec / 3600) * 10) / 10} h`;
  return `${Math.round((sec / 60) * 10) / 10} min`;
}
