/**
 * Stage "size": concurrency and scaling on the fitted model: bounds → screen on one replay → confirm on all
 * replays → compare scaling modes → (when nothing meets the SLO) the best under the hard limits. Returns data only;
 * the words come from rationale.ts and the stages' own renderers, from these numbers.
 */
import type { Workspace } from '../../config/workspace.ts';
import type { PredictedBands } from '../../model/bands-schema.ts';
import { contextFor, todayFigures, type PoolModel } from '../../model/pool-model.ts';
import { buildReplays, replayBands } from '../../model/replays.ts';
import { Evaluator, type Evaluation } from '../evaluate.ts';
import { compareModes, CPU_DEFAULTS } from '../modes.ts';
import type { ModeComparison } from '../modes-schema.ts';
import { explainScaling } from '../rationale.ts';
import type { Figures, PoolSettingsValues, Proposal, Rationale } from '../schema.ts';
import { arrivalStats } from '../workload.ts';
import type { TuneOptions } from '../tune.ts';
import { replaySettingsOf } from '../replay-settings.ts';
import { searchBounds } from './bounds.ts';
import { confirmOnReplays } from './confirm.ts';
import { bestUnderHardLimits } from './infeasible-stage.ts';
import { screen } from './screen.ts';
import { splitAdvice } from './split.ts';
import { scheduleFor } from './schedule.ts';
import type { ScalingChoice, ScheduleComparison } from '../schema.ts';

export interface SizeStage {
  status: 'proposed' | 'infeasible';
  scaling?: Pick<PoolSettingsValues, 'concurrency' | 'scaling'>;
  currentFigures?: Figures;
  predictedFigures?: Figures;
  search: NonNullable<Proposal['search']>;
  scalingModes?: ModeComparison;
  feasibility?: Proposal['feasibility'];
  mixedWork?: Proposal['mixedWork'];
  bands: { current?: PredictedBands; predicted?: PredictedBands };
  /** The regular peak and the schedule beside the reactive choice (stages/schedule.ts), when the recording has a peak. */
  schedule?: ScheduleComparison;
  /** Rationale that leads (the sizing), and that follows the policies (mode, ceiling). */
  lead: Rationale[];
  tail: Rationale[];
  warnings: string[];
}

