/**
 * The sentences that explain a sizing choice, with the numbers behind it: what bounds concurrency, what the
 * queueing maths said for the busiest minute, what the simulator found, and what it costs against today.
 */
import type { PoolSlo } from '../config/settings-schema.ts';
import type { InstanceShapeInput } from '../cost/index.ts';
import type { ConcurrencyBound } from './concurrency.ts';
import type { Evaluation } from './evaluate.ts';
import type { Figures, PoolSettingsValues, Rationale } from './schema.ts';
import type { SearchResult } from './search.ts';
import type { ArrivalStats, Workload } from './workload.ts';

export interface ExplainInput {
  workload: Workload;
  stats: ArrivalStats;
  slo: PoolSlo;
  conc: ConcurrencyBound;
  ceiling: string;
  /** Which processing time the downstream ceiling used, when declared and measured differ (current.ts rateBasis). */
  ceilingNote?: string;
  chosen: Evaluation;
  current: PoolSettingsValues;
  currentFigures?: Figures;
  search: SearchResult;
  shape: InstanceShapeInput;
  /** True when the window was sampled to fit the simulation budget. */
  sampled?: boolean;
  /** Set when today's sizing (clamped to the ceilings) was kept because it is within a near-tie of the optimum. */
  kept?: { optimum: Evaluation; tolerance: number };
  /** The instance ceiling at the chosen concurrency (maxReplicas at it is the ceiling, not headroom). */
  ceilingInstances?: number;
}

/**
 * The objectives a configuration misses, each with its figure and target ("duplicates 2.7% > 1%"); a miss none
 * of them explains is the work left unfinished at the end of the window (meetsSlo in evaluate.ts).
 */
export function sloMisses(f: Figures, slo: PoolSlo): string[] {
  const out: string[] = [];
  if (slo.queueWaitP95Sec !== undefined && f.queueWaitP95Sec > slo.queueWaitP95Sec) out.push(`p95 wait ${n2(f.queueWaitP95Sec)} s > ${slo.queueWaitP95Sec} s`);
  if (slo.maxMessageAgeSec !== undefined && f.maxMessageAgeSec > slo.maxMessageAgeSec) out.push(`max age ${n2(f.maxMessageAgeSec)} s > ${slo.maxMessageAgeSec} s`);
  if (slo.latencyP95Sec !== undefined && f.latencyP95Sec !== undefined && f.latencyP95Sec > slo.latencyP95Sec) out.push(`p95 latency ${n2(f.latencyP95Sec)} s > ${slo.latencyP95Sec} s`);
  if (slo.duplicateRatioMax !== undefined && f.duplicateRatio > slo.duplicateRatioMax) out.push(`duplicates ${n2(f.duplicateRatio * 100)}% > ${n2(slo.duplicateRatioMax * 100)}%`);
  if (!f.sloMet && out.length === 0) out.push('messages still unacked when the window ends');
  return out;
}

const n2 = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(2)).toString());
export const usd = (x: number) => `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

function sloText(slo: PoolSlo): string {
  const parts: string[] = [];
  if (slo.queueWaitP95Sec !== undefined) parts.push(`p95 wait ≤ ${slo.queueWaitP95Sec} s`);
  if (slo.maxMessageAgeSec !== undefined) parts.push(`max age ≤ ${slo.maxMessageAgeSec} s`);
  if (slo.latencyP95Sec !== undefined) parts.push(`p95 latency ≤ ${slo.latencyP95Sec} s`);
  if (slo.duplicateRatioMax !== undefined) parts.push(`duplicates ≤ ${(slo.duplicateRatioMax * 100).toPrecision(2)}%`);
  return parts.join(', ');
}

/**
 * Why maxReplicas is what it is, from the numbers: the instance ceiling when it binds, else headroom over the
 * busiest minute's need (Little's law: peak msg/s × mean processing ÷ concurrency, rounded up).
 */
function maxReplicasWhy(x: ExplainInput, maxReplicas: number, c: number): string {
  if (x.ceilingInstances !== undefined && maxReplicas >= x.ceilingInstances) return `maxReplicas ${maxReplicas}: the instance ceiling (${x.ceiling})`;
  const need = Math.max(1, Math.ceil((x.stats.peakPerSec * x.workload.processingMeanSec) / c));
  const ratio = maxReplicas / need;
  const how = ratio >= 1.95 && ratio <= 2.05 ? 'twice' : `${n2(ratio)}×`;
  return `maxReplicas ${maxReplicas}: ${how} the busiest minute's need of ${need} (${n2(x.stats.peakPerSec)} msg/s × ${n2(x.workload.processingMeanSec)} s ÷ concurrency ${c}), within ${x.ceiling}`;
}

