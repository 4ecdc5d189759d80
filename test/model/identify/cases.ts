/**
 * The identification corpus: 14 pools with hidden parameters (ground-truth.ts records them). `hidden` lists what
 * identification must recover (within 20%); `declare` is what the pool's pool-tuner.yaml says.
 */
import type { Truth } from './ground-truth.ts';

export interface CorpusCase {
  truth: Truth;
  declare?: { limitPerSec?: number; scalerLagSec?: number };
  hidden: { p50Sec: number; cpuPerMsgSec?: number; limitPerSec?: number; noLimit?: boolean; heavyShare?: number; heavyFactor?: number; noMixture?: boolean; startupSec?: number };
}

/** A day's shape compressed: quiet, a ramp to a plateau of `peak`, back down (rate per second). */
const surge = (base: number, peak: number, from: number, to: number) => (m: number) => (m >= from && m < to ? peak : base);
const diurnal = (lo: number, hi: number, period: number) => (m: number) => lo + (hi - lo) * 0.5 * (1 - Math.cos((2 * Math.PI * m) / period));
const bursts = (base: number, peak: number, every: number, len: number) => (m: number) => (m % every < len ? peak : base);

const sms = { p50Sec: 0.3, sigma: 0.4 };
export const CORPUS: CorpusCase[] = [
  { truth: { name: 'sms-undeclared', minutes: 240, rate: surge(6, 20, 60, 150), concurrency: 20, scaling: { kind: 'queue', target: 100, min: 1, max: 50, pollSec: 30, lagSec: 150 }, startupSec: 10, service: sms, limitPerSec: 12, vcpu: 1, seed: 1 }, hidden: { p50Sec: 0.3, limitPerSec: 12 } },
  { truth: { name: 'sms-declared', minutes: 240, rate: surge(6, 20, 60, 150), concurrency: 20, scaling: { kind: 'queue', target: 100, min: 1, max: 50, pollSec: 30, lagSec: 150 }, startupSec: 10, service: sms, limitPerSec: 12, vcpu: 1, seed: 2 }, declare: { limitPerSec: 12 }, hidden: { p50Sec: 0.3, limitPerSec: 12 } },
  { truth: { name: 'sms-manual', minutes: 240, rate: surge(5, 16, 90, 170), concurrency: 50, scaling: { kind: 'manual', instances: 4 }, startupSec: 0, service: { p50Sec: 0.5, sigma: 0.3 }, limitPerSec: 10, vcpu: 1, seed: 3 }, hidden: { p50Sec: 0.5, limitPerSec: 10 } },
  { truth: { name: 'inflight-limit', minutes: 240, rate: surge(20, 60, 60, 140), concurrency: 40, scaling: { kind: 'manual', instances: 6 }, startupSec: 0, service: { p50Sec: 0.8, sigma: 0.3 }, maxInFlight: 30, vcpu: 1, seed: 4 }, hidden: { p50Sec: 0.8, limitPerSec: 30 / (0.8 * Math.exp(0.045)) } },
  { truth: { name: 'cpu-high-concurrency', minutes: 240, rate: diurnal(4, 30, 240), concurrency: 80, scaling: { kind: 'manual', instances: 2 }, startupSec: 0, service: { p50Sec: 0.5, sigma: 0.3 }, cpuPerMsgSec: 0.08, vcpu: 1, seed: 5 }, hidden: { p50Sec: 0.5, cpuPerMsgSec: 0.08, noLimit: true } },
  { truth: { name: 'cpu-diurnal-crema', minutes: 360, rate: diurnal(5, 60, 360), concurrency: 50, scaling: { kind: 'queue', target: 50, min: 1, max: 20, pollSec: 30, lagSec: 150 }, startupSec: 20, service: { p50Sec: 0.4, sigma: 0.4 }, cpuPerMsgSec: 0.06, vcpu: 2, seed: 6 }, hidden: { p50Sec: 0.4, cpuPerMsgSec: 0.06, noLimit: true } },
  { truth: { name: 'bimodal-4pct', minutes: 240, rate: diurnal(5, 20, 240), concurrency: 40, scaling: { kind: 'manual', instances: 3 }, startupSec: 0, service: { p50Sec: 0.5, sigma: 0.3, heavyShare: 0.04, heavyFactor: 40 }, vcpu: 1, seed: 7 }, hidden: { p50Sec: 0.5, heavyShare: 0.04, heavyFactor: 40, noLimit: true } },
  { truth: { name: 'bimodal-15pct', minutes: 240, rate: diurnal(3, 12, 240), concurrency: 40, scaling: { kind: 'manual', instances: 2 }, startupSec: 0, service: { p50Sec: 1, sigma: 0.25, heavyShare: 0.15, heavyFactor: 8 }, vcpu: 1, seed: 8 }, hidden: { p50Sec: 1, heavyShare: 0.15, heavyFactor: 8, noLimit: true } },
  { truth: { name: 'heavy-tail', minutes: 240, rate: diurnal(4, 15, 240), concurrency: 60, scaling: { kind: 'manual', instances: 2 }, startupSec: 0, service: { p50Sec: 0.6, sigma: 1.1 }, vcpu: 1, seed: 9 }, hidden: { p50Sec: 0.6, noMixture: true, noLimit: true } },
  { truth: { name: 'slow-startup', minutes: 300, rate: bursts(2, 25, 60, 20), concurrency: 10, scaling: { kind: 'queue', target: 20, min: 1, max: 40, pollSec: 30, lagSec: 150 }, startupSec: 180, service: { p50Sec: 1, sigma: 0.3 }, vcpu: 1, seed: 10 }, hidden: { p50Sec: 1, startupSec: 180, noLimit: true } },
  { truth: { name: 'healthy', minutes: 240, rate: diurnal(10, 40, 240), concurrency: 20, scaling: { kind: 'queue', target: 20, min: 1, max: 30, pollSec: 30, lagSec: 150 }, startupSec: 10, service: { p50Sec: 0.4, sigma: 0.4 }, vcpu: 1, seed: 11 }, hidden: { p50Sec: 0.4, noLimit: true, noMixture: true } },
  { truth: { name: 'under-provisioned', minutes: 240, rate: surge(8, 30, 60, 150), concurrency: 10, scaling: { kind: 'manual', instances: 2 }, startupSec: 0, service: { p50Sec: 0.8, sigma: 0.3 }, vcpu: 1, seed: 12 }, hidden: { p50Sec: 0.8, noLimit: true } },
  { truth: { name: 'limit-and-mixture', minutes: 240, rate: surge(3, 9, 60, 150), concurrency: 30, scaling: { kind: 'manual', instances: 3 }, startupSec: 0, service: { p50Sec: 0.4, sigma: 0.3, heavyShare: 0.05, heavyFactor: 20 }, limitPerSec: 6, vcpu: 1, seed: 13 }, hidden: { p50Sec: 0.4, limitPerSec: 6 } },
  { truth: { name: 'low-volume', minutes: 360, rate: diurnal(0.05, 0.4, 360), concurrency: 4, scaling: { kind: 'manual', instances: 1 }, startupSec: 0, service: { p50Sec: 3, sigma: 0.5 }, vcpu: 1, seed: 14 }, hidden: { p50Sec: 3, noLimit: true } },
];
