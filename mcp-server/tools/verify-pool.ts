import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { snapshotViewFromText, SnapshotInvalidError, verifyRecords, predatingRecordings, VerifyOutputSchema, type SnapshotView } from '../../shared/index.ts';
import { readProposalRecords, recordsDirFor } from '../../shared/node/proposal-records.ts';
import { defineTool, ToolError } from '../tool.ts';
import { boundedString, LIMITS_NOTE, pathArg } from '../limits.ts';

export const verifyPoolTool = defineTool({
  name: 'verify_pool',
  title: 'Verify applied proposals',
  description: 'Checks the proposals applied to a pool (records in .pool-tuner/proposals/, written by apply_proposal, ' +
    '`pool-tuner tune --apply` and the editor) against a recording made after the change: p95 wait, max message age, ' +
    'duplicates, dead letters, mean instances and cost, each as predicted band, observed and verdict (inside, better, ' +
    'worse); whether a miss is the traffic (the model, replayed on the new recording, reproduces it) or the model; and ' +
    'drift (traffic that moved away from what the pool was tuned on) with the command to re-tune. Call it before ' +
    `proposing again for a pool that was tuned before. ${LIMITS_NOTE}`,
  input: z.object({
    pool: boundedString('Pool name (worker pool name, or the scaler/subscription name for unlinked configs); all pools with a record when omitted', 256).optional(),
    metrics: boundedString('A metrics snapshot recorded after the change (path under a root); default: the server\'s --metrics source', 4096).optional(),
    path: pathArg(),
  }),
  output: VerifyOutputSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    if (args.pool !== undefined && !loaded.ws.pools.some((p) => p.name === args.pool)) {
      throw new ToolError(`No pool '${args.pool}'. Known pools: ${loaded.ws.pools.map((p) => p.name).sort().join(', ') || '(none found)'}.`);
    }
    const dir = recordsDirFor(loaded.base, loaded.ws);
    const { records, errors } = await readProposalRecords(dir);
    for (const e of errors) ctx.log.error(`verify_pool: ${e}`);
    if (records.length === 0) throw new ToolError('No applied proposals to verify (no records in .pool-tuner/proposals/ beside pool-tuner.yaml). Apply one with apply_proposal (server started with --allow-write) or `pool-tuner tune --apply`.');
    let after: SnapshotView | undefined;
    if (args.metrics !== undefined) {
      const file = await ctx.roots.confine(args.metrics);
      try {
        after = snapshotViewFromText(await fs.readFile(file, 'utf8'), args.metrics, loaded.ws);
      } catch (err) {
        if (err instanceof SnapshotInvalidError) throw new ToolError(`${args.metrics} is not a valid metrics snapshot: ${err.message}`);
        throw new ToolError(`Cannot read ${args.metrics}: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else {
      const view = await ctx.metrics?.view(loaded);
      if (view && 'snapshot' in view && 'subscriptionSeries' in view) after = view as SnapshotView;
    }
    if (!after) throw new ToolError('verify_pool needs a recording made after the change: pass metrics (a snapshot file under a root), or start the server with --metrics FILE|live.');
    const predating = predatingRecordings(records, after, args.pool);
    if (predating.length) throw new ToolError(predating.join('\n'));
    return verifyRecords(loaded.ws, records, after, (pool) => `propose_scaling {"pool":"${pool}"} on the new metrics, or: pool-tuner tune --pool ${pool} --metrics ${after.source} --apply`, { pool: args.pool });
  },
});
