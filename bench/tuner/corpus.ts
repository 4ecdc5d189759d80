/**
 * bench/tuner, identification corpus (issue 19): the tuner on the 14 recordings of test/model/identify (recorded
 * by an independent simulator with hidden ground truth), judged under the GROUND TRUTH: the tuner sees only the
 * recording and the files (tunePoolModel on the fitted model); its proposal is then simulated with the true
 * service time, ceiling, CPU cost and start-up, and compared with the exhaustive robust optimum under that truth
 * (`exhaustiveRobustCheapest`, same grid, same training replays), both replayed on HELD-OUT draws. Target: cost ≤
 * 1.10 × optimum, SLO on ≥ 95% of held-out replays. Timing: tune per pool with identification against the same
 * tune with the recorded processing time at face value (the model before identification), same run.
 * Usage: npm run bench:tuner:corpus [-- --cases sms,cpu]
 */
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';
import { buildPoolModel, contextFor, type PoolModel } from '../../shared/model/pool-model.ts';
import { buildReplays, replayBands } from '../../shared/model/replays.ts';
import { DEFAULT_REPLAY_SETTINGS } from '../../shared/model/bands-schema.ts';
import { exhaustiveRobustCheapest } from '../../shared/tune/robust.ts';
import { searchBounds } from '../../shared/tune/stages/bounds.ts';
import { tunePoolModel } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import type { Candidate, SimContext } from '../../shared/tune/evaluate.ts';
import type { ServiceTime } from '../../shared/simulate/types.ts';
import { CORPUS, type CorpusCase } from '../../test/model/identify/cases.ts';
import { filesOf, record } from '../../test/model/identify/ground-truth.ts';

const HELD_OUT_SEED = 7_000_042;
const HELD_OUT = { ...DEFAULT_REPLAY_SETTINGS, seeds: 10, resamples: 10, growthReplays: 0 };
const Z99 = 2.3263478740408408;

/** The true service time of a corpus case, in the simulator's terms. */
function trueService(c: CorpusCase): ServiceTime {
  const s = c.truth.service;
  const light = { p50Sec: s.p50Sec, p99Sec: s.p50Sec * Math.exp(Z99 * s.sigma) };
  if (s.heavyShare === undefined) return { kind: 'lognormal', ...light };
  const k = s.heavyFactor ?? 1;
  return { kind: 'mixture', heavyShare: s.heavyShare, light, heavy: { p50Sec: light.p50Sec * k, p99Sec: light.p99Sec * k } };
}

/** The model's simulator context with the hidden parameters put back (what the pool really is). */
function truthContext(model: PoolModel, c: CorpusCase, v: PoolModel['current']): SimContext {
  const ctx = contextFor(model, v)!;
  const limit = c.truth.limitPerSec ?? c.hidden.limitPerSec;
  const w = { ...ctx.workload, serviceTime: trueService(c), startupSec: c.truth.startupSec };
  if (limit !== undefined) w.downstreamLimitPerSec = limit;
  else delete w.downstreamLimitPerSec;
  if (c.truth.cpuPerMsgSec !== undefined) w.cpuSecondsPerMessage = c.truth.cpuPerMsgSec;
  return { ...ctx, workload: w };
}

function modelFor(c: CorpusCase, identify: boolean) {
  const rec = record(c.truth);
  const ws = parseWorkspace(filesOf(c.truth, c.declare));
  const view = metricsViewFromSnapshot(rec.snapshot, c.truth.minutes, ws, 'corpus');
  const pool = ws.pools.find((p) => p.name === c.truth.name)!;
  return { ws, view, model: buildPoolModel(ws, pool, { metrics: view, arrivalSeries: arrivalSeriesOf(view), identify }) };
}

const cand = (c: Candidate) => (c.scaling.mode === 'manual' ? `${c.scaling.instances} × c${c.concurrency}` : `CREMA v${c.scaling.targetValue} ${c.scaling.minReplicas}–${c.scaling.maxReplicas} c${c.concurrency}`);

