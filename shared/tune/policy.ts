/**
 * Subscription policy proposals: ack deadline, retry backoff, delivery attempts and the dead-letter topic.
 * Pure functions of the processing-time tail, the failure profile and the SLO; each returns the value and the
 * sentence that explains it. Ranges and defaults come from `rules/lib/limits.ts` (docs/sources.md#subscription-fields, #ack-deadlines, #dead-letter-topics).
 */
import { ACK_DEADLINE, BACKOFF, DELIVERY_ATTEMPTS, EXACTLY_ONCE_MIN_ACK_SEC } from '../rules/lib/limits.ts';

/** docs/sources.md#heuristics: "Ack deadline ≥ p99 processing time plus headroom". 30% is this tuner's choice of headroom. */
export const ACK_HEADROOM = 1.3;
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
/** A deadline this short is never lowered: it only costs a slower redelivery after a crash. */
const KEEP_ACK_UP_TO_SEC = 60;

const roundUpTo = (x: number, step: number) => Math.ceil(x / step) * step;
const fmtSec = (s: number) => (s >= 100 ? `${Math.round(s)} s` : `${Number(s.toPrecision(2))} s`);

export interface AckChoice {
  ackDeadlineSec: number;
  text: string;
  /** True when p99 × headroom exceeds 600 s, so the client's lease extension must cover the rest (docs/sources.md#ack-deadlines). */
  needsLeaseExtension: boolean;
}

/**
 * Ack deadline = p99 processing × 1.3, rounded up to a multiple of 10 s, clamped to 10–600 s (docs/sources.md#subscription-fields), at least 60 s with
 * exactly-once delivery (docs/sources.md#client-flow-control-and-leases). A current value that is already enough and at most max(60 s, twice the need) is kept:
 * a higher deadline only delays redelivery after a crash (docs/sources.md#ack-deadlines), so churn is not worth a diff.
 */
export function proposeAckDeadline(p99Sec: number, p99Source: string, currentSec: number, exactlyOnce: boolean): AckChoice {
  const need = p99Sec * ACK_HEADROOM;
  const floor = exactlyOnce ? EXACTLY_ONCE_MIN_ACK_SEC : ACK_DEADLINE.minSec;
  const target = Math.min(ACK_DEADLINE.maxSec, Math.max(floor, roundUpTo(need, 10)));
  const needsLeaseExtension = need > ACK_DEADLINE.maxSec;
  const base = `p99 processing ${fmtSec(p99Sec)} (${p99Source}) × ${ACK_HEADROOM} headroom = ${fmtSec(need)}`;
  if (currentSec >= target && currentSec <= Math.max(KEEP_ACK_UP_TO_SEC, 2 * target) && currentSec <= ACK_DEADLINE.maxSec) {
    return { ackDeadlineSec: currentSec, needsLeaseExtension, text: `Kept at ${currentSec} s: it already covers ${base}.` };
  }
  const clampNote = needsLeaseExtension
    ? ` That is over the 600 s maximum, so 600 s it is and the client's lease extension (up to 60 min) must cover the rest.`
    : exactlyOnce && target === EXACTLY_ONCE_MIN_ACK_SEC && need < EXACTLY_ONCE_MIN_ACK_SEC
      ? ' Raised to 60 s, the client minimum under exactly-once delivery.' : '';
  const why = currentSec < need ? ` The current ${currentSec} s expires before slow messages finish, so they are redelivered as duplicates.` : ` The current ${currentSec} s only delays redelivery after a crash.`;
  return { ackDeadlineSec: target, needsLeaseExtension, text: `${target} s: ${base}, rounded up to a multiple of 10 s.${clampNote}${why}` };
}

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
