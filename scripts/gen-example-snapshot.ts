/**
 * Turns real arrival traces (examples/traces/, Azure Functions 2019: see PROVENANCE.md) into a metrics snapshot
 * for the example project's pools, through a per-minute fluid queue model (docs/metrics-snapshot.md, "The example
 * snapshot"). Seeded: the same inputs give the same file byte for byte.
 *
 * Usage: `npx tsx scripts/gen-example-snapshot.ts [--check]` writes examples/metrics/snapshot.json (or exits 1 when
 * the checked-in copy differs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadSources } from '../shared/node/files.ts';
import { parseWorkspace, type Workspace } from '../shared/config/workspace.ts';
import type { Pool } from '../shared/config/model.ts';
import { SNAPSHOT_SCHEMA_VERSION, type MetricsSnapshot, type PoolSeries, type Series, type SubscriptionSeries } from '../shared/metrics/snapshot-schema.ts';
import { subscriptionIdsOf } from '../shared/metrics/view.ts';

/** The workload behind each example pool. Numbers that are not in the config are model parameters, not facts. */
export interface PoolModel {
  pool: string;
  /** HashFunction prefix in examples/traces/. */
  trace: string;
  /** Multiplies the trace's per-minute counts (the pools are smaller or busier than the traced function). */
  arrivalScale: number;
  /** vCPU-seconds per second of processing one message (I/O-bound work is low). */
  cpuPerBusySlot: number;
  memBaseMiB: number;
  memPerInFlightMiB: number;
  /** Chance a delivery fails transiently and is nacked. */
  nackRatio: number;
  /** Share of messages that fail every attempt and end in the dead-letter topic. */
  poisonRatio: number;
  /** Chance that a delivery running past the ack deadline expires (1 = no lease extension). */
  expiryWhenOverDeadline: number;
}

export const EXAMPLE_MODELS: readonly PoolModel[] = [
  { pool: 'orders-worker', trace: '76114e556e', arrivalScale: 1, cpuPerBusySlot: 0.05, memBaseMiB: 160, memPerInFlightMiB: 6, nackRatio: 0.004, poisonRatio: 0.0003, expiryWhenOverDeadline: 1 },
  { pool: 'transcode-worker', trace: '7bc2c4ae81', arrivalScale: 1 / 40, cpuPerBusySlot: 0.6, memBaseMiB: 2400, memPerInFlightMiB: 2600, nackRatio: 0.01, poisonRatio: 0.002, expiryWhenOverDeadline: 0.25 },
  { pool: 'notify-worker', trace: '63ecf88a53', arrivalScale: 8, cpuPerBusySlot: 0.004, memBaseMiB: 200, memPerInFlightMiB: 1.5, nackRatio: 0.02, poisonRatio: 0.0005, expiryWhenOverDeadline: 1 },
];

export interface Trace {
  perMinute: number[];
  p50Ms: number;
  p99Ms: number;
}

/** Reads the two trace CSVs (Azure Functions 2019 layout) into traces keyed by the full HashFunction. */
export function readTraces(invocationsCsv: string, durationsCsv: string): Map<string, Trace> {
  const rows = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(','));
  const durations = new Map(rows(durationsCsv).map((r) => [r[0]!, r]));
  const out = new Map<string, Trace>();
  for (const r of rows(invocationsCsv)) {
    const d = durations.get(r[0]!);
    if (!d) continue;
    // percentile_Average_50 and _99 are columns 10 and 12 (README of the data set).
    out.set(r[0]!, { perMinute: r.slice(3).map(Number), p50Ms: Number(d[10]), p99Ms: Number(d[12]) });
  }
  return out;
}

