/**
 * Every scaling mode a worker pool can use, compared on the same replays (issue 9 item 5): manual (a fixed count),
 * CREMA on queue depth (num_undelivered_messages) and Cloud Run's own CPU autoscaling
 * (https://docs.cloud.google.com/run/docs/configuring/workerpools/cpu-autoscaling: 60% CPU target by default,
 * 1–100 instances). Each mode is searched for its cheapest settings whose SLO holds on the required share of the
 * replays (the tuner's robust criterion, robust.ts), and the cheapest mode that holds is recommended.
 *
 * Why a mode wins is mostly one number: the CPU utilisation of an instance with every slot working,
 *   u_full = min(1, concurrency × cpuSecondsPerMessage ÷ mean processing time ÷ vCPU)
 * (cpuSecondsPerMessage from the per-minute CPU fit, resources.ts). The CPU autoscaler sees CPU, not the backlog
 * (cpu-autoscaler.ts): if u_full is below its target, a growing queue cannot raise utilisation above the target and
 * the pool never scales up for it (I/O-bound work: the slots wait on something other than the CPU). Above the
 * target, utilisation follows the load and CPU autoscaling tracks it without an external scaler to run.
 * Ties (within MODE_NEAR_TIE of the cheapest) go to today's mode (no migration), then to the mode with fewer moving
 * parts: CPU autoscaling (built in), manual, CREMA (a separate scaler service) — CPU autoscaling last when it
 * cannot see the load (u_full below its target: it is then a fixed pool at its minimum).
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import { bandsOf, replayContext, type Replay } from '../model/replays.ts';
import { simulate } from '../simulate/index.ts';
import type { SimConfigInput } from '../simulate/types.ts';
import { figuresOf, simConfigFor, type Evaluation, type Evaluator, type SimContext } from './evaluate.ts';
import type { ModeComparison, ModeOption, ScalingMode } from './modes-schema.ts';
import type { Figures, ScalingChoice } from './schema.ts';
import { searchCheapest, type SearchSpace } from './search.ts';
import { confirmOnReplays } from './stages/confirm.ts';

/** CPU targets searched: the default 60% and one step either side (a lower target scales earlier). */
export const CPU_TARGETS = [0.4, 0.6, 0.8] as const;
export const CPU_DEFAULTS = { targetUtilization: 0.6, minInstances: 1, maxInstances: 100 } as const;
/** Within this share of the cheapest mode's cost, modes count as a tie. */
export const MODE_NEAR_TIE = 0.02;

export interface CpuSettings { targetUtilization: number; minInstances: number; maxInstances: number }

