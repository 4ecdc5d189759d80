/**
 * What one simulation run counts (engine.ts): totals, time integrals (busy slots, backlog, instances, CPU), the
 * per-minute timeline, the wait and latency histograms; and the `SimResult` built from them. The engine owns the
 * state of the pool; this owns the bookkeeping.
 */
import { costPerInstanceSecondUsd } from '../cost/model.ts';
import { WaitHistogram } from './histogram.ts';
import type { SimConfig, SimResult, TimelinePoint } from './types.ts';

export class RunCounters {
  published = 0;
  acked = 0;
  deadLettered = 0;
  unacked = 0;
  deliveries = 0;
  nacks = 0;
  expiredLeases = 0;
  duplicates = 0;
  killedInFlight = 0;
  maxAgeSec = 0;
  eventCount = 0;
  stoppedEarly = false;
  throttledSec = 0;
  stretchSum = 0;
  lastT = 0;
  areaBusy = 0;
  areaBacklog = 0;
  /** ∫ CPU used dt and ∫ ready instances dt: mean utilisation = areaCpu ÷ areaReady. */
  areaCpu = 0;
  areaReady = 0;
  instanceSeconds = 0;
  horizonInstanceSeconds = -1;
  minutePublished = 0;
  minuteAcked = 0;
  minuteDelivered = 0;
  minuteExpired = 0;
  private markedAt = { nacks: 0, dead: 0 };
  readonly timeline: TimelinePoint[] = [];
  /** Queue wait = first processing start − publish. */
  readonly waits = new WaitHistogram();
  /** End-to-end latency of acked messages: publish → ack (waits, retries and processing included). */
  readonly latencies = new WaitHistogram();

  /** Time integrals up to `t` (busy slots, backlog, instances, CPU used, ready instances) at the state since lastT. */
  advance(t: number, s: { busy: number; instances: number; ready: number; cpu: number }): void {
    const dt = t - this.lastT;
    if (!(dt > 0)) return;
    this.areaBusy += s.busy * dt;
    this.areaBacklog += this.unacked * dt;
    this.instanceSeconds += s.instances * dt;
    this.areaCpu += s.cpu * dt;
    this.areaReady += s.ready * dt;
    this.lastT = t;
  }

  /** A timeline point: the state at the end of minute `minute − 1`, then the minute counters restart. */
  mark(minute: number, s: { instances: number; ready: number; busy: number; oldestAgeSec: number }): void {
    this.timeline.push({
      minute: minute - 1, instances: s.instances, readyInstances: s.ready, backlog: this.unacked,
      published: this.minutePublished, acked: this.minuteAcked,
      delivered: this.minuteDelivered, nacked: this.nacks - this.markedAt.nacks, expired: this.minuteExpired,
      deadLettered: this.deadLettered - this.markedAt.dead, oldestAgeSec: s.oldestAgeSec, busySlots: s.busy,
    });
    this.markedAt = { nacks: this.nacks, dead: this.deadLettered };
    this.minutePublished = 0;
    this.minuteAcked = 0;
    this.minuteDelivered = 0;
    this.minuteExpired = 0;
  }

  result(endSec: number, maxAge: number, x: { cfg: SimConfig; instances: number; horizonSec: number; cpuKnown: boolean }): SimResult {
    const w = this.waits;
    const res = x.cfg.resources;
    const simulated = endSec > 0 ? endSec : 0;
    return {
      published: this.published,
      acked: this.acked,
      deadLettered: this.deadLettered,
      unfinished: this.unacked,
      deliveries: this.deliveries,
      nacks: this.nacks,
      expiredLeases: this.expiredLeases,
      duplicates: this.duplicates,
      killedInFlight: this.killedInFlight,
      duplicateRatio: this.published === 0 ? 0 : this.duplicates / this.published,
      waitSec: {
        p50: w.quantile(0.5), p95: w.quantile(0.95), p99: w.quantile(0.99), mean: w.mean(), max: w.max,
        probPositive: w.probPositive(), samples: w.count,
      },
      maxMessageAgeSec: maxAge,
      latencySec: { p50: this.latencies.quantile(0.5), p95: this.latencies.quantile(0.95), p99: this.latencies.quantile(0.99) },
      instanceSeconds: this.instanceSeconds,
      horizonInstanceSeconds: this.horizonInstanceSeconds >= 0 ? this.horizonInstanceSeconds : this.instanceSeconds,
      averageInstances: simulated > 0 ? this.instanceSeconds / simulated : x.instances,
      costUsd: res ? this.instanceSeconds * costPerInstanceSecondUsd(res) : 0,
      meanBusySlots: simulated > 0 ? this.areaBusy / simulated : 0,
      meanBacklog: simulated > 0 ? this.areaBacklog / simulated : 0,
      throttledSec: this.throttledSec,
      meanStretch: this.deliveries > 0 ? this.stretchSum / this.deliveries : 1,
      horizonSec: x.horizonSec,
      simulatedSec: simulated,
      events: this.eventCount,
      stoppedEarly: this.stoppedEarly,
      timeline: this.timeline,
      ...(x.cpuKnown && this.areaReady > 0 ? { meanCpuUtilization: this.areaCpu / this.areaReady } : {}),
    };
  }
}
