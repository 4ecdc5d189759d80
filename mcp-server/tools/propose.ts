/**
 * Shared shape and slicing for propose_concurrency / propose_scaling / propose_dlq. The tuner (shared/tune) sizes a
 * pool as a whole; each tool shows one aspect of that proposal: its recommended values, the reasons, the
 * predicted vs current figures and cost delta, and the edits for just those settings (as a unified diff and an
 * applicable proposal id).
 */
import { markFileContent } from '../file-content.ts';
import { z } from 'zod';
import { metricsOrConfigOnly } from '../metrics.ts';
import {
  buildEdits, FiguresSchema, PoolSettingsValuesSchema, proposalId, RationaleSchema, renderEdits, tunePool,
  arrivalSeriesOf, whatIf, buildProposalRecord, type MetricsView, type Pool, type PoolSettingsValues, type WhatIfKey,
  type WhatIfResult, ModeComparisonSchema,
} from '../../shared/index.ts';
import { JobCancelledError } from '../../shared/node/jobs/pool.ts';
import { inputKey, jobBase } from '../jobs.ts';
import type { LoadedWorkspace } from '../roots.ts';
import { recordsDirFor } from '../../shared/node/proposal-records.ts';
import type { ToolContext } from '../tool.ts';
import { ToolError } from '../tool.ts';
import { findComputablePool } from '../lookup.ts';
import { LIMITS_NOTE, pathArg, poolArg } from '../limits.ts';

export type Aspect = 'concurrency' | 'scaling' | 'dlq';

/** Rationale `setting` names that belong to each tool (the tuner's rationale.ts and tune.ts). */
const RATIONALE_SETTINGS: Record<Aspect, readonly string[]> = {
  concurrency: ['concurrency'],
  scaling: ['concurrency', 'instances', 'targetValue', 'minReplicas', 'maxReplicas', 'scaleDownStabilizationSec', 'cost', 'scalingMode'],
  dlq: ['deadLetterTopic', 'maxDeliveryAttempts', 'retryPolicy', 'ackDeadlineSec'],
};

/** Settings each tool proposes (keys of PoolSettingsValues). */
export const ASPECT_FIELDS: Record<Aspect, readonly (keyof PoolSettingsValues)[]> = {
  concurrency: ['concurrency'],
  // Instances × concurrency = slots: the tuner sizes them together, so the scaling proposal carries both.
  scaling: ['scaling', 'concurrency'],
  dlq: ['deadLetterTopic', 'maxDeliveryAttempts', 'minimumBackoffSec', 'maximumBackoffSec', 'ackDeadlineSec'],
};

export const proposeInput = z.object({
  pool: poolArg(),
  path: pathArg(),
});

export const ProposalViewSchema = z.object({
  pool: z.string(),
  status: z.enum(['proposed', 'no-change', 'infeasible', 'needs-metrics', 'low-confidence'])
    .describe('infeasible: see feasibility; needs-metrics: start with --metrics; low-confidence: see warnings'),
  current: PoolSettingsValuesSchema.describe('These settings as the config has them now'),
  recommended: PoolSettingsValuesSchema.describe('The tuner\'s values for these settings'),
  rationale: z.array(RationaleSchema).describe('Why each value, with the numbers'),
  currentFigures: FiguresSchema.optional().describe('Today, simulated'),
  predictedFigures: FiguresSchema.optional().describe('Only these settings changed, same seed and trace'),
  costDeltaUsdPerMonth: z.number().optional().describe('predicted − current instance cost per month (negative saves money)'),
  workload: z.object({
    source: z.string(),
    meanArrivalPerSec: z.number().optional(),
    peakArrivalPerSec: z.number().optional(),
    processingMeanSec: z.number().optional(),
    processingP99Sec: z.number().optional(),
  }).describe('What the sizing rests on'),
  warnings: z.array(z.string()),
  feasibility: z.object({
    downstreamLimitPerSec: z.number().optional(),
    queueWaitP95Sec: z.number().optional(),
    maxMessageAgeSec: z.number().optional(),
    text: z.string(),
  }).optional().describe('Infeasible: the downstream limit or SLO that would be feasible (simulated)'),
  diff: z.string().describe('Unified diff ("" when nothing changes)'),
  proposalId: z.string().optional().describe('For apply_proposal; absent when nothing changes'),
  scalingModes: ModeComparisonSchema.optional().describe('propose_scaling: manual, CREMA and CPU autoscaling compared; recommended mode and why'),
});
export type ProposalView = z.infer<typeof ProposalViewSchema>;

