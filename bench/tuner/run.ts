/**
 * bench/tuner: the tuner on 24 real arrival traces (Azure Public Dataset, Microsoft: Azure Functions 2019, see
 * traces/PROVENANCE.md), each the day's busiest 6-hour window, against three baselines simulated with the same
 * simulator and seed:
 *   (a) the cheapest grid configuration by exhaustive search (branch and bound: exact, no monotonicity assumed),
 *   (b) a static pool sized for the busiest minute (M/G/c Allen–Cunneen p95 sizing, manual scaling),
 *   (c) CREMA/KEDA defaults (target 10, min 0, max 100, scale-down window 300 s).
 * Every pool: 1 vCPU / 512 MiB, concurrency ceiling 2 (CPU-heavy work wants concurrency near the vCPU count,
 * docs/sources.md#concurrency-bounds), at most 5,000 instances, SLO p95 queue wait ≤ 30 s and
 * max message age ≤ 900 s, lease extension on, no failures (the traces carry none).
 * Usage: npm run bench:tuner [-- --traces N] [-- --workers 2]
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serversForWaitP95 } from '../../shared/queueing/index.ts';
import { Evaluator, type Candidate, type SimContext } from '../../shared/tune/evaluate.ts';
import { exhaustiveCheapest, searchCheapest, type SearchSpace } from '../../shared/tune/search.ts';
import { arrivalStats, lognormalMoments } from '../../shared/tune/workload.ts';
import { loadTraces, type Trace } from './traces.ts';

const SLO = { queueWaitP95Sec: 30, maxMessageAgeSec: 900 };
const CONCURRENCY = 2;
/** Hard instance ceiling: CREMA may go well past its default of 100 when asked (maxReplicaCount). */
const MAX_INSTANCES = 5000;
const SEED = 42;

interface Row {
  id: string;
  cv: number;
  messages: number;
  tuned: { cost: number; slo: boolean; sims: number; ms: number; config: string };
  exhaustive: { cost: number; slo: boolean; sims: number; ms: number; config: string };
  peakStatic: { cost: number; slo: boolean; instances: number };
  defaults: { cost: number; slo: boolean };
}

function contextFor(t: Trace): SimContext {
  const { meanSec, cv } = lognormalMoments(t.p50Ms / 1000, t.p99Ms / 1000);
  return {
    workload: {
      source: `azure-functions-2019/${t.id}`, arrivalsPerMinute: t.arrivalsPerMinute, arrivalBasis: 'series',
      serviceTime: { kind: 'lognormal', p50Sec: t.p50Ms / 1000, p99Sec: t.p99Ms / 1000 },
      processingMeanSec: meanSec, processingP99Sec: t.p99Ms / 1000, processingCv: cv, processingBasis: 'trace', failureRatio: 0, startupSec: 0,
    },
    slo: SLO, shape: { vcpu: 1, memoryGiB: 0.5 }, seed: SEED,
    subscription: { ackDeadlineSec: 60, leaseExtension: true },
    crema: { pollingIntervalSec: 30 },
  };
}

const describe = (c: Candidate | undefined) => {
  if (!c) return 'none';
  const s = c.scaling;
  return s.mode === 'manual' ? `c${c.concurrency} n${s.instances}` : `c${c.concurrency} v${s.targetValue} m${s.minReplicas} M${s.maxReplicas} w${s.scaleDownStabilizationSec}`;
};

function runTrace(t: Trace): Row {
  const ctx = contextFor(t);
  const space: SearchSpace = { mode: 'crema', concurrencyMax: CONCURRENCY, currentConcurrency: CONCURRENCY, maxInstancesFor: () => MAX_INSTANCES };
  let t0 = performance.now();
  const tuned = searchCheapest(ctx, space, new Evaluator(ctx));
  const tunedMs = performance.now() - t0;
  t0 = performance.now();
  const exh = exhaustiveCheapest(ctx, space, new Evaluator(ctx), { bound: true });
  const exhMs = performance.now() - t0;
  const st = arrivalStats(t.arrivalsPerMinute);
  const w = ctx.workload;
  const servers = serversForWaitP95(st.peakPerSec, w.processingMeanSec, w.processingCv, SLO.queueWaitP95Sec) ?? 1;
  const peakN = Math.max(1, Math.ceil(servers / CONCURRENCY));
  const ev = new Evaluator(ctx);
  const staticEv = ev.evaluate({ concurrency: CONCURRENCY, scaling: { mode: 'manual', instances: peakN } });
  const defEv = ev.evaluate({ concurrency: CONCURRENCY, scaling: { mode: 'crema', targetValue: 10, minReplicas: 0, maxReplicas: 100, scaleDownStabilizationSec: 300 } });
  const pick = tuned.best ?? tuned.bestEffort;
  return {
    id: t.id, cv: t.cv, messages: t.arrivalsPerMinute.reduce((a, b) => a + b, 0),
    tuned: { cost: pick?.figures.costUsdPerMonth ?? NaN, slo: pick?.figures.sloMet ?? false, sims: tuned.simulations, ms: tunedMs, config: describe(pick?.candidate) },
    exhaustive: { cost: exh.best?.figures.costUsdPerMonth ?? NaN, slo: !!exh.best, sims: exh.simulations, ms: exhMs, config: describe(exh.best?.candidate) },
    peakStatic: { cost: staticEv.figures.costUsdPerMonth, slo: staticEv.figures.sloMet, instances: peakN },
    defaults: { cost: defEv.figures.costUsdPerMonth, slo: defEv.figures.sloMet },
  };
}

const usd = (x: number) => (Number.isFinite(x) ? `$${x.toFixed(0)}` : 'n/a');
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const yes = (b: boolean) => (b ? 'yes' : 'NO');

