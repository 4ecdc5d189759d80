/**
 * Backlog drain after a burst: with arrivals continuing at λ and the pool completing μ_total messages per
 * second, the backlog shrinks at (μ_total − λ) per second, so draining B messages takes B / (μ_total − λ).
 * This is the fluid (deterministic) approximation: it ignores randomness, which matters only when the backlog
 * is a few times c or smaller (Newell, Applications of Queueing Theory, 2nd ed. 1982, ch. 2 "fluid
 * approximation"). Capacity of c slots with mean processing time S is c/S (a busy slot completes 1/S per second).
 */

/** Messages per second `servers` busy slots complete with mean processing time `meanServiceSec`. */
export function capacityPerSec(servers: number, meanServiceSec: number): number {
  if (!(meanServiceSec > 0)) return Infinity;
  return Math.max(0, servers) / meanServiceSec;
}

/** Seconds to drain `backlogMessages`; Infinity when capacity ≤ arrival rate, 0 for an empty backlog. */
export function backlogDrainSec(backlogMessages: number, capacityPerSecond: number, arrivalRatePerSec: number): number {
  if (!(backlogMessages > 0)) return 0;
  const net = capacityPerSecond - arrivalRatePerSec;
  return net > 0 ? backlogMessages / net : Infinity;
}
