/**
 * What a what-if must say beside its figures (issue 9, "what-if honest"): when the changed configuration can send
 * more than the pool's downstream limits, or needs more CPU or memory than one instance has, the simulated figures
 * rest on an assumption the user should see.
 * - Downstream rate: max instances × per-instance rate (concurrency ÷ processing, or the CPU-bound rate: model/cpu.ts),
 *   against `downstreamLimitPerSec`. The simulator holds calls to the limit (slowed calls that keep their slot and
 *   lease: docs/simulator.md); a real dependency may answer 429s instead, and retries then add load.
 * - Downstream in flight: concurrency × max instances against `downstreamMaxInFlight` (not simulated).
 * - CPU: idle + concurrency × CPU-s per message ÷ processing against the vCPUs (the pool model's CPU fit). Above 80%
 *   the tuner never goes (tune/concurrency.ts); above 100% the simulator stretches processing (processor sharing).
 * - Memory: baseline + concurrency × MiB per message in flight (the per-minute fit, tune/resources.ts) against the
 *   limit: over it Cloud Run terminates the instance (docs/sources.md#worker-pool-limits), which is not simulated.
 */
import type { PoolModel } from '../model/pool-model.ts';
import { ratePerInstancePerSec, SATURATION_UTILIZATION } from '../model/cpu.ts';
import { rateBasis } from './current.ts';
import type { PoolSettingsValues } from './schema.ts';

const r = (x: number) => (Math.abs(x) >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(2))));

export function whatIfWarnings(model: PoolModel, v: PoolSettingsValues, processingMeanSec: number): string[] {
  const out: string[] = [];
  const c = v.concurrency;
  const s = v.scaling;
  if (c === undefined || !s) return out;
  const maxInstances = s.mode === 'manual' ? s.instances : s.maxReplicas;
  const ps = model.tuningPool.settings;
  const cpu = { cpu: model.cpu, vcpu: model.shape.vcpu };
  if (ps?.downstreamLimitPerSec !== undefined && maxInstances > 0) {
    const sec = rateBasis(ps.processingTimeSec, processingMeanSec).sec;
    const perInstance = ratePerInstancePerSec(c, sec, cpu);
    const total = maxInstances * perInstance;
    if (total > ps.downstreamLimitPerSec) {
      out.push(`Exceeds the downstream limit: ${maxInstances} instance${maxInstances === 1 ? '' : 's'} × concurrency ${c} can send about ${r(total)} msg/s (${r(perInstance)} per instance at ${r(sec)} s per message) against the ${ps.downstreamLimitPerSec} msg/s limit. The simulation holds calls to the limit (slowed calls keep their slot and lease), so these figures assume the dependency queues rather than rejects; a real one may answer 429s whose retries add load.`);
    }
  }
  if (ps?.downstreamMaxInFlight !== undefined && c * maxInstances > ps.downstreamMaxInFlight) {
    out.push(`Exceeds the downstream in-flight limit: ${maxInstances} × concurrency ${c} = ${c * maxInstances} in flight against ${ps.downstreamMaxInFlight} (not simulated).`);
  }
  const shape = model.shape;
  if (model.cpu && shape.gpuCount === 0) {
    const vcpuNeeded = model.cpu.idleVcpu + (c * model.cpu.secPerMessage) / processingMeanSec;
    if (vcpuNeeded > SATURATION_UTILIZATION * shape.vcpu) {
      out.push(`Exceeds the CPU ceiling: concurrency ${c} needs about ${r(vcpuNeeded)} vCPU (${model.cpu.why}) of the instance's ${shape.vcpu}; ${vcpuNeeded > shape.vcpu ? 'above 100% the simulation stretches every message\'s processing in proportion (processor sharing)' : `above the ${SATURATION_UTILIZATION * 100}% the tuner sizes for`}.`);
    }
  }
  const mem = model.fits?.memory;
  const limitMiB = shape.memoryGiB * 1024;
  if (mem && shape.gpuCount === 0) {
    const needMiB = Math.max(0, mem.intercept) + c * mem.slope;
    if (needMiB > limitMiB) {
      out.push(`Exceeds the memory limit: concurrency ${c} needs about ${Math.round(needMiB)} MiB (${Math.round(Math.max(0, mem.intercept))} MiB baseline + ${r(mem.slope)} MiB per message in flight) of ${Math.round(limitMiB)} MiB; Cloud Run terminates an instance over its limit, which the simulation does not model.`);
    }
  }
  return out;
}
