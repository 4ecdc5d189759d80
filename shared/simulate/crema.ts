/**
 * CREMA's scaling decision, one polling cycle at a time, as in docs/sources.md#crema (GoogleCloudPlatform/
 * cloud-run-external-metrics-autoscaling, scaler/src/main/java/com/google/cloud/run/crema/Scaler.java and
 * ScalingStabilizer.java):
 *  1. recommendation = ceil(metric / targetAverageValue) (AverageValue; independent of the current count).
 *     No metric (not yet ingested) → the cycle fails and the count is left alone.
 *  2. Stabilizer: current 0 and recommendation > 0 → 1 (scale from zero; nothing recorded).
 *     Scale-up bound = min(max(current, min recommendation in the up window), rate bound);
 *     scale-down bound = max(min(current, max recommendation in the down window), rate bound).
 *     Windows hold recommendations with timestamp in (t − window, t]; a 0 s window holds none.
 *     Rate bounds per policy from the count at the start of the period (current − added + removed in
 *     (t − period, t]): Percent up ceil(start·(1 + v/100)), Pods up start + v, Percent down trunc(start·(1 − v/100)),
 *     Pods down start − v; combined by selectPolicy (up: Max = largest, Min = smallest; down: Min = least
 *     change, i.e. largest bound, Max = smallest bound); Disabled = stay at current; no policies = no rate bound.
 *     The recommendation is recorded after stabilizing.
 *  3. Clamp to [minInstances, maxInstances]; record a scale event if the count changed.
 * Cron triggers (cron.ts): KEDA asks every scaler of the ScaledObject and takes the highest recommendation
 * (https://keda.sh/docs/latest/concepts/scaling-deployments/ "multiple triggers": the HPA picks the largest), so the
 * recommendation is max(ceil(metric / target), desiredReplicas of each active window). A cycle with no Pub/Sub data
 * point but an active window recommends the window's count (KEDA reads each scaler separately; assumption: CREMA's
 * failed metric read does not discard the cron scaler's answer).
 * The first successful cycle creates the stabilizer and records the current count as a recommendation a moment
 * after the cycle's timestamp (Java: `new ScalingStabilizer(current)` runs after `now` was taken), so it is
 * first seen by the next cycle.
 */
import { CronWindow } from './cron.ts';
import type { CremaScaling, SimScalingRules } from './types.ts';

interface Point { t: number; v: number }

const EPSILON_SEC = 1e-6;

export class CremaAutoscaler {
  private started = false;
  private recommendations: Point[] = [];
  private upEvents: Point[] = [];
  private downEvents: Point[] = [];
  private readonly windows: CronWindow[];

  constructor(private readonly config: Pick<CremaScaling, 'targetBacklogPerInstance' | 'minInstances' | 'maxInstances' | 'scaleUp' | 'scaleDown'> & Partial<Pick<CremaScaling, 'schedules' | 'clockStartUtcMs'>>) {
    this.windows = (config.schedules ?? []).map((s) => new CronWindow(s, config.clockStartUtcMs ?? 0));
  }

  /** The highest desiredReplicas of the cron windows active at `tSec` (0 when none is). */
  cronDesired(tSec: number): number {
    let d = 0;
    for (const w of this.windows) d = Math.max(d, w.desiredAt(tSec));
    return d;
  }

  /**
   * A jump to a recorded state (a join of sampled segments): the history is replaced by one recommendation of the
   * recorded count, as if the scaler had been running at it.
   */
  resetTo(tSec: number, instances: number): void {
    this.started = true;
    this.recommendations = [{ t: tSec, v: instances }];
    this.upEvents = [];
    this.downEvents = [];
  }

  /** The unbounded recommendation for a metric value: ceil(metric / target). */
  recommend(metricValue: number): number {
    return Math.ceil(metricValue / this.config.targetBacklogPerInstance);
  }

