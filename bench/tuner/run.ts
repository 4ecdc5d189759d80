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
 *
 * Robustness (issue 9): "tuned" is the tuner's robust choice — searched on one draw, confirmed on the training
 * replays (DEFAULT_REPLAY_SETTINGS: 5 seeds, 4 block-bootstrap resamples, 1 growth +20%; SLO on ≥ 95% of them,
 * `confirmOnReplays` as in `tune`), and (a) is the exhaustive optimum under that same criterion
 * (`exhaustiveRobustCheapest`). Both are then replayed on HELD-OUT draws the search never saw: 10 other seeds of
 * the recorded arrivals and 10 other bootstrap resamples (HELD_OUT_SEED; no seed in common with the training
 * replays). Target: tuned meets the SLO on ≥ 95% of the held-out replays, total cost ≤ 1.10 × (a).
 *
 * Calibration: the Azure trace records invocations per minute and the day's duration percentiles and mean, not
 * instance counts, so the calibration column compares what it can: the busy instances of today's config (the
 * CREMA defaults, (c)) — slot-seconds spent processing ÷ concurrency ÷ window, from the simulation — with the
 * recorded work, Σ invocations × recorded mean duration ÷ concurrency ÷ window (Little's law L = λW, Little,
 * Operations Research 9(3), 1961). The error is the model's: the lognormal through p50/p99 against the day's
 * recorded mean, plus the sampling noise of one draw.
 * Then the identification corpus (corpus.ts) and one line over both sets (skip it with --no-corpus).
 * Usage: npm run bench:tuner [-- --traces N] [-- --workers 2] [-- --no-corpus]
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { serversForWaitP95 } from '../../shared/queueing/index.ts';
import { Evaluator, type Candidate, type SimContext } from '../../shared/tune/evaluate.ts';
import { searchCheapest, type SearchSpace } from '../../shared/tune/search.ts';
import { arrivalStats, lognormalMoments } from '../../shared/tune/workload.ts';
import { confirmOnReplays } from '../../shared/tune/tune.ts';
import { exhaustiveRobustCheapest } from '../../shared/tune/robust.ts';
import { buildReplays, replayBands } from '../../shared/model/replays.ts';
import { DEFAULT_REPLAY_SETTINGS } from '../../shared/model/bands-schema.ts';
import { simulate } from '../../shared/simulate/index.ts';
import type { SimConfigInput } from '../../shared/simulate/types.ts';
import { loadTraces, type Trace } from './traces.ts';

const SLO = { queueWaitP95Sec: 30, maxMessageAgeSec: 900 };
const CONCURRENCY = 2;
/** Hard instance ceiling: CREMA may go well past its default of 100 when asked (maxReplicaCount). */
const MAX_INSTANCES = 5000;
const SEED = 42;
/** Base seed of the held-out replays: far from SEED's training seeds (SEED + 0…4, + 101…104, + 211). */
const HELD_OUT_SEED = 7_000_042;
const HELD_OUT = { ...DEFAULT_REPLAY_SETTINGS, seeds: 10, resamples: 10, growthReplays: 0 };

interface Row {
  id: string;
  cv: number;
  messages: number;
  tuned: { cost: number; slo: boolean; sims: number; ms: number; config: string; trainShare: number; heldOutMet: number; heldOut: number };
  exhaustive: { cost: number; slo: boolean; sims: number; ms: number; config: string; heldOutMet: number; heldOut: number };
  /** Busy instances of today's config (CREMA defaults): simulated vs recorded work (see the header). */
  calibration: { simulated: number; recorded: number };
  peakStatic: { cost: number; slo: boolean; instances: number };
  defaults: { cost: number; slo: boolean };
}

/** Every simulation of a context goes through `count` (the search's, the replays' and the baselines'). */
function contextFor(t: Trace, count?: { n: number }): SimContext {
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
    ...(count ? { simulateFn: (c: SimConfigInput) => (count.n++, simulate(c)) } : {}),
  };
}

const describe = (c: Candidate | undefined) => {
  if (!c) return 'none';
  const s = c.scaling;
  return s.mode === 'manual' ? `c${c.concurrency} n${s.instances}` : `c${c.concurrency} v${s.targetValue} m${s.minReplicas} M${s.maxReplicas} w${s.scaleDownStabilizationSec}`;
};