function report(rows: Row[], wallMs: number): void {
  const out: string[] = [];
  out.push('bench/tuner: tuned CREMA config vs (a) exhaustive grid optimum, (b) static pool sized for the peak, (c) CREMA defaults');
  out.push(`Traces: Azure Public Dataset, Microsoft (Azure Functions 2019; CC-BY 4.0), busiest 6 h of the day each. SLO: p95 wait ≤ ${SLO.queueWaitP95Sec} s, max age ≤ ${SLO.maxMessageAgeSec} s.`);
  out.push('');
  const head = ['trace', 'CV', 'msgs', 'tuned', 'SLO', '(a) exh.', 'SLO', 'ratio', '(b) peak', 'SLO', 'savings', '(c) dflt', 'SLO', 'sims t/a', 'tuned config'];
  const body = rows.map((r) => [
    r.id, r.cv.toFixed(2), String(r.messages), usd(r.tuned.cost), yes(r.tuned.slo), usd(r.exhaustive.cost), yes(r.exhaustive.slo),
    (r.tuned.cost / r.exhaustive.cost).toFixed(3), `${usd(r.peakStatic.cost)} (${r.peakStatic.instances})`, yes(r.peakStatic.slo),
    pct(1 - r.tuned.cost / r.peakStatic.cost), usd(r.defaults.cost), yes(r.defaults.slo), `${r.tuned.sims}/${r.exhaustive.sims}`, r.tuned.config,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const line of [head, ...body]) out.push(line.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const sum = (f: (r: Row) => number, rs = rows) => rs.reduce((a, r) => a + f(r), 0);
  const tunedTotal = sum((r) => r.tuned.cost);
  const exhTotal = sum((r) => r.exhaustive.cost);
  const peakTotal = sum((r) => r.peakStatic.cost);
  const defTotal = sum((r) => r.defaults.cost);
  out.push('');
  out.push(`SLO met: tuned ${rows.filter((r) => r.tuned.slo).length}/${rows.length}, (a) ${rows.filter((r) => r.exhaustive.slo).length}/${rows.length}, (b) ${rows.filter((r) => r.peakStatic.slo).length}/${rows.length}, (c) ${rows.filter((r) => r.defaults.slo).length}/${rows.length}`);
  out.push(`Total cost/month: tuned ${usd(tunedTotal)}, (a) ${usd(exhTotal)} → ratio ${(tunedTotal / exhTotal).toFixed(4)} (target ≤ 1.05); (b) ${usd(peakTotal)} → savings ${pct(1 - tunedTotal / peakTotal)}; (c) ${usd(defTotal)}`);
  const vol = rows.filter((r) => r.cv > 1);
  const savings = vol.map((r) => 1 - r.tuned.cost / r.peakStatic.cost).sort((a, b) => a - b);
  const inBand = savings.filter((s) => s >= 0.4 && s <= 0.6).length;
  const volTotal = 1 - sum((r) => r.tuned.cost, vol) / sum((r) => r.peakStatic.cost, vol);
  out.push(`Volatile traces (CV > 1): ${vol.length}; savings vs peak provisioning: total ${pct(volTotal)}, median ${pct(savings[Math.floor(savings.length / 2)] ?? NaN)}, range ${pct(savings[0] ?? NaN)}–${pct(savings[savings.length - 1] ?? NaN)}; ${inBand} of ${vol.length} inside the article's 40–60% band, ${savings.filter((s) => s > 0.6).length} above, ${savings.filter((s) => s < 0.4).length} below.`);
  const steady = rows.filter((r) => r.cv <= 1);
  if (steady.length) out.push(`Steady traces (CV ≤ 1): ${steady.length}; savings vs peak provisioning: total ${pct(1 - sum((r) => r.tuned.cost, steady) / sum((r) => r.peakStatic.cost, steady))}.`);
  out.push(`Simulations: tuner ${sum((r) => r.tuned.sims)} in ${(sum((r) => r.tuned.ms) / 1000).toFixed(1)} s, exhaustive ${sum((r) => r.exhaustive.sims)} in ${(sum((r) => r.exhaustive.ms) / 1000).toFixed(1)} s (ratio ${(sum((r) => r.exhaustive.ms) / sum((r) => r.tuned.ms)).toFixed(1)}×); wall ${(wallMs / 1000).toFixed(1)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const traces = loadTraces().slice(0, arg('traces', Infinity));
  const workers = Math.max(1, Math.min(arg('workers', 2), traces.length));
  const t0 = performance.now();
  const rows: Row[] = new Array<Row>(traces.length);
  let next = 0;
  let done = 0;
  await new Promise<void>((resolve, reject) => {
    for (let k = 0; k < workers; k++) {
      // The worker loads this file through tsx's CommonJS hook (workers do not inherit `--import tsx`).
      const w = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: null });
      const feed = () => {
        if (next >= traces.length) {
          void w.terminate();
          return;
        }
        const i = next++;
        w.postMessage({ i, trace: traces[i] });
      };
      w.on('message', (m: { i: number; row: Row }) => {
        rows[m.i] = m.row;
        process.stderr.write(`  ${m.row.id}: tuned ${usd(m.row.tuned.cost)} vs exhaustive ${usd(m.row.exhaustive.cost)} (${++done}/${traces.length})\n`);
        if (done === traces.length) resolve();
        feed();
      });
      w.on('error', reject);
      feed();
    }
  });
  report(rows, performance.now() - t0);
}

if (isMainThread) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench/tuner: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
} else {
  void workerData;
  parentPort!.on('message', (m: { i: number; trace: Trace }) => parentPort!.postMessage({ i: m.i, row: runTrace(m.trace) }));
}
