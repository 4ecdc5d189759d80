/**
 * What a pool runs today, read from the config model with the documented defaults applied, and the instance
 * shape and hard instance ceiling the search must respect.
 */
import type { Pool, Subscription, WorkerPool } from '../config/model.ts';
import type { ProjectSettings } from '../config/settings-schema.ts';
import type { InstanceShapeInput } from '../cost/index.ts';
import { simRulesFromConfig } from '../simulate/from-config.ts';
import { CPU_AUTOSCALING_DEFAULTS, DEFAULT_RESOURCES, KEDA_PUBSUB_DEFAULT_VALUE, SCALER_DEFAULTS } from '../rules/lib/limits.ts';
import { effectiveAckSec } from '../rules/lib/helpers.ts';
import { checkResources } from '../rules/lib/resources.ts';
import type { PoolSettingsValues, Schedule } from './schema.ts';
import { isPubSubTrigger } from '../config/triggers.ts';
import { cronError, timezoneError } from '../simulate/cron.ts';
import { ratePerInstancePerSec, type CpuPerMessage } from '../model/cpu.ts';

/** The trigger whose `value` CREMA/KEDA scales on: the pool's Pub/Sub trigger, else the first. */
export function scalingTrigger(pool: Pool) {
  const ts = pool.scaler?.triggers ?? [];
  return ts.find(isPubSubTrigger) ?? ts[0];
}

/**
 * The pool's cron triggers KEDA would run: the ones rule keda-cron-trigger-invalid passes (timezone, start, end and
 * desiredReplicas set; 5-field expressions, a known zone, start ≠ end, a whole count ≥ 0). A rejected one schedules
 * nothing, so it is not simulated.
 */
export function currentSchedules(pool: Pool): Schedule[] {
  return (pool.scaler?.triggers ?? []).flatMap((t) => {
    const c = t.type === 'cron' ? t.cron : undefined;
    if (!c?.start || !c.end || !c.timezone || c.desiredReplicas === undefined) return [];
    if (!Number.isInteger(c.desiredReplicas) || c.desiredReplicas < 0 || c.start.trim() === c.end.trim()) return [];
    if (cronError(c.start) || cronError(c.end) || timezoneError(c.timezone)) return [];
    return [{ start: c.start, end: c.end, timezone: c.timezone, desiredReplicas: c.desiredReplicas }];
  });
}

/** The subscription whose settings the tuner reads and proposes: the pool's first pull subscription. */
export function primarySubscription(pool: Pool): Subscription | undefined {
  return pool.subscriptions.find((s) => !s.push);
}

export function currentValues(pool: Pool): PoolSettingsValues {
  const sub = primarySubscription(pool);
  const wp = pool.workerPool;
  const sc = pool.scaler;
  let scaling: PoolSettingsValues['scaling'];
  if (sc) {
    // docs/sources.md#keda-gcp-pubsub-trigger: `value` defaults to 10; docs/sources.md#crema: min 0, max 100; scale-down window per CREMA's defaulting (from-config.ts).
    scaling = {
      mode: 'crema',
      targetValue: scalingTrigger(pool)?.targetValue ?? KEDA_PUBSUB_DEFAULT_VALUE,
      minReplicas: sc.minReplicas ?? SCALER_DEFAULTS.minReplicas,
      maxReplicas: sc.maxReplicas ?? SCALER_DEFAULTS.maxReplicas,
      scaleDownStabilizationSec: simRulesFromConfig(sc.scaleDown, 'down').stabilizationWindowSec,
    };
    const schedules = currentSchedules(pool);
    if (schedules.length) scaling.schedules = schedules;
  } else if (wp && wp.scalingMode !== 'automatic') {
    // docs/sources.md#worker-pool-scaling-modes: without CPU autoscaling Cloud Run runs manual scaling with 1 instance by default.
    scaling = { mode: 'manual', instances: wp.manualInstanceCount ?? 1 };
  }
  return {
    concurrency: pool.concurrency?.value,
    scaling,
    ackDeadlineSec: sub ? effectiveAckSec(sub) : undefined,
    minimumBackoffSec: sub?.hasRetryPolicy ? sub.minimumBackoffSec ?? 10 : undefined,
    maximumBackoffSec: sub?.hasRetryPolicy ? sub.maximumBackoffSec ?? 600 : undefined,
    maxDeliveryAttempts: sub?.hasDeadLetterPolicy ? (sub.maxDeliveryAttempts || 5) : undefined,
    deadLetterTopic: sub?.deadLetterTopic,
  };
}