/** Sizes a pool whose model has a workload with arrivals and a worker pool; `withPolicies` is today's values plus the policy stage's. */
export function sizePool(ws: Workspace, model: PoolModel, withPolicies: PoolSettingsValues, options: TuneOptions): SizeStage {
  const { pool, workload, current } = model;
  const bounds = searchBounds(model)!;
  const warnings: string[] = model.lease.warning ? [model.lease.warning] : [];
  const ev = new Evaluator(contextFor(model, withPolicies)!);
  const currentCand = model.currentCandidate;
  const { result, chosen: screened, kept: screenedKept } = screen(ev, bounds, currentCand, pool);
  const search = { simulations: result.simulations, pruned: result.gridSize - result.simulations, seed: model.seed };
  // Today's figures: the one computation every command, tool and hover reads (pool-model.ts).
  const currentFigures = currentCand ? todayFigures(model) : undefined;
  if (!currentCand) warnings.push('The current scaling (CPU autoscaling, or no worker pool) is not simulated: no current figures.');
  const replaySettings = replaySettingsOf(ws.settings?.settings.tuner, options.replays);
  const replays = buildReplays(model.recorded!.arrivalsPerMinute, workload!.arrivalsPerMinute, model.seed, replaySettings);
  let chosen = screened;
  let kept = screenedKept;
  let predictedBands: PredictedBands | undefined;
  let schedule: ScheduleComparison | undefined;
  if (chosen) {
    const robust = confirmOnReplays(ev, bounds.space, result.evaluations, chosen, replays, replaySettings.sloMetShareMin);
    if (robust.chosen !== chosen) kept = undefined;
    chosen = robust.chosen;
    predictedBands = robust.bands;
    // Stage "schedule": cron windows beside the reactive trigger; a winning schedule replaces the reactive choice.
    const sched = scheduleFor(model, ev, chosen, replays, replaySettings.sloMetShareMin);
    schedule = sched?.comparison;
    if (sched?.chosen) [chosen, predictedBands, kept] = [sched.chosen.evaluation, sched.chosen.bands, undefined];
    else if (robust.warning) warnings.push(robust.warning);
  }
  const tail: Rationale[] = [];
  let scalingModes: ModeComparison | undefined;
  if (chosen && predictedBands && options.compareModes !== false) {
    const wp = pool.workerPool!;
    const cpuToday = !pool.scaler && wp.scalingMode === 'automatic' && wp.cpuTarget !== 'disabled';
    scalingModes = compareModes({
      ev, space: bounds.space, chosen: { evaluation: chosen, sloMetShare: predictedBands.sloMetShare }, replays, minShare: replaySettings.sloMetShareMin,
      currentMode: pool.scaler ? 'crema' : cpuToday ? 'cpu' : 'manual',
      ...(cpuToday ? { currentCpu: { targetUtilization: typeof wp.cpuTarget === 'number' ? wp.cpuTarget : CPU_DEFAULTS.targetUtilization, minInstances: wp.minInstances ?? CPU_DEFAULTS.minInstances, maxInstances: wp.maxInstances ?? CPU_DEFAULTS.maxInstances } } : {}),
    });
    if (scalingModes.recommended !== bounds.space.mode) tail.push({ setting: 'scalingMode', text: scalingModes.why });
  }
  // Today's bands: the baseline a verification compares with, and the "current" column beside the proposal's.
  const bands: SizeStage['bands'] = currentCand ? { current: replayBands(contextFor(model, current)!, currentCand, replays) } : {};
  if (schedule) tail.push({ setting: 'schedules', text: schedule.text });
  const base = { search, ...(currentFigures ? { currentFigures } : {}), ...(scalingModes ? { scalingModes } : {}), ...(schedule ? { schedule } : {}), bands, tail, warnings };
  if (chosen) return proposedSize(base, model, ev, bounds, result, { evaluation: chosen, bands: predictedBands!, kept }, currentFigures);
  if (result.bestEffort) {
    // Infeasible: the best configuration under the hard limits, and what would make the SLO feasible.
    const inf = bestUnderHardLimits(model, ev, bounds, result.bestEffort, replays, currentFigures);
    // A schedule may meet the SLO the reactive search cannot (issue 22): the reactive side is then this best effort.
    const sched = scheduleFor(model, ev, inf.best, replays, replaySettings.sloMetShareMin);
    if (sched) tail.push({ setting: 'schedules', text: sched.comparison.text });
    if (sched?.chosen) return proposedSize({ ...base, schedule: sched.comparison }, model, ev, bounds, result, { evaluation: sched.chosen.evaluation, bands: sched.chosen.bands }, currentFigures);
    bands.predicted = inf.bands;
    tail.push(...inf.tail);
    warnings.push(inf.warning);
    return { ...base, ...(sched ? { schedule: sched.comparison } : {}), status: 'infeasible', scaling: { concurrency: inf.best.candidate.concurrency, scaling: withTodaysSchedules(inf.best.candidate.scaling, current) }, predictedFigures: inf.best.figures, feasibility: inf.feasibility, lead: inf.lead };
  }
  warnings.push(`No configuration in the search space meets the SLO (${bounds.ceiling.text}) and none could be simulated; concurrency and scaling are left as they are.`);
  return { ...base, status: 'infeasible', lead: [{ setting: 'concurrency', text: `Left at ${current.concurrency ?? 'unset'}. ${bounds.conc.text}` }] };
}

type SizeBase = Pick<SizeStage, 'search' | 'currentFigures' | 'scalingModes' | 'schedule' | 'bands' | 'tail' | 'warnings'>;

/** A proposal that meets the SLO (the confirmed reactive choice or a schedule): its bands, the split advice and the sizing's words. */
function proposedSize(base: SizeBase, model: PoolModel, ev: Evaluator, bounds: NonNullable<ReturnType<typeof searchBounds>>, result: ReturnType<typeof screen>['result'], pick: { evaluation: Evaluation; bands: PredictedBands; kept?: ReturnType<typeof screen>['kept'] }, currentFigures: Figures | undefined): SizeStage {
  const { workload, current } = model;
  const chosen = pick.evaluation;
  base.bands.predicted = pick.bands;
  const mixedWork = splitAdvice(model, ev.ctx, bounds, chosen.figures);
  if (mixedWork) base.tail.push({ setting: 'mixedWork', text: mixedWork.text });
  const stats = arrivalStats(workload!.arrivalsPerMinute);
  const lead = explainScaling({ workload: workload!, stats, slo: model.slo, conc: bounds.conc, ceiling: bounds.ceiling.text, ceilingNote: bounds.ceiling.note, ceilingInstances: bounds.ceiling.maxInstancesFor(chosen.candidate.concurrency), chosen, current, currentFigures, search: result, shape: model.shape, sampled: model.sampleNote !== undefined, kept: pick.kept });
  return { ...base, status: 'proposed', scaling: { concurrency: chosen.candidate.concurrency, scaling: withTodaysSchedules(chosen.candidate.scaling, current) }, predictedFigures: chosen.figures, lead, ...(mixedWork ? { mixedWork } : {}) };
}

/** Today's cron triggers stay (the edits never remove them, and every simulation ran with them): the recommendation says so. */
function withTodaysSchedules(s: ScalingChoice, current: PoolSettingsValues): ScalingChoice {
  const today = current.scaling?.mode === 'crema' ? current.scaling.schedules : undefined;
  return s.mode === 'crema' && !s.schedules && today?.length ? { ...s, schedules: today } : s;
}
