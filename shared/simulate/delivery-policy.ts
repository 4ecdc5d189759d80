/**
 * How the subscription treats one delivery (engine.ts): when its lease runs out, whether and how long a nacked
 * message waits before redelivery, and after how many attempts it is dead-lettered
 * (docs/sources.md#subscription-fields, #client-flow-control-and-leases, #dead-letter-topics).
 */
import type { SimSubscription } from './types.ts';

export interface DeliveryPolicy {
  /** A delivery's lease ends this long after it started: the extension limit, or the ack deadline (0 means 10 s). */
  leaseLimitSec: number;
  hasRetryPolicy: boolean;
  minBackoffSec: number;
  maxBackoffSec: number;
  maxAttempts: number;
}

export function deliveryPolicy(sub: SimSubscription): DeliveryPolicy {
  // docs/sources.md#subscription-fields: retryPolicy defaults min 10 s, max 600 s.
  const minBackoffSec = sub.minimumBackoffSec ?? 10;
  return {
    leaseLimitSec: sub.leaseExtension ? sub.maxExtensionSec : sub.ackDeadlineSec === 0 ? 10 : sub.ackDeadlineSec,
    hasRetryPolicy: sub.minimumBackoffSec !== undefined || sub.maximumBackoffSec !== undefined,
    minBackoffSec,
    maxBackoffSec: Math.max(minBackoffSec, sub.maximumBackoffSec ?? 600),
    maxAttempts: sub.maxDeliveryAttempts ?? Infinity,
  };
}
