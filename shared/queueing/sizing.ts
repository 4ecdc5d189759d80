/**
 * Sizing: the smallest number of slots that meets a waiting-time target.
 *
 * Walks c upwards from 1 and updates Erlang B with one step of the recursion per c
 * (B(c) = a·B(c−1) / (c + a·B(c−1)); see erlang.ts), so finding c costs O(c) in total and stays exact and
 * stable at thousands of servers. The wait at each c is the one `waitPercentileSec` computes (exact for M/M/c,
 * Allen–Cunneen + exponential conditional delay otherwise; see mmc.ts). The percentile is non-increasing in c,
 * so the first c that meets the target is the smallest.
 */
import { erlangCFromB } from './erlang.ts';

export interface SizingOptions {
  /** Waiting-time percentile to meet, in (0, 1); default 0.95. */
  percentile?: number;
  /** Coefficient of variation of inter-arrival times; 1 = Poisson (default). */
  arrivalCv?: number;
  /** Give up above this many slots (returns undefined); default 1,000,000. */
  maxServers?: number;
}

/**
 * Smallest c whose waiting-time percentile (default p95) is ≤ `targetSec`. Returns 0 when nothing arrives,
 * undefined for a negative target or when more than `maxServers` would be needed.
 * @param arrivalRatePerSec λ, messages per second
 * @param meanServiceSec mean processing time per message on one slot
 * @param serviceCv coefficient of variation of processing time (1 = exponential → exact M/M/c)
 * @param targetSec waiting-time target for the percentile
 */
export function serversForWaitPercentile(
  arrivalRatePerSec: number, meanServiceSec: number, serviceCv: number, targetSec: number, options: SizingOptions = {},
): number | undefined {
  const p = options.percentile ?? 0.95;
  const maxServers = options.maxServers ?? 1_000_000;
  if (!(targetSec >= 0) || !(meanServiceSec > 0) || !(p > 0 && p < 1)) return undefined;
  if (!(arrivalRatePerSec > 0)) return 0;
  const a = arrivalRatePerSec * meanServiceSec;
  const ca = options.arrivalCv ?? 1;
  const factor = (ca * ca + serviceCv * serviceCv) / 2;
  const tail = 1 - p;
  const mu = 1 / meanServiceSec;
  let b = 1;
  for (let c = 1; c <= maxServers; c++) {
    b = (a * b) / (c + a * b);
    if (a >= c) continue;
    const probWait = erlangCFromB(c, a, b);
    if (probWait <= tail) return c;
    // Mean wait of those who wait: (Wq(M/M/c)·factor) / C = factor / (cμ − λ).
    const conditionalMeanSec = factor / (c * mu - arrivalRatePerSec);
    if (Math.log(probWait / tail) * conditionalMeanSec <= targetSec) return c;
  }
  return undefined;
}

/** Smallest c whose p95 queue wait is ≤ `targetSec` (see `serversForWaitPercentile`). */
export function serversForWaitP95(arrivalRatePerSec: number, meanServiceSec: number, serviceCv: number, targetSec: number): number | undefined {
  return serversForWaitPercentile(arrivalRatePerSec, meanServiceSec, serviceCv, targetSec, { percentile: 0.95 });
}

/** Slots of a worker pool: instances × per-instance concurrency (messages processed in parallel per instance). */
export function slotsOf(instances: number, concurrencyPerInstance: number): number {
  return Math.max(0, Math.floor(instances)) * Math.max(0, Math.floor(concurrencyPerInstance));
}

/** Instances needed to provide `servers` slots at `concurrencyPerInstance` each (ceil). */
export function instancesForSlots(servers: number, concurrencyPerInstance: number): number {
  if (!(concurrencyPerInstance >= 1)) return Infinity;
  return Math.ceil(servers / Math.floor(concurrencyPerInstance));
}