/**
 * Instance shape for the cost model: the containers' limits (defaults 1 vCPU / 512 MiB, docs/sources.md#worker-pool-limits). A shape Cloud Run
 * would reject (e.g. an L4 with less than 16 GiB, docs/sources.md#worker-pool-limits) is priced as the smallest valid one (`checkResources`, the
 * same correction rule worker-pool-resources-invalid offers) and `correction` says so.
 */
export function instanceShape(pool: Pool, settings: ProjectSettings | undefined): InstanceShapeInput & { gpuCount: number; correction?: string; unpriced?: string } {
  const wp = pool.workerPool;
  if (wp?.platform === 'gke') return gkePodShape(wp, settings);
  const containers = wp?.containers ?? [];
  let vcpu = containers.reduce((a, c) => a + (c.cpuVcpu ?? 0), 0) || DEFAULT_RESOURCES.cpuVcpu;
  let memoryMiB = containers.reduce((a, c) => a + (c.memoryMiB ?? 0), 0) || DEFAULT_RESOURCES.memoryMiB;
  const gpuCount = containers.reduce((a, c) => a + (c.gpuCount ?? 0), 0);
  let correction: string | undefined;
  if (containers.length === 1) {
    const verdict = checkResources(containers[0]!, wp?.accelerator);
    if (verdict.cpuVcpu !== undefined || verdict.memoryMiB !== undefined) {
      const was = `${vcpu} vCPU / ${memoryMiB} MiB`;
      vcpu = verdict.cpuVcpu ?? vcpu;
      memoryMiB = verdict.memoryMiB ?? memoryMiB;
      correction = `Priced at ${vcpu} vCPU / ${memoryMiB} MiB, the smallest valid shape (${verdict.why.join('; ')}); the config's ${was} would be rejected (rule worker-pool-resources-invalid fixes it).`;
    }
  }
  return {
    vcpu,
    memoryGiB: memoryMiB / 1024,
    gpu: gpuCount > 0 ? 'nvidia-l4' : 'none',
    gpuZonalRedundancy: wp?.gpuZonalRedundancyDisabled !== true,
    tier: settings?.priceTier ?? 1,
    gpuCount,
    correction,
  };
}

/**
 * A GKE Pod's shape: the containers' resource *requests* (what the scheduler reserves and GKE Autopilot bills,
 * cloud.google.com/kubernetes-engine/pricing), else their limits (Kubernetes sets requests to limits when only limits
 * are written: kubernetes.io/docs/concepts/configuration/manage-resources-containers/). Priced at GKE Autopilot
 * general-purpose rates (UNCONFIRMED, prices.ts) only with `gkePricing: autopilot`; otherwise `unpriced` says why no
 * price is known, and the same rates serve only as a relative weight between candidates of this one pool.
 */
function gkePodShape(wp: WorkerPool, settings: ProjectSettings | undefined): InstanceShapeInput & { gpuCount: number; correction?: string; unpriced?: string } {
  const cpu = wp.containers.reduce((a, c) => a + (c.cpuRequestVcpu ?? c.cpuVcpu ?? 0), 0);
  const mem = wp.containers.reduce((a, c) => a + (c.memoryRequestMiB ?? c.memoryMiB ?? 0), 0);
  const gpuCount = wp.containers.reduce((a, c) => a + (c.gpuCount ?? 0), 0);
  const what = `${wp.workloadKind ?? 'Deployment'} "${wp.name}"`;
  const sized = cpu > 0 && mem > 0 ? undefined
    : `${what} requests no ${cpu > 0 ? 'memory' : mem > 0 ? 'CPU' : 'CPU or memory'}: sized as ${cpu || DEFAULT_RESOURCES.cpuVcpu} vCPU / ${mem || DEFAULT_RESOURCES.memoryMiB} MiB, not what the cluster gives the Pod.`;
  const autopilot = settings?.gkePricing === 'autopilot';
  return {
    vcpu: cpu || DEFAULT_RESOURCES.cpuVcpu,
    memoryGiB: (mem || DEFAULT_RESOURCES.memoryMiB) / 1024,
    gpu: 'none',
    billing: 'gke-autopilot',
    gpuCount,
    ...(sized ? { correction: sized } : {}),
    ...(autopilot && gpuCount === 0 ? {} : {
      unpriced: gpuCount > 0
        ? `${what} runs on GKE with GPUs: its price is not known from the files (GPU node pricing is not in Pool Tuner's table).`
        : `${what} runs on GKE: its price is not known from the files (a Standard cluster bills its nodes, Autopilot bills Pod requests); set gkePricing: autopilot in pool-tuner.yaml if the cluster is Autopilot.`,
    }),
  };
}

