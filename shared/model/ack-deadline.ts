/**
 * The one ack-deadline function: `tune`'s proposal and every review rule's suggestion (ack-deadline-below-p99,
 * ack-deadline-below-processing-time, exactly-once-short-ack-deadline, subscription-value-out-of-range) call it
 * with the pool model's p99 processing time, so they give one value for a subscription.
 *
 * Ack deadline = p99 processing × 1.3, rounded up to a multiple of 10 s, clamped to 10–600 s
 * (docs/sources.md#subscription-fields), at least 60 s with exactly-once delivery (the Node client's own minimum,
 * docs/sources.md#client-flow-control-and-leases). docs/sources.md#heuristics: "Ack deadline ≥ p99 processing time
 * plus headroom"; 30% covers the window-to-window drift of a p99 without pushing crash redelivery (which waits for
 * the deadline, docs/sources.md#ack-deadlines) far out. A current value that is already enough and at most
 * max(60 s, twice the need) is kept: a higher deadline only delays redelivery after a crash, so churn is not worth a diff.
 *
 * The p99 is the pool model's (model/pool-model.ts `recorded.processingP99Sec`): the measured p99 with metrics, else
 * the p99 of a lognormal with the declared mean `processingTimeSec` and CV 1 (tune/workload.ts), the same tail the
 * simulator draws from.
 */
import type { Subscription } from '../config/model.ts';
import { ACK_DEADLINE, EXACTLY_ONCE_MIN_ACK_SEC } from '../rules/lib/limits.ts';
import { effectiveAckSec } from '../rules/lib/helpers.ts';
import type { PoolModel } from './pool-model.ts';

/** Headroom over the p99 processing time. */
export const ACK_HEADROOM = 1.3;
/** A deadline this short is never lowered: it only costs a slower redelivery after a crash. */
const KEEP_ACK_UP_TO_SEC = 60;

const roundUpTo = (x: number, step: number) => Math.ceil(x / step) * step;
const fmtSec = (s: number) => (s >= 100 ? `${Math.round(s)} s` : `${Number(s.toPrecision(2))} s`);

export interface AckChoice {
  ackDeadlineSec: number;
  text: string;
  /** True when p99 × headroom exceeds 600 s, so the client's lease extension must cover the rest (docs/sources.md#ack-deadlines). */
  needsLeaseExtension: boolean;
  /** Short reason for a suggestion title ("p99 processing 25 s (measured) × 1.3 = 33 s → 40 s; exactly-once minimum 60 s"). */
  why: string;
}

/** The ack deadline for a p99 processing time (undefined: unknown, so only the floors apply). */
export function proposeAckDeadline(p99Sec: number | undefined, p99Source: string, currentSec: number, exactlyOnce: boolean): AckChoice {
  const need = p99Sec === undefined ? 0 : p99Sec * ACK_HEADROOM;
  const floor = exactlyOnce ? EXACTLY_ONCE_MIN_ACK_SEC : ACK_DEADLINE.minSec;
  const target = Math.min(ACK_DEADLINE.maxSec, Math.max(floor, roundUpTo(need, 10)));
  const needsLeaseExtension = need > ACK_DEADLINE.maxSec;
  const base = p99Sec === undefined ? 'no processing time known' : `p99 processing ${fmtSec(p99Sec)} (${p99Source}) × ${ACK_HEADROOM} headroom = ${fmtSec(need)}`;
  const floorWhy = exactlyOnce && target === EXACTLY_ONCE_MIN_ACK_SEC && need < EXACTLY_ONCE_MIN_ACK_SEC ? `; 60 s, the client minimum under exactly-once delivery` : target === ACK_DEADLINE.minSec && need < ACK_DEADLINE.minSec ? `; ${ACK_DEADLINE.minSec} s, the minimum` : '';
  const why = `${base}${needsLeaseExtension ? `; the ${ACK_DEADLINE.maxSec} s maximum, lease extension covers the rest` : ''}${floorWhy}`;
  if (currentSec >= target && currentSec <= Math.max(KEEP_ACK_UP_TO_SEC, 2 * target) && currentSec <= ACK_DEADLINE.maxSec) {
    return { ackDeadlineSec: currentSec, needsLeaseExtension, why, text: `Kept at ${currentSec} s: it already covers ${base}.` };
  }
  const clampNote = needsLeaseExtension
    ? ` That is over the 600 s maximum, so 600 s it is and the client's lease extension (up to 60 min) must cover the rest.`
    : exactlyOnce && target === EXACTLY_ONCE_MIN_ACK_SEC && need < EXACTLY_ONCE_MIN_ACK_SEC
      ? ' Raised to 60 s, the client minimum under exactly-once delivery.' : '';
  const cause = currentSec < need ? ` The current ${currentSec} s expires before slow messages finish, so they are redelivered as duplicates.` : ` The current ${currentSec} s only delays redelivery after a crash.`;
  return { ackDeadlineSec: target, needsLeaseExtension, why, text: `${target} s: ${base}, rounded up to a multiple of 10 s.${clampNote}${cause}` };
}

/** The ack deadline of a subscription of a pool, from the pool model's p99 (or only the floors without a model/processing time). */
export function subscriptionAckDeadline(model: PoolModel | undefined, sub: Subscription): AckChoice {
  const w = model?.recorded;
  return proposeAckDeadline(w?.processingP99Sec, w?.processingBasis ?? 'unknown', effectiveAckSec(sub), sub.exactlyOnce);
}
