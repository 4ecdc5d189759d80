import { z } from 'zod';
import { defineTool } from '../tool.ts';
import { cursorArg, limitArg, LIMITS_NOTE, pathArg } from '../limits.ts';
import { paginate } from '../pagination.ts';
import { SourceSchema, sourceOfDoc, sourceOfPath } from './shapes.ts';

const PoolSummarySchema = z.object({
  name: z.string().describe('Pool name (use it in the other tools)'),
  workerPool: z.object({
    name: z.string(),
    scalingMode: z.enum(['manual', 'automatic', 'unset']),
    manualInstanceCount: z.number().int().optional(),
    source: SourceSchema,
  }).optional(),
  subscriptions: z.array(z.object({ name: z.string(), source: SourceSchema })),
  scaler: z.object({ name: z.string(), format: z.enum(['crema', 'keda']), minReplicas: z.number().int().optional(), maxReplicas: z.number().int().optional(), source: SourceSchema }).optional(),
  concurrencyPerInstance: z.number().optional().describe('Per-instance concurrency read from the container env'),
  hasSettings: z.boolean().describe('True when pool-tuner.yaml has settings (SLOs, limits) for this pool'),
});

export const listPoolsTool = defineTool({
  name: 'list_pools',
  title: 'List pools',
  description: 'Lists the worker pools found in the server\'s roots, each with its worker pool, Pub/Sub subscriptions and ' +
    'CREMA/KEDA scaler and where they are defined (file:line). Paginated: pass nextCursor back as cursor. ' + LIMITS_NOTE,
  input: z.object({
    path: pathArg(),
    cursor: cursorArg(),
    limit: limitArg(),
  }),
  output: z.object({
    pools: z.array(PoolSummarySchema),
    total: z.number().int().describe('Pools in all pages'),
    nextCursor: z.string().optional().describe('Pass as cursor for the next page; absent on the last page'),
    unreadable: z.array(z.string()).optional().describe('Files that could not be read'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    const page = paginate(loaded.ws.pools, args.cursor, args.limit);
    return {
      pools: page.items.map((p) => ({
        name: p.name,
        workerPool: p.workerPool && {
          name: p.workerPool.name,
          scalingMode: p.workerPool.scalingMode,
          manualInstanceCount: p.workerPool.manualInstanceCount,
          source: sourceOfDoc(loaded, p.workerPool.ref),
        },
        subscriptions: p.subscriptions.map((s) => ({ name: s.name, source: sourceOfDoc(loaded, s.ref) })),
        scaler: p.scaler && { name: p.scaler.name, format: p.scaler.format, minReplicas: p.scaler.minReplicas, maxReplicas: p.scaler.maxReplicas, source: sourceOfPath(loaded, p.scaler.ref, p.scaler.basePath) },
        concurrencyPerInstance: p.concurrency?.value,
        hasSettings: p.settings !== undefined,
      })),
      total: page.total,
      nextCursor: page.nextCursor,
      unreadable: loaded.ioErrors.length > 0 ? loaded.ioErrors.slice(0, 20) : undefined,
    };
  },
});