/** One corpus case's verdict under the ground truth. */
export interface CorpusRow {
  name: string;
  /** Tuned cost ÷ the exhaustive robust optimum's, both under the truth on held-out replays (NaN: none holds). */
  ratio: number;
  /** Share of held-out replays on which the tuned / the optimum configuration meets the SLO. */
  tunedShare: number;
  optimumShare?: number;
  fitMs: number;
  faceMs: number;
  line: string;
}

/** The corpus bench: every case (or those whose name contains one of `only`), one printed line each. */
export function runCorpus(only?: readonly string[], print: (line: string) => void = console.log): CorpusRow[] {
  const rows: CorpusRow[] = [];
  print('case | tuned (truth) | optimum (truth) | cost ratio | SLO held-out tuned / optimum | tune ms fitted / face value');
  for (const c of CORPUS) {
    if (only && !only.some((o) => c.truth.name.includes(o))) continue;
    const { ws, view, model } = modelFor(c, true);
    let t0 = performance.now();
    const p = tunePoolModel(ws, model, { metrics: view });
    const fitMs = performance.now() - t0;
    const face = modelFor(c, false);
    t0 = performance.now();
    tunePoolModel(face.ws, face.model, { metrics: face.view });
    const faceMs = performance.now() - t0;
    if (!p.recommended.scaling || !p.recommended.concurrency) {
      print(`${c.truth.name} | no sizing (${p.status})`);
      continue;
    }
    const tuned: Candidate = { concurrency: p.recommended.concurrency, scaling: p.recommended.scaling };
    const truth = truthContext(model, c, p.recommended);
    const train = buildReplays(model.recorded!.arrivalsPerMinute, model.workload!.arrivalsPerMinute, model.seed, DEFAULT_REPLAY_SETTINGS);
    const held = buildReplays(model.recorded!.arrivalsPerMinute, model.workload!.arrivalsPerMinute, HELD_OUT_SEED, HELD_OUT);
    const space = searchBounds(model)!.space;
    const exh = exhaustiveRobustCheapest(truth, space, train, DEFAULT_REPLAY_SETTINGS.sloMetShareMin);
    const tb = replayBands(truth, tuned, held);
    const eb = exh.best ? replayBands(truth, exh.best.candidate, held) : undefined;
    const ratio = eb ? tb.costUsdPerMonth.median / eb.costUsdPerMonth.median : NaN;
    const line = `${c.truth.name} | ${cand(tuned)} $${tb.costUsdPerMonth.median.toFixed(0)} | ${exh.best ? `${cand(exh.best.candidate)} $${eb!.costUsdPerMonth.median.toFixed(0)}` : 'none holds'} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'} | ${(tb.sloMetShare * 100).toFixed(0)}% / ${eb ? (eb.sloMetShare * 100).toFixed(0) : '—'}% | ${fitMs.toFixed(0)} / ${faceMs.toFixed(0)}`;
    print(line);
    rows.push({ name: c.truth.name, ratio, tunedShare: tb.sloMetShare, ...(eb ? { optimumShare: eb.sloMetShare } : {}), fitMs, faceMs, line });
  }
  return rows;
}

/** The corpus's summary line: worst cost ratio, SLO held, tune time ratio. */
export function corpusSummary(rows: readonly CorpusRow[]): string {
  const worst = Math.max(0, ...rows.map((r) => r.ratio).filter(Number.isFinite));
  const sloOk = rows.filter((r) => r.tunedShare >= 0.95 || r.optimumShare === undefined || r.optimumShare < 0.95).length;
  const fit = rows.reduce((a, r) => a + r.fitMs, 0);
  const face = rows.reduce((a, r) => a + r.faceMs, 0);
  return `${rows.length} cases: worst cost ratio ${worst.toFixed(2)} (target ≤ 1.10); SLO held on ≥ 95% of held-out replays in ${sloOk}/${rows.length} (or no configuration holds it); tune time fitted ÷ face value ${(fit / Math.max(1, face)).toFixed(2)}×`;
}

if (process.argv[1]?.endsWith('corpus.ts')) {
  const only = process.argv.find((a) => a.startsWith('--cases='))?.slice(8).split(',');
  console.log(`\n${corpusSummary(runCorpus(only))}`);
}
