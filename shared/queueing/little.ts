/**
 * Little's law, L = λ·W: the long-run average number in a system equals the arrival rate times the average
 * time spent in it. Holds for any stationary system regardless of distributions or discipline
 * (Little, "A proof for the queuing formula L = λW", Operations Research 9(3), 1961; Kleinrock vol. 1 §2.1).
 * For a Pub/Sub backlog: mean wait ≈ backlog / throughput (docs/sources.md#monitoring-metrics: `queueWaitSecLittle`).
 */

/** L = λ·W (e.g. messages in the backlog from arrival rate and mean wait). */
export function littleL(arrivalRatePerSec: number, meanTimeSec: number): number {
  return arrivalRatePerSec * meanTimeSec;
}

/** W = L/λ (e.g. mean wait from backlog and throughput). Infinity when λ = 0 and L > 0; 0 when both are 0. */
export function littleW(meanInSystem: number, arrivalRatePerSec: number): number {
  if (arrivalRatePerSec > 0) return meanInSystem / arrivalRatePerSec;
  return meanInSystem > 0 ? Infinity : 0;
}

/** λ = L/W. Infinity when W = 0 and L > 0; 0 when both are 0. */
export function littleLambda(meanInSystem: number, meanTimeSec: number): number {
  if (meanTimeSec > 0) return meanInSystem / meanTimeSec;
  return meanInSystem > 0 ? Infinity : 0;
}
