import { z } from 'zod';
import { PoolSettingsSchema, ScalerSchema, SubscriptionSchema, WORKER_POOL_PATHS, WorkerPoolSchema, type Pool } from '../../shared/index.ts';
import { defineTool } from '../tool.ts';
import { LIMITS_NOTE, pathArg, poolArg } from '../limits.ts';
import { findPool } from '../lookup.ts';
import { isSecretEnv, REDACTED } from '../redact.ts';
import type { LoadedWorkspace } from '../roots.ts';
import { SourceSchema, sourceOfDoc, sourceOfPath } from './shapes.ts';

const EnvViewSchema = z.object({
  name: z.string(),
  value: z.string().optional().describe(`Plain value; "${REDACTED}" for credentials; absent for secret references`),
  valueSource: z.enum(['plain', 'redacted', 'secretRef']).describe('secretRef: valueFrom (Secret Manager); redacted: a plain value withheld because its name, format or randomness marks a credential'),
});

const ContainerViewSchema = z.object({
  name: z.string().optional(),
  cpuVcpu: z.number().optional(),
  memoryMiB: z.number().optional(),
  gpuCount: z.number().optional(),
  env: z.array(EnvViewSchema),
});

export const PoolConfigSchema = z.object({
  pool: z.string(),
  workerPool: WorkerPoolSchema.omit({ kind: true, ref: true, containers: true })
    .extend({ containers: z.array(ContainerViewSchema), source: SourceSchema }).optional(),
  subscriptions: z.array(SubscriptionSchema.omit({ kind: true, ref: true, basePath: true, deadLetterTopicPath: true }).extend({ source: SourceSchema })),
  scaler: ScalerSchema.omit({ kind: true, ref: true, basePath: true }).extend({ source: SourceSchema }).optional(),
  settings: PoolSettingsSchema.optional().describe('This pool\'s entry in pool-tuner.yaml (SLOs, downstream limits)'),
  concurrency: z.object({ value: z.number(), envName: z.string(), source: SourceSchema }).optional()
    .describe('Per-instance concurrency and the env var it was read from'),
});
export type PoolConfig = z.infer<typeof PoolConfigSchema>;

/** The normalised config of one pool with sources and redacted env (also served as a resource). */
export function poolConfigView(loaded: LoadedWorkspace, pool: Pool): PoolConfig {
  const wp = pool.workerPool;
  let workerPool: PoolConfig['workerPool'];
  if (wp) {
    const { kind: _k, ref, containers, ...rest } = wp;
    workerPool = {
      ...rest,
      source: sourceOfDoc(loaded, ref),
      containers: containers.map((c) => ({
        name: c.name, cpuVcpu: c.cpuVcpu, memoryMiB: c.memoryMiB, gpuCount: c.gpuCount,
        env: c.env.map((e) => {
          if (e.fromSecret) return { name: e.name, valueSource: 'secretRef' as const };
          if (isSecretEnv(e.name, e.value)) return { name: e.name, value: REDACTED, valueSource: 'redacted' as const };
          return { name: e.name, value: e.value, valueSource: 'plain' as const };
        }),
      })),
    };
  }
  const conc = pool.concurrency;
  return {
    pool: pool.name,
    workerPool,
    subscriptions: pool.subscriptions.map(({ kind: _k, ref, basePath: _b, deadLetterTopicPath: _d, ...s }) => ({ ...s, source: sourceOfDoc(loaded, ref) })),
    scaler: pool.scaler && (({ kind: _k, ref, basePath, ...s }) => ({ ...s, source: sourceOfPath(loaded, ref, basePath) }))(pool.scaler),
    settings: pool.settings,
    concurrency: conc && wp ? {
      value: conc.value,
      envName: conc.envName,
      source: sourceOfPath(loaded, wp.ref, [...WORKER_POOL_PATHS.containers, conc.containerIndex, 'env', conc.envIndex, 'value']),
    } : undefined,
  };
}

export const getPoolConfigTool = defineTool({
  name: 'get_pool_config',
  title: 'Get pool config',
  description: 'Returns the normalised configuration of one pool (worker pool, subscriptions, scaler, pool-tuner.yaml settings, ' +
    'per-instance concurrency), each with its source file:line. Credentials are never returned: secret references show ' +
    `as secretRef, and plain values that are credentials (by name, format or randomness) as "${REDACTED}". ` + LIMITS_NOTE,
  input: z.object({
    pool: poolArg(),
    path: pathArg(),
  }),
  output: PoolConfigSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(args, ctx) {
    const loaded = await ctx.load(args.path);
    return poolConfigView(loaded, findPool(loaded.ws, args.pool));
  },
});