function runTrace(t: Trace): Row {
  const tunedSims = { n: 0 };
  const exhSims = { n: 0 };
  const ctx = contextFor(t);
  const space: SearchSpace = { mode: 'crema', concurrencyMax: CONCURRENCY, currentConcurrency: CONCURRENCY, maxInstancesFor: () => MAX_INSTANCES };
  const train = buildReplays(t.arrivalsPerMinute, t.arrivalsPerMinute, SEED, DEFAULT_REPLAY_SETTINGS);
  const heldOut = buildReplays(t.arrivalsPerMinute, t.arrivalsPerMinute, HELD_OUT_SEED, HELD_OUT);
  let t0 = performance.now();
  const tev = new Evaluator(contextFor(t, tunedSims));
  const screened = searchCheapest(tev.ctx, space, tev);
  const first = screened.best ?? screened.bestEffort!;
  const robust = confirmOnReplays(tev, space, screened.evaluations, first, train, DEFAULT_REPLAY_SETTINGS.sloMetShareMin);
  const tunedMs = performance.now() - t0;
  const pick = robust.chosen;
  t0 = performance.now();
  const exh = exhaustiveRobustCheapest(contextFor(t, exhSims), space, train, DEFAULT_REPLAY_SETTINGS.sloMetShareMin);
  const exhMs = performance.now() - t0;
  const tunedHeld = replayBands(ctx, pick.candidate, heldOut);
  const exhHeld = exh.best ? replayBands(ctx, exh.best.candidate, heldOut) : undefined;
  const st = arrivalStats(t.arrivalsPerMinute);
  const w = ctx.workload;
  const servers = serversForWaitP95(st.peakPerSec, w.processingMeanSec, w.processingCv, SLO.queueWaitP95Sec) ?? 1;
  const peakN = Math.max(1, Math.ceil(servers / CONCURRENCY));
  const ev = new Evaluator(ctx);
  const staticEv = ev.evaluate({ concurrency: CONCURRENCY, scaling: { mode: 'manual', instances: peakN } });
  const defEv = ev.evaluate({ concurrency: CONCURRENCY, scaling: { mode: 'crema', targetValue: 10, minReplicas: 0, maxReplicas: 100, scaleDownStabilizationSec: 300 } });
  const windowSec = t.arrivalsPerMinute.length * 60;
  const messages = t.arrivalsPerMinute.reduce((a, b) => a + b, 0);
  const r = defEv.result;
  return {
    id: t.id, cv: t.cv, messages,
    tuned: {
      cost: pick.figures.costUsdPerMonth, slo: robust.bands.sloMetShare + 1e-9 >= DEFAULT_REPLAY_SETTINGS.sloMetShareMin, sims: tunedSims.n, ms: tunedMs,
      config: describe(pick.candidate), trainShare: robust.bands.sloMetShare, heldOutMet: Math.round(tunedHeld.sloMetShare * tunedHeld.replays), heldOut: tunedHeld.replays,
    },
    exhaustive: {
      cost: exh.best?.figures.costUsdPerMonth ?? NaN, slo: !!exh.best, sims: exhSims.n, ms: exhMs, config: describe(exh.best?.candidate),
      heldOutMet: exhHeld ? Math.round(exhHeld.sloMetShare * exhHeld.replays) : 0, heldOut: exhHeld?.replays ?? 0,
    },
    calibration: {
      // Slot-seconds processing over the whole run (the drain included: the window's work) ÷ concurrency ÷ window.
      simulated: (r.meanBusySlots * r.simulatedSec) / CONCURRENCY / windowSec,
      recorded: (messages * (t.avgMs / 1000)) / CONCURRENCY / windowSec,
    },
    peakStatic: { cost: staticEv.figures.costUsdPerMonth, slo: staticEv.figures.sloMet, instances: peakN },
    defaults: { cost: defEv.figures.costUsdPerMonth, slo: defEv.figures.sloMet },
  };
}