function pick(v: PoolSettingsValues, keys: readonly (keyof PoolSettingsValues)[]): PoolSettingsValues {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (v[k] !== undefined) out[k] = v[k];
  return out as PoolSettingsValues;
}

export function proposeDescription(what: string): string {
  return `${what} Returns current vs recommended values, rationale, simulated figures, cost delta, a diff and a proposalId ` +
    `for apply_proposal; without metrics, only settings needing no arrival rate are sized (needs-metrics). ${LIMITS_NOTE}`;
}

export async function proposeAspect(aspect: Aspect, args: z.infer<typeof proposeInput>, ctx: ToolContext, origin: string): Promise<ProposalView> {
  const loaded = await ctx.load(args.path);
  const pool = findComputablePool(loaded.ws, args.pool, origin);
  if (!pool.workerPool && !pool.scaler && pool.subscriptions.length === 0) {
    throw new ToolError(`Pool '${pool.name}' has only settings in pool-tuner.yaml, no worker pool, scaler or subscription config to tune. Add the configs under a root.`);
  }
  const { metrics, metricsWarning } = await metricsOrConfigOnly(ctx.metrics, loaded);
  // One search serves all three tools: keyed by the pool, every file's content and the metrics; it runs on a
  // worker thread (inline only when the metrics view cannot be shipped there).
  const input = inputKey(loaded, metrics);
  const base = jobBase(loaded, metrics);
  const full = await ctx.memo(JSON.stringify(['tune', pool.name, input]), async () => base
    ? (await ctx.job({ kind: 'tune', ...base, pools: [pool.name], options: {} }))[0]!
    : tunePool(loaded.ws, pool, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }));
  const keys = ASPECT_FIELDS[aspect];
  const current = pick(full.current, keys);
  const recommended = pick(full.recommended, keys);
  const plan = buildEdits(loaded.ws, pool, full.current, { ...full.current, ...recommended });
  const rendered = renderEdits(loaded.ws, plan.edits);
  let id: string | undefined;
  if (plan.edits.length > 0) {
    const title = `${origin} for ${pool.name}`;
    const pid = proposalId(pool.name, plan.edits, rendered.baseFileHashes);
    const record = {
      dir: recordsDirFor(loaded.base, loaded.ws),
      build: (appliedAt: string) => buildProposalRecord({ ws: loaded.ws, pool: pool.name, id: pid, edits: plan.edits, metrics, appliedBy: 'mcp', appliedAt }),
    };
    id = ctx.proposals.put(loaded, { title, origin, pool: pool.name, edits: plan.edits, id: pid, diff: rendered.diff, record }).id;
  }
  const settingNames = new Set<string>(RATIONALE_SETTINGS[aspect]);
  // Figures for just this aspect's change (never credited with another tool's change): with no edits the
  // prediction IS today (cost delta 0); otherwise a what-if with only these settings changed, on the same model.
  const aspectFigures = plan.edits.length === 0 ? undefined : await figuresForAspect(ctx, loaded, pool, current, recommended, metrics);
  const cf = full.currentFigures;
  const pf = plan.edits.length === 0 ? cf : aspectFigures?.predictedFigures;
  return {
    pool: pool.name,
    // Subscription policy needs no arrival rate, so the dlq aspect is sized even when capacity needs metrics.
    status: plan.edits.length === 0 ? (full.status === 'needs-metrics' && aspect !== 'dlq' ? 'needs-metrics' : 'no-change')
      : aspect === 'dlq' ? (full.status === 'low-confidence' ? 'low-confidence' : 'proposed')
        : full.status === 'no-change' ? 'proposed' : full.status,
    current,
    recommended,
    rationale: full.rationale.filter((r) => settingNames.has(r.setting)),
    currentFigures: cf,
    predictedFigures: pf,
    // No dollar delta for instances without a known price (GKE without gkePricing): the warnings say why.
    costDeltaUsdPerMonth: cf && pf && !full.unpriced ? pf.costUsdPerMonth - cf.costUsdPerMonth : undefined,
    workload: {
      source: full.workload.source,
      meanArrivalPerSec: full.workload.meanArrivalPerSec,
      peakArrivalPerSec: full.workload.peakArrivalPerSec,
      processingMeanSec: full.workload.processingMeanSec,
      processingP99Sec: full.workload.processingP99Sec,
    },
    warnings: [...new Set([...(metricsWarning ? [metricsWarning] : []), ...full.warnings, ...plan.warnings, ...(full.identification?.notes ?? [])])],
    ...(full.feasibility ? { feasibility: full.feasibility } : {}),
    diff: markFileContent(rendered.diff),
    proposalId: id,
    ...(aspect === 'scaling' && full.scalingModes ? { scalingModes: full.scalingModes } : {}),
  };
}

