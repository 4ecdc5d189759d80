/**
 * Stage "split" (mixed work): when identification found two modes of processing time (model/identify-mixture.ts),
 * the simulated effect of a second pool for the heavy messages beside the proposal: the arrivals split by the
 * fitted share (a subscription filtered on an attribute that marks heavy messages,
 * https://cloud.google.com/pubsub/docs/subscription-message-filter), each part sized by the same search on its own
 * mode, both pools' figures and costs against the single pool's. Advice only: a second pool is a new deployment,
 * never part of the diff. Assumptions: the attribute separates the modes exactly; the two pools share the
 * instance shape, SLO, subscription policies and seed.
 */
import type { PoolModel } from '../../model/pool-model.ts';
import { serviceMoments } from '../../simulate/distributions.ts';
import { Evaluator, type Evaluation, type SimContext } from '../evaluate.ts';
import { searchCheapest } from '../search.ts';
import type { Figures, PoolSettingsValues, Proposal } from '../schema.ts';
import type { Bounds } from './bounds.ts';
import { describeCandidate } from './describe.ts';
import { usd } from '../rationale.ts';

const sig = (x: number) => String(Number(x.toPrecision(2)));

type Part = { serviceTime: { p50Sec: number; p99Sec: number }; share: number };

function sizePart(ctx: SimContext, bounds: Bounds, part: Part): Evaluation | undefined {
  const st = { kind: 'lognormal' as const, ...part.serviceTime };
  const m = serviceMoments(st);
  const w = ctx.workload;
  const workload = {
    ...w, serviceTime: st, processingMeanSec: m.meanSec, processingCv: m.cv,
    arrivalsPerMinute: w.arrivalsPerMinute.map((n) => n * part.share),
    ...(w.initialBacklog !== undefined ? { initialBacklog: Math.round(w.initialBacklog * part.share) } : {}),
    ...(w.stateResets ? { stateResets: w.stateResets.map((r) => ({ ...r, ...(r.backlog !== undefined ? { backlog: Math.round(r.backlog * part.share) } : {}) })) } : {}),
  };
  const ev = new Evaluator({ ...ctx, workload });
  const r = searchCheapest(ev.ctx, bounds.space, ev);
  return r.best ?? r.bestEffort;
}


export function splitAdvice(model: PoolModel, ctx: SimContext, bounds: Bounds, single: Figures | undefined): Proposal['mixedWork'] {
  const st = model.workload?.serviceTime;
  const mix = model.identification?.mixture;
  if (!st || st.kind !== 'mixture' || !mix) return undefined;
  const light = sizePart(ctx, bounds, { serviceTime: st.light, share: 1 - st.heavyShare });
  const heavy = sizePart(ctx, bounds, { serviceTime: st.heavy, share: st.heavyShare });
  if (!light || !heavy) return undefined;
  const cost = light.figures.costUsdPerMonth + heavy.figures.costUsdPerMonth;
  const sloMet = light.figures.sloMet && heavy.figures.sloMet;
  const attribute = model.pool.settings?.model?.heavyAttribute;
  const filter = attribute ? `a subscription filtered on ${attribute}` : 'a subscription filtered on an attribute that marks them (name it in pools.<name>.model.heavyAttribute)';
  const vs = single ? ` One pool as proposed: ${usd(single.costUsdPerMonth)}/month, p95 wait ${sig(single.queueWaitP95Sec)} s (SLO ${single.sloMet ? 'met' : 'missed'}).` : '';
  const text = `Mixed work (${sig(mix.heavyShare * 100)}% of messages ≈${sig(mix.heavyFactor)}× the rest): a second pool for the heavy ones, on ${filter} (https://cloud.google.com/pubsub/docs/subscription-message-filter), simulated: light pool ${describeCandidate(light.candidate)}, p95 wait ${sig(light.figures.queueWaitP95Sec)} s, ${usd(light.figures.costUsdPerMonth)}/month; heavy pool ${describeCandidate(heavy.candidate)}, p95 wait ${sig(heavy.figures.queueWaitP95Sec)} s, ${usd(heavy.figures.costUsdPerMonth)}/month; together ${usd(cost)}/month, SLO ${sloMet ? 'met by both' : 'missed by at least one'}.${vs} Not in the diff: a second pool is a new deployment.`;
  const values = (e: Evaluation): Pick<PoolSettingsValues, 'concurrency' | 'scaling'> => ({ concurrency: e.candidate.concurrency, scaling: e.candidate.scaling });
  return {
    heavyShare: mix.heavyShare,
    ...(attribute ? { attribute } : {}),
    light: { ...values(light), figures: light.figures },
    heavy: { ...values(heavy), figures: heavy.figures },
    costUsdPerMonth: cost,
    sloMet,
    text,
  };
}
