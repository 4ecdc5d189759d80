/**
 * Subscription policy proposals: ack deadline, retry backoff, delivery attempts and the dead-letter topic.
 * Pure functions of the processing-time tail, the failure profile and the SLO; each returns the value and the
 * sentence that explains it. Ranges and defaults come from `rules/lib/limits.ts` (docs/sources.md#subscription-fields, #ack-deadlines, #dead-letter-topics).
 */
import { BACKOFF, DELIVERY_ATTEMPTS } from '../rules/lib/limits.ts';

export { ACK_HEADROOM, proposeAckDeadline, type AckChoice } from '../model/ack-deadline.ts';
/**
 * Chance that a message which fails only transiently still exhausts its delivery attempts and is dead-lettered;
 * attempts are raised until failure^attempts ≤ this (failures taken as independent per delivery).
 */
export const TRANSIENT_DEAD_LETTER_TARGET = 1e-4;
/**
 * The fewest delivery attempts the tuner proposes: twice Pub/Sub's minimum of 5. docs/sources.md#heuristics: "the default of 5 is the
 * minimum. Raise it when failures are transient"; docs/sources.md#dead-letter-topics: attempt counts are approximate, so a message may be
 * dead-lettered after fewer attempts than configured. The same value rule max-delivery-attempts-at-minimum suggests,
 * so tuned output is never flagged by it.
 */
export const MIN_PROPOSED_ATTEMPTS = 2 * DELIVERY_ATTEMPTS.min;
const fmtSec = (s: number) => (s >= 100 ? `${Math.round(s)} s` : `${Number(s.toPrecision(2))} s`);

export interface RetryChoice {
  minimumBackoffSec: number;
  maximumBackoffSec: number;
  maxDeliveryAttempts: number;
  text: { retry: string; attempts: string };
}

/**
 * Backoff as Pub/Sub's exponential retry policy between min and max (docs/sources.md#subscription-fields; the exact curve is UNCONFIRMED, docs/sources.md#dead-letter-topics:
 * modelled here as min·2^(k−1) capped at max). Delivery attempts: the smallest n in 10–100 with
 * failureRatio^n ≤ 1e-4, so a transient failure is almost never dead-lettered; never below 10 (MIN_PROPOSED_ATTEMPTS:
 * twice the minimum, docs/sources.md#dead-letter-topics/#heuristics). Maximum backoff: the largest of
 * 600, 300, 120, 60, 30, 10 s for which a message failing every attempt is dead-lettered within the
 * maxMessageAgeSec SLO (time ≈ Σ backoffs + attempts × p99 processing), so poison messages leave the backlog in time.
 */
export function proposeRetry(failureRatio: number, p99Sec: number, maxMessageAgeSec: number | undefined, current: { minimumBackoffSec?: number; maximumBackoffSec?: number; maxDeliveryAttempts?: number }): RetryChoice {
  const f = Math.min(Math.max(failureRatio, 0), 0.99);
  let attempts: number = MIN_PROPOSED_ATTEMPTS;
  while (attempts < DELIVERY_ATTEMPTS.max && f ** attempts > TRANSIENT_DEAD_LETTER_TARGET) attempts++;
  if (current.maxDeliveryAttempts !== undefined && current.maxDeliveryAttempts > attempts) attempts = Math.min(current.maxDeliveryAttempts, DELIVERY_ATTEMPTS.max);
  const minBackoff = current.minimumBackoffSec ?? BACKOFF.defaultMinSec;
  const candidates = [BACKOFF.maxSec, 300, 120, 60, 30, 10].filter((m) => m >= minBackoff);
  let maxBackoff = candidates[candidates.length - 1] ?? minBackoff;
  let timeToDlq = timeToDeadLetterSec(minBackoff, maxBackoff, attempts, p99Sec);
  for (const m of candidates) {
    const t = timeToDeadLetterSec(minBackoff, m, attempts, p99Sec);
    if (maxMessageAgeSec === undefined || t <= maxMessageAgeSec) {
      maxBackoff = m;
      timeToDlq = t;
      break;
    }
  }
  const fPct = `${Number((f * 100).toPrecision(2))}%`;
  const floorText = `at least ${MIN_PROPOSED_ATTEMPTS}, twice Pub/Sub's minimum of ${DELIVERY_ATTEMPTS.min}, because attempt counts are approximate and a brief outage should not park healthy messages (docs/sources.md#dead-letter-topics, #heuristics)`;
  const attemptsText = f > 0
    ? `${attempts}: with ${fPct} of deliveries failing, a transiently failing message is dead-lettered with probability ${fPct}^${attempts} = ${(f ** attempts).toExponential(1)} (target ≤ 1e-4; ${floorText}; range up to ${DELIVERY_ATTEMPTS.max}).`
    : `${attempts}: no failures were seen; ${floorText}.`;
  const ageText = maxMessageAgeSec !== undefined
    ? ` A message failing every attempt is dead-lettered after about ${fmtSec(timeToDlq)} (Σ backoffs + ${attempts} × p99 ${fmtSec(p99Sec)}), ${timeToDlq <= maxMessageAgeSec ? 'within' : 'still over'} the ${fmtSec(maxMessageAgeSec)} max-age SLO.`
    : ` A message failing every attempt is dead-lettered after about ${fmtSec(timeToDlq)}.`;
  return {
    minimumBackoffSec: minBackoff,
    maximumBackoffSec: maxBackoff,
    maxDeliveryAttempts: attempts,
    text: {
      retry: `Exponential backoff ${minBackoff}–${maxBackoff} s so failures are retried later instead of immediately (no policy = immediate redelivery).${ageText}`,
      attempts: attemptsText,
    },
  };
}

/** Time until a message that fails every delivery is dead-lettered: attempts × processing + backoffs between them. */
export function timeToDeadLetterSec(minBackoffSec: number, maxBackoffSec: number, attempts: number, processingSec: number): number {
  let total = attempts * processingSec;
  for (let k = 1; k < attempts; k++) total += Math.min(maxBackoffSec, minBackoffSec * 2 ** (k - 1));
  return total;
}
