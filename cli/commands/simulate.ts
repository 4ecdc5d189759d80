/** `pool-tuner simulate [paths…] --pool NAME [--set key=value…]`: what-if figures for one pool vs its current config. */
import { print } from '../output.ts';
import { whatIf, parseWhatIf, WhatIfError, WHAT_IF_KEYS } from '../../shared/tune/what-if.ts';
import { describeRange, WHAT_IF_RANGES, whatIfErrors } from '../../shared/config/what-if-ranges.ts';
import type { Figures, PoolSettingsValues } from '../../shared/tune/schema.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { DEFAULT_SEED } from '../../shared/tune/tune.ts';
import { loadWorkspace, refuseInvalidPools } from '../load.ts';
import { oneOf, parse, UsageError, type Command } from '../usage.ts';
import { loadMetrics, requirePool } from './tune.ts';
import { roundingReplacer } from '../../shared/report/round.ts';

const HELP = `Usage: pool-tuner simulate [paths…] --pool <name> [--set key=value …] [options]

Simulates one pool as configured and with the settings given by --set (same seed, same trace) and prints the
figures side by side: queue wait p95/p99, max message age, duplicates, dead-lettered, instances, cost.

Keys for --set:
${Object.entries(WHAT_IF_KEYS).map(([k, v]) => `  ${k.padEnd(16)}${v}: ${describeRange(WHAT_IF_RANGES[k as keyof typeof WHAT_IF_KEYS])}`).join('\n')}

Options:
  --metrics <m>           a metrics snapshot file, or 'live' (arrivals and processing times)
  --format <f>            text (default) or json
  --seed <n>              simulation seed (default ${DEFAULT_SEED})
  --no-lease-extension    model clients that do not extend leases
Exit: 0 done, 2 usage error, unknown pool, or no workload to simulate.
`;

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'what-if: simulate a pool with changed settings vs as configured',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      pool: { type: 'string' },
      set: { type: 'string', multiple: true },
      metrics: { type: 'string' },
      format: { type: 'string' },
      seed: { type: 'string' },
      'no-lease-extension': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      print(HELP);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
    if (!values.pool) throw new UsageError('--pool <name> is required');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got '${values.seed}')`);
    let sets;
    try {
      sets = parseWhatIf(values.set ?? []);
    } catch (err) {
      if (err instanceof WhatIfError) throw new UsageError(`--set ${err.message}`);
      throw err;
    }
    const problems = whatIfErrors(sets);
    if (problems.length) throw new UsageError(`--set: ${problems.join('; ')}`);
    const { ws, ioErrors } = await loadWorkspace(positionals);
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    requirePool(ws, values.pool);
    const pool = ws.pools.find((p) => p.name === values.pool)!;
    if (refuseInvalidPools(ws, [pool], 'simulate').length) return 2;
    const metrics = values.metrics ? await loadMetrics(values.metrics, ws) : undefined;
    let result;
    try {
      result = whatIf(ws, pool, sets, { metrics, arrivalSeries: arrivalSeriesOf(metrics), seed, leaseExtension: !values['no-lease-extension'] });
    } catch (err) {
      if (err instanceof WhatIfError) throw new UsageError(err.message);
      throw err;
    }
    if (format === 'json') {
      print(`${JSON.stringify({ version: 1, ...result }, roundingReplacer, 2)}\n`);
      return 0;
    }
    const lines = [`${result.pool}: ${result.workload.minutes} min of arrivals (${result.workload.source}), mean processing ${fmt(result.workload.processingMeanSec)} s`];
    lines.push(`  settings: ${describe(result.current)}`);
    lines.push(`  what-if:  ${describe(result.changed)}`, '');
    lines.push(...figureTable(result.currentFigures, result.predictedFigures, pool.settings?.slo));
    for (const w of result.warnings) lines.push(`  ! ${w}`);
    if (result.priceNote) lines.push(`  note: ${result.priceNote}`);
    print(`${lines.join('\n')}\n`);
    return 0;
  },
};

const fmt = (x: number) => (!Number.isFinite(x) ? '∞' : Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(2)).toString());

function describe(v: PoolSettingsValues): string {
  const s = v.scaling;
  const scaling = !s ? 'unknown scaling' : s.mode === 'manual' ? `manual ${s.instances}` : `CREMA value ${s.targetValue} min ${s.minReplicas} max ${s.maxReplicas} down ${s.scaleDownStabilizationSec}s`;
  const retry = v.minimumBackoffSec === undefined ? 'no retry policy' : `backoff ${v.minimumBackoffSec}-${v.maximumBackoffSec}s`;
  return `concurrency ${v.concurrency ?? 'unset'}, ${scaling}, ack ${v.ackDeadlineSec ?? 10}s, ${retry}, ${v.maxDeliveryAttempts ? `DLQ after ${v.maxDeliveryAttempts}` : 'no DLQ'}`;
}

function figureTable(cur: Figures, next: Figures, slo: { queueWaitP95Sec?: number; maxMessageAgeSec?: number; duplicateRatioMax?: number } | undefined): string[] {
  const rows: [string, string, string, string][] = [
    ['', 'current', 'what-if', 'SLO'],
    ['queue wait p95', `${fmt(cur.queueWaitP95Sec)} s`, `${fmt(next.queueWaitP95Sec)} s`, slo?.queueWaitP95Sec !== undefined ? `≤ ${slo.queueWaitP95Sec} s` : ''],
    ['queue wait p99', `${fmt(cur.queueWaitP99Sec)} s`, `${fmt(next.queueWaitP99Sec)} s`, ''],
    ['max message age', `${fmt(cur.maxMessageAgeSec)} s`, `${fmt(next.maxMessageAgeSec)} s`, slo?.maxMessageAgeSec !== undefined ? `≤ ${slo.maxMessageAgeSec} s` : ''],
    ['duplicates', `${fmt(cur.duplicates)} (${fmt(cur.duplicateRatio * 100)}%)`, `${fmt(next.duplicates)} (${fmt(next.duplicateRatio * 100)}%)`, slo?.duplicateRatioMax !== undefined ? `≤ ${fmt(slo.duplicateRatioMax * 100)}%` : ''],
    ['dead-lettered', fmt(cur.deadLettered), fmt(next.deadLettered), ''],
    ['mean instances', fmt(cur.meanInstances), fmt(next.meanInstances), ''],
    ['cost / month', `$${cur.costUsdPerMonth.toFixed(2)}`, `$${next.costUsdPerMonth.toFixed(2)}`, ''],
    ['SLO met', cur.sloMet ? 'yes' : 'NO', next.sloMet ? 'yes' : 'NO', ''],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()}`);
}
