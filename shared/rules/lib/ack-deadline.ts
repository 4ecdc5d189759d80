/**
 * The ack deadline the config rules suggest, so that ack-deadline-below-processing-time and
 * exactly-once-short-ack-deadline propose the same number and that number passes both rules.
 */
import type { Subscription } from '../../config/model.ts';
import { ACK_DEADLINE, EXACTLY_ONCE_MIN_ACK_SEC } from './limits.ts';

/** Headroom over the declared processing time: docs/sources.md#heuristics "Ack deadline ≥ p99 processing time plus headroom". */
export const ACK_HEADROOM = 0.5;

export interface AckSuggestion {
  sec: number;
  /** Why this number, for the suggestion title. */
  why: string;
}

/**
 * `min(600, max(ceil(processing × 1.5), 60 under exactly-once))`: docs/sources.md#heuristics headroom, docs/sources.md#subscription-fields maximum of 600 s, docs/sources.md#client-flow-control-and-leases the
 * Node client's 60 s minimum under exactly-once. `processingSec` undefined = no declared processing time.
 */
export function suggestedAckDeadline(sub: Subscription, processingSec: number | undefined): AckSuggestion {
  const fromProcessing = processingSec === undefined ? 0 : Math.ceil(processingSec * (1 + ACK_HEADROOM));
  const floor = sub.exactlyOnce ? EXACTLY_ONCE_MIN_ACK_SEC : ACK_DEADLINE.minSec;
  const sec = Math.min(ACK_DEADLINE.maxSec, Math.max(fromProcessing, floor));
  const parts: string[] = [];
  if (processingSec !== undefined && fromProcessing >= floor) {
    parts.push(sec === ACK_DEADLINE.maxSec ? `the ${ACK_DEADLINE.maxSec} s maximum; declared processing ${processingSec} s` : `declared processing ${processingSec} s + ${ACK_HEADROOM * 100}% headroom`);
  }
  if (sub.exactlyOnce && fromProcessing < floor) {
    parts.push(`the Node client's own minimum under exactly-once${processingSec !== undefined ? `; also covers declared processing ${processingSec} s + ${ACK_HEADROOM * 100}% headroom` : ''}`);
  }
  return { sec, why: parts.join('; ') || `the ${ACK_DEADLINE.minSec} s minimum` };
}
