/**
 * The scaler a run uses (engine.ts): a fixed count, CREMA on the backlog metric (crema.ts, read late through
 * metric-samples.ts), or Cloud Run CPU autoscaling (cpu-autoscaler.ts), behind one decide() per poll.
 */
import { CpuAutoscaler } from './cpu-autoscaler.ts';
import { CremaAutoscaler } from './crema.ts';
import { MetricSamples } from './metric-samples.ts';
import type { SimScaling } from './types.ts';

export class ScalingDriver {
  /** Instances at t = 0. */
  readonly initial: number;
  /** Seconds between polls; undefined for a fixed count. */
  readonly pollSec: number | undefined;
  /** The backlog metric samples (CREMA only) and their period. */
  readonly samples: MetricSamples | undefined;
  readonly sampleSec: number | undefined;
  private readonly crema: CremaAutoscaler | undefined;
  private readonly cpu: CpuAutoscaler | undefined;

  constructor(private readonly sc: SimScaling) {
    if (sc.kind === 'manual') {
      this.initial = sc.instances;
      return;
    }
    this.initial = this.clamp(sc.initialInstances ?? sc.minInstances);
    if (sc.kind === 'cpu') {
      this.cpu = new CpuAutoscaler(sc);
      this.pollSec = sc.evaluationPeriodSec;
    } else {
      this.crema = new CremaAutoscaler(sc);
      this.samples = new MetricSamples(sc.metricSampleSec, sc.metricIngestionDelaySec);
      this.pollSec = sc.pollingIntervalSec;
      this.sampleSec = sc.metricSampleSec;
    }
  }

  /** Within the scaler's min and max (a fixed count is its own bound). */
  clamp(n: number): number {
    const sc = this.sc;
    return sc.kind === 'manual' ? sc.instances : Math.min(sc.maxInstances, Math.max(sc.minInstances, n));
  }

  /** The instance count wanted at a poll at `t`. */
  decide(t: number, instances: number, unacked: number, areaCpu: number): number {
    if (this.cpu) return this.cpu.decide(t, instances, areaCpu);
    if (this.crema) return this.crema.decide(t, instances, this.samples?.at(t, unacked));
    return instances;
  }

  /** A join of recorded segments set the count: the scaler's memory (stabilization windows) restarts from it. */
  resetTo(t: number, target: number): void {
    this.crema?.resetTo(t, target);
  }
}