const usd = (x: number) => (Number.isFinite(x) ? `$${x.toFixed(0)}` : 'n/a');
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const yes = (b: boolean) => (b ? 'yes' : 'NO');
const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;
const signedPct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}%` : 'n/a');
const calibrationError = (r: Row) => (r.calibration.simulated - r.calibration.recorded) / r.calibration.recorded;

function report(rows: Row[], wallMs: number): void {
  const out: string[] = [];
  out.push('bench/tuner: tuned CREMA config (robust: SLO on ≥ 95% of 10 training replays) vs (a) exhaustive grid optimum under the same criterion, (b) static pool sized for the peak, (c) CREMA defaults');
  out.push(`Traces: Azure Public Dataset, Microsoft (Azure Functions 2019; CC-BY 4.0), busiest 6 h of the day each. SLO: p95 wait ≤ ${SLO.queueWaitP95Sec} s, max age ≤ ${SLO.maxMessageAgeSec} s.`);
  out.push('');
  const head = ['trace', 'CV', 'msgs', 'calib.', 'tuned', 'SLO', 'held-out', '(a) exh.', 'SLO', 'held-out', 'ratio', '(b) peak', 'SLO', 'savings', '(c) dflt', 'SLO', 'sims t/a', 'tuned config'];
  const body = rows.map((r) => [
    r.id, r.cv.toFixed(2), String(r.messages), signedPct(calibrationError(r)), usd(r.tuned.cost), yes(r.tuned.slo), `${r.tuned.heldOutMet}/${r.tuned.heldOut}`,
    usd(r.exhaustive.cost), yes(r.exhaustive.slo), `${r.exhaustive.heldOutMet}/${r.exhaustive.heldOut}`,
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
  const held = (k: 'tuned' | 'exhaustive') => sum((r) => r[k].heldOutMet) / Math.max(1, sum((r) => r[k].heldOut));
  const errs = rows.map((r) => Math.abs(calibrationError(r))).sort((a, b) => a - b);
  out.push(`Held-out replays (${HELD_OUT.seeds} other seeds + ${HELD_OUT.resamples} other resamples per trace, never searched on): tuned meets the SLO on ${pct1(held('tuned'))} (target ≥ 95%; worst trace ${pct(Math.min(...rows.map((r) => r.tuned.heldOutMet / Math.max(1, r.tuned.heldOut))))}), (a) on ${pct1(held('exhaustive'))}.`);
  out.push(`Calibration of today's config (busy instances, simulated vs recorded work): |error| median ${pct(errs[Math.floor(errs.length / 2)] ?? NaN)}, max ${pct(errs[errs.length - 1] ?? NaN)}; ${errs.filter((e) => e <= 0.25).length}/${rows.length} within 25%.`);
  out.push(`SLO met: tuned ${rows.filter((r) => r.tuned.slo).length}/${rows.length}, (a) ${rows.filter((r) => r.exhaustive.slo).length}/${rows.length}, (b) ${rows.filter((r) => r.peakStatic.slo).length}/${rows.length}, (c) ${rows.filter((r) => r.defaults.slo).length}/${rows.length}`);
  const both = rows.filter((r) => Number.isFinite(r.exhaustive.cost) && Number.isFinite(r.tuned.cost));
  const ratio = sum((r) => r.tuned.cost, both) / sum((r) => r.exhaustive.cost, both);
  out.push(`Cost vs (a) on the ${both.length} traces where (a) exists: tuned ${usd(sum((r) => r.tuned.cost, both))} vs ${usd(sum((r) => r.exhaustive.cost, both))} → ratio ${ratio.toFixed(4)} (target ≤ 1.10)${rows.length > both.length ? `; on ${rows.length - both.length} no grid configuration holds on every training replay` : ''}.`);
  out.push(`Total cost/month: tuned ${usd(tunedTotal)}, (a) ${usd(exhTotal)}; (b) ${usd(peakTotal)} → savings ${pct(1 - tunedTotal / peakTotal)}; (c) ${usd(defTotal)}`);
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
  if (!process.argv.includes('--no-corpus')) await combined(rows);
}

/**
 * The same criteria on the identification corpus (bench/tuner/corpus.ts: 14 pools recorded by an independent
 * simulator, judged under their hidden ground truth), then one line over both sets.
 */
async function combined(traceRows: Row[]): Promise<void> {
  const { runCorpus, corpusSummary } = await import('./corpus.ts');
  process.stdout.write('\nIdentification corpus (tuned on the fitted model, judged under the ground truth):\n');
  const corpus = runCorpus();
  process.stdout.write(`${corpusSummary(corpus)}\n`);
  const ratios = [...traceRows.map((r) => r.tuned.cost / r.exhaustive.cost), ...corpus.map((r) => r.ratio)].filter(Number.isFinite);
  // A pool where no grid configuration holds the SLO on the training replays (no robust optimum) is infeasible:
  // it is counted apart, not as a miss of the tuner's.
  const held = [
    ...traceRows.map((r) => ({ share: r.tuned.heldOutMet / Math.max(1, r.tuned.heldOut), feasible: Number.isFinite(r.exhaustive.cost) })),
    ...corpus.map((r) => ({ share: r.tunedShare, feasible: r.optimumShare !== undefined })),
  ];
  const feasible = held.filter((h) => h.feasible);
  const n = held.length;
  process.stdout.write(`\nBoth sets, ${n} pools: worst cost ratio to the robust optimum ${Math.max(...ratios).toFixed(2)} (target ≤ 1.10); held-out SLO met on ≥ 95% of replays for ${feasible.filter((h) => h.share >= 0.95).length}/${feasible.length} pools where some configuration holds it (${n - feasible.length} where none does); mean share over those ${pct1(feasible.reduce((a, h) => a + h.share, 0) / Math.max(1, feasible.length))}.\n`);
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