/**
 * What-if figures with only the aspect's recommended settings applied (cached per input, on a worker thread), or
 * undefined when they cannot be simulated.
 */
async function figuresForAspect(ctx: ToolContext, loaded: LoadedWorkspace, pool: Pool, current: PoolSettingsValues, rec: PoolSettingsValues, metrics: MetricsView | undefined): Promise<WhatIfResult | undefined> {
  const sets: Partial<Record<WhatIfKey, number>> = {};
  if (rec.concurrency !== undefined && rec.concurrency !== current.concurrency) sets.concurrency = rec.concurrency;
  const rs = rec.scaling;
  const cs = current.scaling;
  if (rs && JSON.stringify(rs) !== JSON.stringify(cs)) {
    if (rs.mode === 'manual') sets.instances = rs.instances;
    else if (cs?.mode === 'crema') {
      if (rs.targetValue !== cs.targetValue) sets.target = rs.targetValue;
      if (rs.minReplicas !== cs.minReplicas) sets.minReplicas = rs.minReplicas;
      if (rs.maxReplicas !== cs.maxReplicas) sets.maxReplicas = rs.maxReplicas;
      if (rs.scaleDownStabilizationSec !== cs.scaleDownStabilizationSec) sets.scaleDownWindow = rs.scaleDownStabilizationSec;
    }
  }
  if (rec.ackDeadlineSec !== undefined && rec.ackDeadlineSec !== current.ackDeadlineSec) sets.ackDeadline = rec.ackDeadlineSec;
  if (rec.minimumBackoffSec !== undefined && rec.minimumBackoffSec !== current.minimumBackoffSec) sets.minBackoff = rec.minimumBackoffSec;
  if (rec.maximumBackoffSec !== undefined && rec.maximumBackoffSec !== current.maximumBackoffSec) sets.maxBackoff = rec.maximumBackoffSec;
  if (rec.maxDeliveryAttempts !== undefined && rec.maxDeliveryAttempts !== current.maxDeliveryAttempts) sets.attempts = rec.maxDeliveryAttempts;
  const base = jobBase(loaded, metrics);
  try {
    return await ctx.memo(JSON.stringify(['whatIf', pool.name, sets, inputKey(loaded, metrics)]), async () => base
      ? ctx.job({ kind: 'whatIf', ...base, pool: pool.name, sets, options: {} })
      : whatIf(loaded.ws, pool, sets, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }));
  } catch (err) {
    if (err instanceof JobCancelledError) throw err;
    return undefined;
  }
}