export interface ModeInputs {
  /** The evaluator of the proposed subscription settings (its context is every simulation's). */
  ev: Evaluator;
  /** The pool's own search space (manual or CREMA) with its ceilings. */
  space: SearchSpace;
  /** The tuner's robust choice in the pool's own mode, with its share of replays. */
  chosen?: { evaluation: Evaluation; sloMetShare: number };
  replays: readonly Replay[];
  minShare: number;
  currentMode?: ScalingMode;
  /** Today's CPU autoscaling settings, when the pool uses it. */
  currentCpu?: CpuSettings;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => `$${x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

function describeScaling(s: ScalingChoice, concurrency: number): string {
  return s.mode === 'manual'
    ? `${s.instances} instance${s.instances === 1 ? '' : 's'}, concurrency ${concurrency}`
    : `CREMA value ${s.targetValue}, min ${s.minReplicas}, max ${s.maxReplicas}, concurrency ${concurrency}`;
}

export function describeCpu(c: CpuSettings, concurrency: number): string {
  return `CPU target ${pct(c.targetUtilization)}, min ${c.minInstances}, max ${c.maxInstances}, concurrency ${concurrency}`;
}

/** The simulator config of a CPU-autoscaled candidate (same context, seed and subscription as any other). */
export function cpuSimConfig(ctx: SimContext, concurrency: number, cpu: CpuSettings): SimConfigInput {
  const base = simConfigFor(ctx, { concurrency, scaling: { mode: 'manual', instances: cpu.minInstances } });
  return {
    ...base,
    scaling: {
      kind: 'cpu', targetUtilization: cpu.targetUtilization, minInstances: cpu.minInstances, maxInstances: cpu.maxInstances,
      ...(ctx.workload.initialInstances !== undefined ? { initialInstances: ctx.workload.initialInstances } : {}),
    },
  };
}

/** CPU utilisation of an instance with every slot working (u_full in the header), or undefined without a CPU fit. */
export function fullInstanceCpu(ctx: SimContext, concurrency: number): number | undefined {
  const c = ctx.workload.cpuSecondsPerMessage;
  if (c === undefined || !(ctx.workload.processingMeanSec > 0)) return undefined;
  return Math.min(1, (concurrency * c) / ctx.workload.processingMeanSec / ctx.shape.vcpu);
}

interface CpuEval { cpu: CpuSettings; figures: Figures; share: number; holds: boolean }

/** A CPU-autoscaled candidate on the screening replay, then (if it can still reach minShare) on every replay. */
function evaluateCpu(ctx: SimContext, concurrency: number, cpu: CpuSettings, replays: readonly Replay[], minShare: number): CpuEval {
  const run = ctx.simulateFn ?? simulate;
  const screen = figuresOf(ctx, run(cpuSimConfig(ctx, concurrency, cpu)));
  const r0 = replays[0];
  const firstIsScreen = !!r0 && r0.kind === 'recorded' && r0.seed === ctx.seed && r0.arrivalsPerMinute.length === ctx.workload.arrivalsPerMinute.length;
  if (firstIsScreen && !screen.sloMet && minShare * replays.length > replays.length - 1) return { cpu, figures: screen, share: 0, holds: false };
  const rest = firstIsScreen ? replays.slice(1) : replays;
  const figs = rest.map((r) => {
    const c = replayContext(ctx, r);
    return figuresOf(c, run(cpuSimConfig(c, concurrency, cpu)));
  });
  const share = bandsOf(firstIsScreen ? [screen, ...figs] : figs, replays).sloMetShare;
  return { cpu, figures: screen, share, holds: share + 1e-9 >= minShare };
}

/**
 * The cheapest CPU autoscaling settings that hold. Screen on one replay, confirm on all (as the tuner does): per
 * target in CPU_TARGETS, the smallest minInstances (1…cap, by bisection: more warm instances never break an SLO
 * that fewer met) meeting the SLO on the screening replay; the cheapest of those is replayed on every draw and, if
 * it does not hold on minShare of them, its minimum is raised (×1.25, at least +1) until it does or reaches the cap.
 */
export function searchCpu(ctx: SimContext, concurrency: number, cap: number, replays: readonly Replay[], minShare: number): { best?: CpuEval; bestEffort?: CpuEval } {
  const run = ctx.simulateFn ?? simulate;
  const maxInstances = Math.max(1, cap);
  const screen = (cpu: CpuSettings) => figuresOf(ctx, run(cpuSimConfig(ctx, concurrency, cpu)));
  let pick: { cpu: CpuSettings; figures: Figures } | undefined;
  for (const target of CPU_TARGETS) {
    const at = (m: number) => ({ cpu: { targetUtilization: target, minInstances: m, maxInstances }, figures: screen({ targetUtilization: target, minInstances: m, maxInstances }) });
    let found = at(1);
    if (!found.figures.sloMet) {
      const top = at(maxInstances);
      if (!top.figures.sloMet) continue;
      found = top;
      let lo = 1;
      let hi = maxInstances;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        const e = at(mid);
        if (e.figures.sloMet) {
          hi = mid;
          found = e;
        } else lo = mid;
      }
    }
    if (!pick || found.figures.costUsdPerMonth < pick.figures.costUsdPerMonth - 1e-9) pick = found;
  }
  const start: CpuSettings = pick?.cpu ?? { ...CPU_DEFAULTS, maxInstances };
  let e = evaluateCpu(ctx, concurrency, start, replays, minShare);
  let bestEffort = e;
  while (!e.holds && e.cpu.minInstances < maxInstances) {
    const m = Math.min(maxInstances, Math.max(e.cpu.minInstances + 1, Math.ceil(e.cpu.minInstances * 1.25)));
    e = evaluateCpu(ctx, concurrency, { ...e.cpu, minInstances: m }, replays, minShare);
    if (e.share > bestEffort.share) bestEffort = e;
  }
  return e.holds ? { best: e } : { bestEffort };
}

const TIE_ORDER: ScalingMode[] = ['cpu', 'manual', 'crema'];

/** Compares the three modes and recommends one (see the header). */
export function compareModes(inp: ModeInputs): ModeComparison {
  const ctx = inp.ev.ctx;
  const options: ModeOption[] = [];
  const concurrency = inp.chosen?.evaluation.candidate.concurrency ?? inp.space.currentConcurrency ?? inp.space.concurrencyMax;
  const cap = Math.max(1, Math.floor(inp.space.maxInstancesFor(concurrency)));
  // Manual and CREMA: the tuner's own choice for the pool's mode, a robust search for the other.
  for (const mode of ['manual', 'crema'] as const) {
    let ev: Evaluation | undefined;
    let share: number | undefined;
    if (inp.space.mode === mode && inp.chosen) {
      ev = inp.chosen.evaluation;
      share = inp.chosen.sloMetShare;
    } else {
      const space: SearchSpace = { ...inp.space, mode };
      const screened = searchCheapest(ctx, space, inp.ev);
      const first = screened.best ?? screened.bestEffort;
      if (first) {
        const r = confirmOnReplays(inp.ev, space, screened.evaluations, first, inp.replays, inp.minShare);
        ev = r.chosen;
        share = r.bands.sloMetShare;
      }
    }
    if (!ev || share === undefined) {
      options.push({ mode, current: inp.currentMode === mode, settings: '—', assessed: false, meetsSlo: false, note: 'no candidate in the search space' });
      continue;
    }
    options.push({
      mode, current: inp.currentMode === mode, settings: describeScaling(ev.candidate.scaling, ev.candidate.concurrency), assessed: true,
      costUsdPerMonth: ev.figures.costUsdPerMonth, queueWaitP95Sec: ev.figures.queueWaitP95Sec, sloMetShare: share, meetsSlo: share + 1e-9 >= inp.minShare,
    });
  }
  const uFull = fullInstanceCpu(ctx, concurrency);
  if (uFull === undefined) {
    options.push({ mode: 'cpu', current: inp.currentMode === 'cpu', settings: inp.currentCpu ? describeCpu(inp.currentCpu, concurrency) : '—', assessed: false, meetsSlo: false, note: 'not simulated: no CPU per message (the metrics have no container/cpu/utilizations series to fit it from)' });
  } else {
    const cpuCap = Math.min(cap, 1000);
    const r = searchCpu(ctx, concurrency, cpuCap, inp.replays, inp.minShare);
    const e = r.best ?? r.bestEffort;
    if (e) {
      options.push({
        mode: 'cpu', current: inp.currentMode === 'cpu', settings: describeCpu(e.cpu, concurrency), cpu: e.cpu, assessed: true,
        costUsdPerMonth: e.figures.costUsdPerMonth, queueWaitP95Sec: e.figures.queueWaitP95Sec, sloMetShare: e.share, meetsSlo: e.holds,
        ...(r.best ? {} : { note: `no CPU target (${CPU_TARGETS.map(pct).join(', ')}) or minimum up to ${cpuCap} holds the SLO` }),
      });
    }
    if (inp.currentCpu) {
      const today = evaluateCpu(ctx, concurrency, inp.currentCpu, inp.replays, inp.minShare);
      options.push({
        mode: 'cpu', current: true, settings: `today: ${describeCpu(inp.currentCpu, concurrency)}`, cpu: inp.currentCpu, assessed: true,
        costUsdPerMonth: today.figures.costUsdPerMonth, queueWaitP95Sec: today.figures.queueWaitP95Sec, sloMetShare: today.share, meetsSlo: today.holds,
      });
    }
  }
  const { recommended, why } = recommend(options, inp, uFull, ctx.slo);
  return { options, recommended, why, ...(uFull !== undefined ? { fullInstanceCpu: uFull } : {}) };
}

function recommend(options: ModeOption[], inp: ModeInputs, uFull: number | undefined, slo: PoolSlo): { recommended: ScalingMode; why: string } {
  // The best option per mode (today's CPU settings are shown but compete only through the searched ones).
  const per = new Map<ScalingMode, ModeOption>();
  for (const o of options) {
    if (!o.assessed || o.settings.startsWith('today:')) continue;
    per.set(o.mode, o);
  }
  const holding = [...per.values()].filter((o) => o.meetsSlo);
  const cost = (o: ModeOption) => o.costUsdPerMonth ?? Infinity;
  const cpu = per.get('cpu');
  const target = cpu?.cpu?.targetUtilization ?? CPU_DEFAULTS.targetUtilization;
  const cpuWhy = uFull === undefined
    ? 'CPU autoscaling was not assessed (no CPU per message in the metrics).'
    : uFull < CPU_DEFAULTS.targetUtilization
      ? `The work is I/O-bound: an instance with every slot busy uses ${pct(uFull)} CPU, below the ${pct(CPU_DEFAULTS.targetUtilization)} default target, so Cloud Run's CPU autoscaler cannot see a growing queue (it scales on CPU, not backlog)${cpu && !cpu.meetsSlo ? `; simulated, it holds the SLO on ${pct(cpu.sloMetShare ?? 0)} of replays` : ''}.`
      : `The work is CPU-bound: an instance with every slot busy uses ${pct(uFull)} CPU, so utilisation follows the load and Cloud Run's CPU autoscaler (target ${pct(target)}) tracks it without a scaler to run.`;
  const sloText = `${slo.queueWaitP95Sec !== undefined ? `p95 wait ≤ ${slo.queueWaitP95Sec} s` : ''}${slo.queueWaitP95Sec !== undefined && slo.maxMessageAgeSec !== undefined ? ', ' : ''}${slo.maxMessageAgeSec !== undefined ? `max age ≤ ${slo.maxMessageAgeSec} s` : ''}`;
  const list = [...per.values()].map((o) => `${o.mode === 'cpu' ? 'CPU autoscaling' : o.mode === 'crema' ? 'CREMA' : 'manual'} ${o.costUsdPerMonth !== undefined ? usd(o.costUsdPerMonth) : '—'}/month (SLO on ${pct(o.sloMetShare ?? 0)} of replays)`).join('; ');
  if (holding.length === 0) {
    const best = [...per.values()].sort((a, b) => (b.sloMetShare ?? 0) - (a.sloMetShare ?? 0) || cost(a) - cost(b))[0];
    const mode = best?.mode ?? inp.currentMode ?? 'manual';
    return { recommended: mode, why: `No mode holds the SLO (${sloText}) on ${pct(inp.minShare)} of ${inp.replays.length} replays; ${mode} comes closest. ${cpuWhy} Compared: ${list}.` };
  }
  const cheapest = Math.min(...holding.map(cost));
  const tied = holding.filter((o) => cost(o) <= cheapest * (1 + MODE_NEAR_TIE) + 1e-9);
  // CPU autoscaling that cannot see the load (u_full below its target) is a fixed pool at its minimum: on a tie it
  // ranks last, after manual.
  const order = uFull !== undefined && uFull >= target ? TIE_ORDER : (['manual', 'crema', 'cpu'] as ScalingMode[]);
  tied.sort((a, b) => (a.mode === inp.currentMode ? -1 : b.mode === inp.currentMode ? 1 : order.indexOf(a.mode) - order.indexOf(b.mode)));
  const pick = tied[0]!;
  const name = pick.mode === 'cpu' ? 'Cloud Run CPU autoscaling' : pick.mode === 'crema' ? 'CREMA on queue depth' : 'manual scaling';
  const reason = tied.length > 1
    ? `within ${pct(MODE_NEAR_TIE)} of the cheapest, and ${pick.mode === inp.currentMode ? 'the pool already uses it' : 'it has fewer moving parts'}`
    : 'the cheapest mode whose SLO holds';
  const how = pick.mode === inp.currentMode ? '' : pick.mode === 'cpu'
    ? ' To switch: remove the CREMA ScaledObject (if any), set the worker pool to automatic scaling with run.googleapis.com/minScale, maxScale and the CPU target (annotation names UNCONFIRMED: docs/tuner.md#scaling-modes).'
    : pick.mode === 'crema'
      ? ' To switch: set run.googleapis.com/scalingMode: manual and deploy CREMA with a gcp-pubsub ScaledObject for the pool (https://github.com/GoogleCloudPlatform/cloud-run-external-metrics-autoscaling).'
      : ' To switch: set run.googleapis.com/scalingMode: manual and run.googleapis.com/manualInstanceCount (remove any CREMA ScaledObject).';
  const modeName = (m: ScalingMode | undefined) => (m === 'cpu' ? 'Cloud Run CPU autoscaling' : m === 'crema' ? 'CREMA' : 'manual scaling');
  // A switch of mode is advice beside the proposal, never part of its diff: say so, so the words and the diff agree.
  const aside = pick.mode === inp.currentMode || inp.currentMode === undefined ? '' : `Not in the diff, which keeps ${modeName(inp.currentMode)}: `;
  return { recommended: pick.mode, why: `${aside}${name} (${pick.settings}): ${reason} (${sloText} on ≥ ${pct(inp.minShare)} of ${inp.replays.length} replays). ${cpuWhy} Compared: ${list}.${how}` };
}