export interface InstanceCeiling {
  maxInstancesFor: (concurrency: number) => number;
  text: string;
  /** Set when declared and measured processing times differ: which one the rate-limit ceiling used, and why. */
  note?: string;
}

/**
 * The hard ceiling on instances: the scaler's configured maximum (default 100, docs/sources.md#crema) or 100 for a manual pool
 * (the CPU-autoscaling default ceiling, docs/sources.md#worker-pool-scaling-modes, as a sane bound on a search), lowered by the downstream limits
 * (docs/sources.md#concurrency-bounds): instances × concurrency ≤ downstreamMaxInFlight and instances × concurrency ÷ processing ≤
 * downstreamLimitPerSec. For the rate limit the processing time is the SHORTER of the declared
 * `processingTimeSec` and the measured mean: a shorter time means more messages per second per instance, so fewer
 * instances fit under the limit (conservative for a ceiling). The formula is the one rule
 * max-replicas-exceed-downstream-limit uses, floor(limit ÷ (concurrency ÷ processing)), same operations in the
 * same order, so a ceiling from the declared time is exactly the rule's and the tuned config is never flagged by it.
 * With the pool model's CPU figures (model/cpu.ts) an instance whose CPU saturates first sends only the CPU-bound rate.
 */
export function instanceCeiling(pool: Pool, meanProcessingSec: number, cpu?: { cpu?: CpuPerMessage; vcpu: number }): InstanceCeiling {
  const base = Math.max(pool.scaler?.maxReplicas ?? SCALER_DEFAULTS.maxReplicas, pool.workerPool?.manualInstanceCount ?? 0, CPU_AUTOSCALING_DEFAULTS.maxInstances);
  const ps = pool.settings;
  const parts: string[] = [`${base} instances`];
  if (ps?.downstreamMaxInFlight) parts.push(`${ps.downstreamMaxInFlight} in flight downstream`);
  const rate = rateBasis(ps?.processingTimeSec, meanProcessingSec);
  if (ps?.downstreamLimitPerSec) parts.push(`${ps.downstreamLimitPerSec} msg/s downstream at ${secText(rate.sec)} per message`);
  return {
    maxInstancesFor: (c) => {
      let cap = base;
      if (ps?.downstreamMaxInFlight) cap = Math.min(cap, Math.floor(ps.downstreamMaxInFlight / c));
      if (ps?.downstreamLimitPerSec && c > 0) cap = Math.min(cap, Math.floor(ps.downstreamLimitPerSec / ratePerInstancePerSec(c, rate.sec, cpu)));
      return Math.max(1, cap);
    },
    text: parts.join(', '),
    ...(ps?.downstreamLimitPerSec && rate.note ? { note: rate.note } : {}),
  };
}

const secText = (s: number) => `${Number(s.toPrecision(2))} s`;

/** The processing time the rate-limit ceiling uses: the shorter of declared and measured, and a phrase saying which. */
export function rateBasis(declaredSec: number | undefined, measuredMeanSec: number): { sec: number; note?: string } {
  if (declaredSec === undefined || !(declaredSec > 0)) return { sec: measuredMeanSec };
  if (!(measuredMeanSec > 0) || Math.abs(declaredSec - measuredMeanSec) < 1e-9) return { sec: declaredSec };
  const sec = Math.min(declaredSec, measuredMeanSec);
  return {
    sec,
    note: `the downstream ceiling uses ${secText(sec)} per message, the shorter of the declared ${secText(declaredSec)} and the measured mean ${secText(measuredMeanSec)}: more throughput per instance, so fewer instances fit under the limit`,
  };
}