  /**
   * One polling cycle at `tSec`: returns the instance count CREMA would request.
   * `metricValue` undefined means no data point (the cycle fails; the count is unchanged).
   */
  decide(tSec: number, currentInstances: number, metricValue: number | undefined): number {
    const cron = this.cronDesired(tSec);
    const hasMetric = metricValue !== undefined && Number.isFinite(metricValue);
    if (!hasMetric && cron === 0) return currentInstances;
    // Several triggers: the highest recommendation wins (KEDA/HPA; see the header).
    const recommendation = Math.max(hasMetric ? this.recommend(metricValue) : 0, cron);
    if (!this.started) {
      this.started = true;
      this.recommendations.push({ t: tSec + EPSILON_SEC, v: currentInstances });
    }
    const stabilized = this.stabilized(tSec, currentInstances, recommendation);
    const next = Math.min(Math.max(stabilized, this.config.minInstances), this.config.maxInstances);
    if (next > currentInstances) this.markEvent(this.upEvents, this.config.scaleUp, tSec, next - currentInstances);
    else if (next < currentInstances) this.markEvent(this.downEvents, this.config.scaleDown, tSec, currentInstances - next);
    return next;
  }

  private stabilized(t: number, current: number, rec: number): number {
    if (current === 0 && rec > 0) return 1;
    let bounded = rec;
    if (rec > current) {
      bounded = Math.min(this.windowBound(t, current, rec), rec);
      const rate = this.rateBound(t, current, this.config.scaleUp, true);
      if (rate !== undefined) bounded = Math.min(rate, bounded);
    } else if (rec < current) {
      bounded = Math.max(this.windowBound(t, current, rec), rec);
      const rate = this.rateBound(t, current, this.config.scaleDown, false);
      if (rate !== undefined) bounded = Math.max(rate, bounded);
    }
    this.recommendations.push({ t, v: rec });
    return bounded;
  }

  /** ScalingStabilizer.stabilizeRecommendation: clamp current into [min in up window, max in down window]. */
  private windowBound(t: number, current: number, rec: number): number {
    const upCut = t - this.config.scaleUp.stabilizationWindowSec;
    const downCut = t - this.config.scaleDown.stabilizationWindowSec;
    let minUp = rec;
    let maxDown = rec;
    const kept: Point[] = [];
    for (const p of this.recommendations) {
      if (p.t > t) {
        kept.push(p);
        continue;
      }
      if (p.t > upCut && p.v < minUp) minUp = p.v;
      if (p.t > downCut && p.v > maxDown) maxDown = p.v;
      if (!(p.t < upCut && p.t < downCut)) kept.push(p);
    }
    this.recommendations = kept;
    let s = current;
    if (s < minUp) s = minUp;
    if (s > maxDown) s = maxDown;
    return s;
  }

  private rateBound(t: number, current: number, rules: SimScalingRules, up: boolean): number | undefined {
    if (rules.selectPolicy === 'Disabled') return current;
    if (rules.policies.length === 0) return undefined;
    // Up: Max → largest bound, Min → smallest. Down: Min (least change) → largest bound, Max → smallest.
    const takeLargest = up ? rules.selectPolicy === 'Max' : rules.selectPolicy === 'Min';
    let bound = takeLargest ? -Infinity : Infinity;
    for (const policy of rules.policies) {
      const cut = t - policy.periodSec;
      const start = current - sumAfter(this.upEvents, cut) + sumAfter(this.downEvents, cut);
      let b: number;
      if (up) b = policy.type === 'Percent' ? Math.ceil((start * (100 + policy.value)) / 100) : start + policy.value;
      else b = policy.type === 'Percent' ? Math.trunc((start * (100 - policy.value)) / 100) : start - policy.value;
      bound = takeLargest ? Math.max(bound, b) : Math.min(bound, b);
    }
    return bound;
  }

  /** ScalingStabilizer.processScaleEvent: drop events older than the direction's longest policy period. */
  private markEvent(events: Point[], rules: SimScalingRules, t: number, change: number): void {
    const longest = rules.policies.reduce((m, p) => Math.max(m, p.periodSec), 0);
    const cut = t - longest;
    let drop = 0;
    while (drop < events.length && events[drop]!.t < cut) drop++;
    if (drop > 0) events.splice(0, drop);
    events.push({ t, v: change });
  }
}

function sumAfter(events: Point[], cut: number): number {
  let s = 0;
  for (const e of events) if (e.t > cut) s += e.v;
  return s;
}
