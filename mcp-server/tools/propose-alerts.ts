import { z } from 'zod';
import {
  arrivalSeriesOf, channelProblems, jsonFiles, notificationChannels, observeTunedPool, PoolObservabilitySchema, terraformFiles, tunePool,
  type ObserveOutput,
} from '../../shared/index.ts';
import { inputKey, jobBase } from '../jobs.ts';
import { findPool } from '../lookup.ts';
import { LIMITS_NOTE, pathArg, poolArg } from '../limits.ts';
import { metricsOrConfigOnly } from '../metrics.ts';
import { defineTool, ToolError } from '../tool.ts';

// Lean first-level fields: tools/list carries them to every session (mcp-server/tool-list.ts, under 25 KB).
export const ProposeAlertsOutputSchema = z.object({
  pool: z.string(),
  fitted: z.boolean().describe('False: no metrics, SLO-only thresholds'),
  notes: z.array(z.string()),
  alerts: PoolObservabilitySchema.shape.alerts.describe('Thresholds, tests, verdicts'),
  policies: PoolObservabilitySchema.shape.policies.describe('AlertPolicy JSON'),
  dashboard: PoolObservabilitySchema.shape.dashboard.describe('Dashboard JSON'),
  terraform: z.object({ path: z.string(), text: z.string() }).optional(),
  files: z.array(z.object({ path: z.string(), text: z.string() })),
});

export const proposeAlertsTool = defineTool({
  name: 'propose_alerts',
  title: 'Propose alerts',
  description: 'Alert policies (PromQL) and a dashboard for a pool from its SLO and tuned bands, tested on the recording and ' +
    `the tuned replays (too tight/loose: adjusted). Returns policies, verdicts, Terraform, gcloud JSON. ${LIMITS_NOTE}`,
  input: z.object({ pool: poolArg(), path: pathArg() }),
  output: ProposeAlertsOutputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    const pool = findPool(loaded.ws, args.pool);
    const bad = channelProblems(loaded.ws);
    if (bad.length) throw new ToolError(`${bad.join(' ')} Fix notificationChannels in pool-tuner.yaml.`);
    if (pool.subscriptions.length === 0) throw new ToolError(`Pool '${pool.name}' has no subscription config under the roots: the alerts watch its subscription. Add the subscription's YAML or Terraform.`);
    const { metrics, metricsWarning } = await metricsOrConfigOnly(ctx.metrics, loaded);
    const input = inputKey(loaded, metrics);
    const base = jobBase(loaded, metrics);
    // The same memoised tuner search the propose_* tools use, then the alerts on that proposal.
    const proposal = await ctx.memo(JSON.stringify(['tune', pool.name, input]), async () => base
      ? (await ctx.job({ kind: 'tune', ...base, pools: [pool.name], options: {} }))[0]!
      : tunePool(loaded.ws, pool, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }));
    const observed = await ctx.memo(JSON.stringify(['observe', pool.name, input]), async () =>
      observeTunedPool(loaded.ws, pool, proposal, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }));
    const out: ObserveOutput = { version: 1, tool: 'pool-tuner', metricsSource: metrics?.source ?? 'declared', notificationChannels: notificationChannels(loaded.ws), pools: [observed] };
    const tf = terraformFiles(out, loaded.ws, undefined, '.')[0];
    return {
      pool: observed.pool, fitted: observed.fitted,
      notes: [...observed.notes, ...observed.skipped.map((k) => `not generated: ${k.kind} (${k.why})`), ...(metricsWarning ? [metricsWarning] : [])],
      alerts: observed.alerts, policies: observed.policies, dashboard: observed.dashboard,
      ...(tf ? { terraform: tf } : {}),
      files: jsonFiles(out, '.'),
    };
  },
});