export function explainScaling(x: ExplainInput): Rationale[] {
  const { workload: w, stats, chosen, conc } = x;
  const f = chosen.figures;
  const out: Rationale[] = [];
  const c = chosen.candidate.concurrency;
  const perInstance = c / w.processingMeanSec;
  out.push({
    setting: 'concurrency',
    text: `${c} per instance (${n2(perInstance)} msg/s each at ${n2(w.processingMeanSec)} s mean processing). ${conc.text}`,
  });
  const series = w.arrivalBasis === 'series'
    ? `${stats.minutes} min of recorded arrivals${x.sampled ? ' (a sample of the window, see warnings)' : ''} (mean ${n2(stats.meanPerSec)}/s, busiest minute ${n2(stats.peakPerSec)}/s, CV ${n2(stats.cv)})`
    : `a stationary ${n2(stats.meanPerSec)}/s (the p95 rate: the metrics had no per-minute series)`;
  const sim = `Simulated over ${series}: p95 wait ${n2(f.queueWaitP95Sec)} s, max age ${n2(f.maxMessageAgeSec)} s, ${n2(f.meanInstances)} instance${n2(f.meanInstances) === '1' ? '' : 's'} on average (SLO ${sloText(x.slo)}).`;
  const s = chosen.candidate.scaling;
  const note = x.ceilingNote ? `; ${x.ceilingNote}` : '';
  const searched = `${x.search.simulations} of ${x.search.gridSize} grid candidates simulated (same seed), the rest ruled out by the queueing bounds and monotonicity; instance ceiling ${x.ceiling}.`;
  if (x.kept) {
    const o = x.kept.optimum;
    const os = o.candidate.scaling;
    const best = os.mode === 'manual' ? `${os.instances} instances` : `value ${os.targetValue}, min ${os.minReplicas}, max ${os.maxReplicas}, window ${os.scaleDownStabilizationSec} s`;
    const cur = x.current.scaling;
    const cut = s.mode === 'crema' && cur?.mode === 'crema' && cur.maxReplicas !== s.maxReplicas ? ` maxReplicas cut from ${cur.maxReplicas} to ${s.maxReplicas} (the instance ceiling: ${x.ceiling}${note}).`
      : s.mode === 'manual' && cur?.mode === 'manual' && cur.instances !== s.instances ? ` Instances cut from ${cur.instances} to ${s.instances} (the instance ceiling: ${x.ceiling}${note}).` : '';
    out.push({
      setting: 'scaling',
      text: `Today's scaling kept: it meets the SLO within ${x.kept.tolerance * 100}% of the cheapest configuration found (${best} at concurrency ${o.candidate.concurrency}, $${o.figures.costUsdPerMonth.toFixed(2)}/month), so changing it is not worth a deploy.${cut} ${sim} ${searched}`,
    });
  } else if (s.mode === 'manual') {
    out.push({ setting: 'instances', text: `${s.instances} instances: the fewest that meet the SLO. ${sim} ${searched}` });
  } else {
    const drainSec = (s.targetValue * w.processingMeanSec) / c;
    out.push({
      setting: 'targetValue',
      text: `Target backlog ${s.targetValue} per instance: a full instance drains it in ${n2(drainSec)} s (value × mean ÷ concurrency); the cheapest target that meets the SLO once the 2-min metric delay is counted (larger targets react late and pay for the catch-up). ${sim}`,
    });
    out.push({
      setting: 'minReplicas',
      text: `minReplicas ${s.minReplicas}: ${s.minReplicas === 0 ? 'scaling to zero met the SLO (the first message then waits for the metric delay and a start-up)' : `keeps ${s.minReplicas} warm so traffic between polls and during the 2-min metric delay is served`}; ${maxReplicasWhy(x, s.maxReplicas, c)}${note}. ${searched}`,
    });
    out.push({
      setting: 'scaleDownStabilizationSec',
      text: `Scale-down window ${s.scaleDownStabilizationSec} s: at least the 2–4 min metric ingestion delay (docs/sources.md#heuristics), the cheaper of 120/300 s that met the SLO.`,
    });
  }
  if (x.currentFigures) {
    const cur = x.currentFigures;
    const delta = cur.costUsdPerMonth - f.costUsdPerMonth;
    // The figures quoted are the ones that decide the verdict: the misses, or (when met) wait and age.
    const verdict = cur.sloMet ? `meets the SLO in the same simulation (p95 wait ${n2(cur.queueWaitP95Sec)} s, max age ${n2(cur.maxMessageAgeSec)} s)` : `misses the SLO in the same simulation (${sloMisses(cur, x.slo).join(', ')})`;
    out.push({
      setting: 'cost',
      text: `${usd(f.costUsdPerMonth)}/month vs ${usd(cur.costUsdPerMonth)} today (${delta >= 0 ? `saves ${usd(delta)}` : `costs ${usd(-delta)} more`}); today's config ${verdict}.`,
    });
  }
  return out;
}
