/**
 * Stage "best under the limits": when no configuration meets the SLO, the best one under the hard limits
 * (downstream caps first; infeasible.ts), its figures and bands, what would make the SLO feasible (a downstream
 * limit or an SLO, found by simulation), and the words for it. Pure but for its simulations.
 */
import type { Pool } from '../../config/model.ts';
import type { PredictedBands } from '../../model/bands-schema.ts';
import { ratePerInstancePerSec } from '../../model/cpu.ts';
import type { PoolModel } from '../../model/pool-model.ts';
import { replayBands, type Replay } from '../../model/replays.ts';
import { concurrencyCeiling } from '../concurrency.ts';
import { instanceCeiling } from '../current.ts';
import type { Candidate, Evaluation, Evaluator } from '../evaluate.ts';
import { BEST_EFFORT_SLACK, bestUnderLimits, feasibilityOf, feasibleDownstreamLimit } from '../infeasible.ts';
import type { Figures, Proposal, Rationale } from '../schema.ts';
import type { Bounds } from './bounds.ts';
import { ruleFloors } from './screen.ts';
import { describeCandidate } from './describe.ts';

export interface InfeasibleStage {
  best: Evaluation;
  bands: PredictedBands;
  feasibility: NonNullable<Proposal['feasibility']>;
  /** Sentences that lead the rationale, and ones that close it. */
  lead: Rationale[];
  tail: Rationale[];
  warning: string;
}


export function bestUnderHardLimits(model: PoolModel, ev: Evaluator, bounds: Bounds, strongest: Evaluation, replays: readonly Replay[], currentFigures: Figures | undefined): InfeasibleStage {
  const { pool, shape } = model;
  const { space, conc, ceiling, rateSec, concInput } = bounds;
  let best = bestUnderLimits(ev, space, strongest);
  const floored = ruleFloors(best.candidate, pool);
  if (floored !== best.candidate) best = ev.evaluate(floored);
  const bands = replayBands(ev.ctx, best.candidate, replays);
  const limit = model.downstreamLimitPerSec;
  const cpuOf = { cpu: model.cpu, vcpu: shape.vcpu };
  const meanSec = model.workload!.processingMeanSec;
  const feasibleLimit = limit === undefined ? undefined : feasibleDownstreamLimit(limit, (l) => {
    const atPool: Pool = { ...pool, settings: { ...model.tuningPool.settings!, downstreamLimitPerSec: l } };
    // A counterfactual: the recorded backlog (warm start, segment joins) built up under today's limit, so the
    // replay at another limit starts from an empty queue and keeps its own backlog across joins.
    const { initialBacklog: _b, initialBacklogAgeSec: _a, stateResets, ...w } = ev.ctx.workload;
    const resets = stateResets?.map(({ backlog: _r, oldestAgeSec: _ra, ...r }) => r);
    return {
      ctx: { ...ev.ctx, workload: { ...w, downstreamLimitPerSec: l, ...(resets?.length ? { stateResets: resets } : {}) } },
      space: { ...space, concurrencyMax: concurrencyCeiling({ ...concInput, downstreamLimitPerSec: l, downstreamRateSec: rateSec }).max, maxInstancesFor: instanceCeiling(atPool, meanSec, cpuOf).maxInstancesFor },
    };
  });
  const feasibility = feasibilityOf(model.slo, limit, feasibleLimit, best.figures, bands);
  const dl = model.identification?.downstreamLimit;
  const tail: Rationale[] = dl ? [{ setting: 'scaling', text: `Throughput is capped by the downstream ceiling of ${Number(dl.perSec.toPrecision(3))} msg/s (${dl.basis}): more instances cannot help, they only hold more messages waiting for the dependency inside their slots. The proposal is the least capacity that reaches that ceiling.` }] : [];
  const throughput = (c: Candidate) => {
    const n = c.scaling.mode === 'manual' ? c.scaling.instances : c.scaling.maxReplicas;
    return `${n} instance${n === 1 ? '' : 's'} × concurrency ${c.concurrency} ≈ ${Math.round(n * ratePerInstancePerSec(c.concurrency, rateSec, cpuOf))} msg/s`;
  };
  const f = best.figures;
  const lead: Rationale[] = [
    { setting: 'concurrency', text: `${best.candidate.concurrency}: the best under the hard limits. ${conc.text}` },
    { setting: 'scaling', text: `${describeCandidate(best.candidate)} (${throughput(best.candidate)}): the cheapest configuration within ${Math.round((BEST_EFFORT_SLACK - 1) * 100)}% of the best p95 wait and max age any configuration under the limits achieves. Predicted p95 wait ${f.queueWaitP95Sec.toFixed(0)} s, max age ${f.maxMessageAgeSec.toFixed(0)} s, ${f.meanInstances.toPrecision(2)} instances on average, $${f.costUsdPerMonth.toFixed(2)}/month${currentFigures ? ` (today: p95 wait ${currentFigures.queueWaitP95Sec.toFixed(0)} s, $${currentFigures.costUsdPerMonth.toFixed(2)}/month)` : ''}.` },
  ];
  const warning = `No configuration meets the SLO under the hard limits (${ceiling.text}): the most capacity they allow (${throughput(strongest.candidate)}; ${describeCandidate(strongest.candidate)}) gives p95 wait ${strongest.figures.queueWaitP95Sec.toFixed(0)} s and max age ${strongest.figures.maxMessageAgeSec.toFixed(0)} s. Proposed instead: the best configuration under the limits, with its predicted figures; see feasibility.`;
  return { best, bands, feasibility, lead, tail, warning };
}