/** mulberry32: a small, fast, seedable PRNG (Tommy Ettinger, public domain). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  // Box–Muller.
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Poisson sample: Knuth's product method for small λ, the normal approximation (continuity-corrected) above 30. */
export function poisson(r: () => number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(r)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 via erf, |error| < 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** What the model needs from a pool's config. */
export interface PoolConfig {
  concurrency: number;
  vcpu: number;
  memoryMiB: number;
  ackDeadlineSec: number;
  maxDeliveryAttempts: number;
  downstreamLimitPerSec?: number;
  manualInstances: number;
  scaler?: { targetBacklogPerInstance: number; min: number; max: number; scaleDownStabilizationSec: number };
}

/** Reads the model inputs from the parsed config; defaults per docs/sources.md (manual count 1, 10 s deadline, KEDA max 100, 300 s stabilization). */
export function poolConfig(p: Pool): PoolConfig {
  const c = p.workerPool?.containers[0];
  const sub = p.subscriptions[0];
  const trig = p.scaler?.triggers.find((t) => t.type === 'gcp-pubsub');
  return {
    concurrency: p.concurrency?.value ?? 1,
    vcpu: c?.cpuVcpu ?? 1,
    memoryMiB: c?.memoryMiB ?? 512,
    ackDeadlineSec: sub?.ackDeadlineSec || 10,
    maxDeliveryAttempts: sub?.maxDeliveryAttempts || 5,
    downstreamLimitPerSec: p.settings?.downstreamLimitPerSec,
    manualInstances: p.workerPool?.manualInstanceCount ?? 1,
    scaler: p.scaler && trig?.targetValue ? {
      targetBacklogPerInstance: trig.targetValue, min: p.scaler.minReplicas ?? 0, max: p.scaler.maxReplicas ?? 100,
      scaleDownStabilizationSec: p.scaler.scaleDown?.stabilizationWindowSec ?? 300,
    } : undefined,
  };
}

/** One pool through the per-minute model: its worker-pool series and its subscription's series. */
export function simulatePool(model: PoolModel, cfg: PoolConfig, trace: Trace, seed: number, steps = trace.perMinute.length): { pool: PoolSeries; sub: SubscriptionSeries } {
  const r = rng(seed);
  // Lognormal through the trace's p50 and p99: μ = ln p50, σ = ln(p99/p50) / z99 (z99 = Φ⁻¹(0.99)).
  const mu = Math.log(trace.p50Ms / 1000);
  const sigma = Math.log(trace.p99Ms / trace.p50Ms) / 2.3263479;
  const meanSec = Math.exp(mu + (sigma * sigma) / 2);
  const pOver = 1 - phi((Math.log(cfg.ackDeadlineSec) - mu) / sigma);
  const S = (): Series => new Array<number | null>(steps).fill(null);
  const s = { published: S(), delivered: S(), acked: S(), nacked: S(), expired: S(), dead: S(), backlog: S(), age: S(), p50: S(), p95: S(), p99: S(), inst: S(), cpu: S(), mem: S() };
  let queued = 0;
  let age = 0;
  let unackedPrev = 0;
  const desiredHistory: number[] = [];
  for (let t = 0; t < steps; t++) {
    const arrivals = poisson(r, (trace.perMinute[t % trace.perMinute.length] ?? 0) * model.arrivalScale);
    let n = cfg.manualInstances;
    if (cfg.scaler) {
      // CREMA/KEDA AverageValue: desired = ceil(unacked ÷ value) within [min, max]; scale-down waits out the
      // stabilization window (the highest recommendation in it wins), scale-up is immediate (docs/sources.md#hpa-algorithm, #heuristics).
      const desired = Math.min(cfg.scaler.max, Math.max(cfg.scaler.min, Math.ceil(unackedPrev / cfg.scaler.targetBacklogPerInstance)));
      desiredHistory.push(desired);
      const keep = Math.max(1, Math.ceil(cfg.scaler.scaleDownStabilizationSec / 60));
      n = Math.max(...desiredHistory.slice(-keep));
    }
    const slots = n * cfg.concurrency;
    let capacity = (slots * 60) / meanSec;
    if (cfg.downstreamLimitPerSec !== undefined) capacity = Math.min(capacity, cfg.downstreamLimitPerSec * 60);
    const deliveries = Math.floor(Math.min(queued + arrivals, capacity));
    const deadLettered = Math.min(deliveries, poisson(r, arrivals * model.poisonRatio));
    const expired = Math.min(deliveries - deadLettered, poisson(r, deliveries * pOver * model.expiryWhenOverDeadline));
    const nacked = Math.min(deliveries - deadLettered - expired, poisson(r, deliveries * model.nackRatio)) + deadLettered * cfg.maxDeliveryAttempts;
    const acked = Math.max(0, deliveries - expired - nacked);
    queued = Math.max(0, queued + arrivals - acked - deadLettered);
    const inFlight = Math.min(slots, (acked / 60) * meanSec);
    const unacked = queued + Math.round(inFlight);
    // Oldest unacked age: FIFO head waits backlog ÷ throughput (Little, per step) plus a median processing time.
    age = queued >= 1 ? (acked > 0 ? (queued / acked) * 60 : age + 60) + trace.p50Ms / 1000 : inFlight > 0 ? trace.p50Ms / 1000 : 0;
    unackedPrev = unacked;

    s.published[t] = arrivals;
    s.delivered[t] = deliveries;
    s.acked[t] = acked;
    s.nacked[t] = nacked;
    s.expired[t] = expired;
    s.dead[t] = deadLettered;
    s.backlog[t] = unacked;
    s.age[t] = Math.round(age);
    if (acked > 0) {
      // Percentiles of up to 300 sampled processing times: noisy like real per-minute aggregates. No acks = no data.
      const k = Math.min(acked, 300);
      const xs = Float64Array.from({ length: k }, () => Math.exp(mu + sigma * normal(r)) * 1000).sort();
      const q = (p: number) => Math.round(xs[Math.min(k - 1, Math.floor(p * (k - 1) + 0.5))]!);
      s.p50[t] = q(0.5);
      s.p95[t] = q(0.95);
      s.p99[t] = q(0.99);
    }
    s.inst[t] = n;
    if (n > 0) {
      const busy = (inFlight * model.cpuPerBusySlot) / (n * cfg.vcpu);
      s.cpu[t] = round3(Math.min(1, Math.max(0.005, busy + 0.01 + 0.01 * normal(r))));
      s.mem[t] = round3(Math.min(1, (model.memBaseMiB + (inFlight / n) * model.memPerInFlightMiB) / cfg.memoryMiB));
    }
  }
  addGaps(r, steps, [s.published, s.delivered, s.acked, s.nacked, s.expired, s.dead, s.backlog, s.age, s.p50, s.p95, s.p99]);
  addGaps(r, steps, [s.inst, s.cpu, s.mem]);
  return {
    pool: { instanceCount: s.inst, cpuUtilization: s.cpu, memoryUtilization: s.mem },
    sub: {
      publishedMessagesPerMin: s.published, deliveredMessagesPerMin: s.delivered, ackedMessagesPerMin: s.acked,
      nackedMessagesPerMin: s.nacked, expiredAckDeadlinesPerMin: s.expired, deadLetteredMessagesPerMin: s.dead,
      backlogMessages: s.backlog, oldestUnackedAgeSec: s.age, processingTimeMs: { p50: s.p50, p95: s.p95, p99: s.p99 },
    },
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Two monitoring gaps of 3-8 minutes (ingestion gaps are real, docs/sources.md#autoscaling-on-pubsub-metrics): null, never zero. */
function addGaps(r: () => number, steps: number, series: Series[]): void {
  for (let g = 0; g < 2; g++) {
    const start = Math.floor(r() * (steps - 10));
    const len = 3 + Math.floor(r() * 6);
    for (const s of series) for (let i = start; i < start + len; i++) s[i] = null;
  }
}

/** The example snapshot for a workspace and its traces. */
export function exampleSnapshot(ws: Workspace, traces: Map<string, Trace>, models: readonly PoolModel[] = EXAMPLE_MODELS): MetricsSnapshot {
  const snap: MetricsSnapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    source: 'generated: Azure Functions 2019 traces (Azure Public Dataset, Microsoft, CC-BY 4.0) through scripts/gen-example-snapshot.ts',
    project: ws.settings?.settings.project ?? 'example',
    window: { start: '2026-11-20T00:00:00Z', end: '2026-11-21T00:00:00Z', stepSec: 60 },
    pools: {},
    subscriptions: {},
    notes: ['Per-minute fluid queue model; see docs/metrics-snapshot.md ("The example snapshot").'],
  };
  models.forEach((m, i) => {
    const pool = ws.pools.find((p) => p.name === m.pool);
    const trace = [...traces.entries()].find(([k]) => k.startsWith(m.trace))?.[1];
    const subId = pool && subscriptionIdsOf(pool)[0];
    if (!pool || !trace || !subId) throw new Error(`example pool ${m.pool}: config, trace ${m.trace} or subscription not found`);
    const out = simulatePool(m, poolConfig(pool), trace, 1000 + i);
    snap.pools[m.pool] = out.pool;
    snap.subscriptions[subId] = { topic: pool.subscriptions[0]?.topic, ...out.sub };
  });
  return snap;
}

async function main(argv: string[]): Promise<number> {
  const { sources } = await loadSources(['examples']);
  const ws = parseWorkspace(sources);
  const traces = readTraces(readFileSync('examples/traces/invocations_per_minute.csv', 'utf8'), readFileSync('examples/traces/durations_ms.csv', 'utf8'));
  const text = `${JSON.stringify(exampleSnapshot(ws, traces))}\n`;
  const file = 'examples/metrics/snapshot.json';
  if (argv.includes('--check')) {
    const current = readFileSync(file, 'utf8');
    if (current !== text) {
      process.stderr.write(`${file} is stale: run npx tsx scripts/gen-example-snapshot.ts\n`);
      return 1;
    }
    return 0;
  }
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file} (${text.length} bytes)\n`);
  return 0;
}

if (/gen-example-snapshot\.ts$/.test(process.argv[1] ?? '')) main(process.argv.slice(2)).then((c) => (process.exitCode = c), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
