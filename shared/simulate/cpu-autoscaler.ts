/**
 * Cloud Run's own CPU autoscaling for worker pools, one evaluation at a time.
 *
 * What is documented (docs/sources.md#worker-pool-scaling-modes):
 * - worker pools can scale on CPU: the default target is 60% CPU utilisation, between 1 and 100 instances, min
 *   and max customisable (https://docs.cloud.google.com/run/docs/configuring/workerpools/cpu-autoscaling);
 * - the autoscaler looks at "the average CPU utilization of existing instances over a one minute window,
 *   targeting to keep scheduled instances to a 60% CPU utilization" and evaluates periodically
 *   (https://cloud.google.com/run/docs/about-instance-autoscaling, written for services).
 * What is assumed (UNCONFIRMED, docs/tuner.md#scaling-modes):
 * - the rule is proportional, as Kubernetes' HPA (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details):
 *   desired = ceil(CPU used over the last 60 s, in instances ÷ target); an instance's utilisation cannot exceed
 *   100%, so one evaluation grows the pool by at most 1 ÷ target (1.67× at 60%);
 * - evaluated every 15 s; scale-down takes the largest desired count of the last 300 s (HPA's default
 *   stabilization window), scale-up is immediate.
 * The point of the model: the autoscaler sees CPU, not the backlog. A pool whose busy instance uses less CPU than
 * the target (I/O-bound work: waiting on a downstream, not computing) never scales up however long its queue
 * grows; a CPU-bound pool's utilisation follows its load and so does its size.
 */
import type { CpuScaling } from './types.ts';

interface Point { t: number; v: number }

export class CpuAutoscaler {
  /** (time, cumulative CPU-instance-seconds used) at each evaluation, for the 60 s average. */
  private area: Point[] = [];
  private desired: Point[] = [];

  constructor(private readonly config: Pick<CpuScaling, 'targetUtilization' | 'minInstances' | 'maxInstances' | 'windowSec' | 'scaleDownStabilizationSec'>) {}

  /**
   * One evaluation at `tSec`. `cpuArea` is the cumulative CPU used so far in instance-seconds (Σ over time of
   * min(ready, working slots × vCPU share per slot)); returns the instance count to request.
   */
  decide(tSec: number, current: number, cpuArea: number): number {
    const c = this.config;
    this.area.push({ t: tSec, v: cpuArea });
    const from = tSec - c.windowSec;
    while (this.area.length > 1 && this.area[1]!.t <= from + 1e-9) this.area.shift();
    const first = this.area[0]!;
    const span = tSec - first.t;
    if (span <= 0) return Math.min(Math.max(current, c.minInstances), c.maxInstances);
    const usedInstances = (cpuArea - first.v) / span;
    const raw = Math.ceil(usedInstances / c.targetUtilization - 1e-9);
    const want = Math.min(Math.max(raw, c.minInstances), c.maxInstances);
    this.desired.push({ t: tSec, v: want });
    const cut = tSec - c.scaleDownStabilizationSec;
    while (this.desired.length > 0 && this.desired[0]!.t <= cut) this.desired.shift();
    if (want >= current) return want;
    // Scale down no lower than the largest desired count in the stabilization window.
    let hold = want;
    for (const p of this.desired) if (p.v > hold) hold = p.v;
    return Math.min(current, hold);
  }
}
