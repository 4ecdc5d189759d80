import { z } from 'zod';
import { bySeverity, identificationText, poolIdentification, review, type Finding, type Pool, type ProposalRecord } from '../../shared/index.ts';
import { defineTool } from '../tool.ts';
import { cursorArg, limitArg, LIMITS_NOTE, pathArg, poolArg } from '../limits.ts';
import { findPool } from '../lookup.ts';
import { inputKey, jobBase } from '../jobs.ts';
import type { LoadedWorkspace } from '../roots.ts';
import { paginate } from '../pagination.ts';
import { sha256 } from '../proposals.ts';
import { readProposalRecords, recordsDirFor } from '../../shared/node/proposal-records.ts';
import { metricsOrConfigOnly } from '../metrics.ts';
import { FindingViewSchema, findingView } from './shapes.ts';

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Above this much config text a review goes to a worker thread. */
const WORKER_REVIEW_CHARS = 256 * 1024;

/** The applied proposal records beside pool-tuner.yaml; unreadable ones are skipped (verify_pool reports them). */
async function readRecords(loaded: LoadedWorkspace): Promise<ProposalRecord[]> {
  return (await readProposalRecords(recordsDirFor(loaded.base, loaded.ws))).records;
}

function bigWorkspace(loaded: LoadedWorkspace): boolean {
  let n = 0;
  for (const f of loaded.ws.files.values()) n += f.text.length;
  return n > WORKER_REVIEW_CHARS;
}

/** Files holding the pool's documents: findings there without a pool (syntax, invalid fields) belong to it too. */
function poolFiles(pool: Pool): Set<string> {
  return new Set([pool.workerPool?.ref.file, pool.scaler?.ref.file, ...pool.subscriptions.map((s) => s.ref.file)].filter((f): f is string => f !== undefined));
}

export const analyzePoolTool = defineTool({
  name: 'analyze_pool',
  title: 'Analyze pool',
  description: 'Reviews one pool (or, without pool, every config in the roots) with Pool Tuner\'s rules and returns findings: ' +
    'rule id, severity, message, 1-based file range, docs link, and the fix/suggestions as unified diffs with a proposal id ' +
    '(apply_proposal applies one when writes are allowed). Uses the server\'s metrics source, if any; paginated. ' + LIMITS_NOTE,
  input: z.object({
    pool: poolArg('Pool name from list_pools; omit to review everything in the roots').optional(),
    path: pathArg(),
    minSeverity: z.enum(['error', 'warning', 'info']).optional().describe('Only findings at or above this severity (default info: all)'),
    cursor: cursorArg(),
    limit: limitArg(),
  }),
  output: z.object({
    pool: z.string().optional(),
    findings: z.array(FindingViewSchema),
    total: z.number().int().describe('Findings in all pages'),
    counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }).describe('By severity, all pages'),
    nextCursor: z.string().optional().describe('Pass as cursor for the next page; absent on the last page'),
    metricsSource: z.string().optional().describe('Where the metrics came from; absent = config only'),
    skippedForMetrics: z.array(z.string()).describe('Rules that need metrics and did not run'),
    metricsWarning: z.string().optional().describe('The metrics source failed: findings are from the config alone'),
    identified: z.array(z.string()).optional().describe('Fitted to the recording (pool + metrics): "value (basis) — evidence"'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    const pool = args.pool === undefined ? undefined : findPool(loaded.ws, args.pool);
    const { metrics, metricsWarning } = await metricsOrConfigOnly(ctx.metrics, loaded);
    // A big review runs on a worker thread (a small one costs less than the hand-over); either way cached per input.
    // With metrics, the applied proposal records too: traffic-drift then says what `pool-tuner review --metrics` says.
    const records = metrics ? await readRecords(loaded) : undefined;
    const base = bigWorkspace(loaded) ? jobBase(loaded, metrics) : undefined;
    const key = JSON.stringify(['review', inputKey(loaded, metrics), records ? sha256(JSON.stringify(records)) : '']);
    const result = await ctx.memo(key, async () => base
      ? ctx.job({ kind: 'review', ...base, ...(records ? { records } : {}) })
      : review(loaded.ws, { metrics, ...(records ? { records } : {}) }));
    const files = pool ? poolFiles(pool) : undefined;
    const min = RANK[args.minSeverity ?? 'info'];
    // Most severe first (as every output), then the engine's file and position order.
    const selected = bySeverity(result.findings).filter((f: Finding) =>
      RANK[f.severity] <= min && (!pool || f.pool === pool.name || (f.pool === undefined && files!.has(f.file))));
    const page = paginate(selected, args.cursor, args.limit);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of selected) counts[f.severity]++;
    const id = pool ? poolIdentification(loaded.ws, pool, metrics) : undefined;
    return {
      pool: pool?.name,
      findings: page.items.map((f) => findingView(loaded, ctx.proposals, f)),
      total: page.total,
      counts,
      nextCursor: page.nextCursor,
      metricsSource: metrics?.source,
      skippedForMetrics: result.skippedForMetrics,
      ...(metricsWarning ? { metricsWarning } : {}),
      ...(id ? { identified: identificationText(id, '') } : {}),
    };
  },
});
