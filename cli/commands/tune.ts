/** `pool-tuner tune [paths…]`: the cheapest configuration per pool that meets its SLO, as a diff; `--apply` writes it. */
import { print, errOut, printText } from '../output.ts';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { applyEdits, editsByFile, type TextEdit } from '../../shared/config/edits.ts';
import type { Workspace } from '../../shared/config/workspace.ts';
import type { MetricsView } from '../../shared/metrics/figures.ts';
import { FileWriteError, isUserWriteFailure, writeFilesAtomic, type FileWrite } from '../../shared/node/write-all.ts';
import { fnv1a64 } from '../../shared/report/fingerprint.ts';
import { DEFAULT_SEED, tunablePools, tune, type TuneOptions } from '../../shared/tune/tune.ts';
import { defaultPoolSize } from '../../shared/node/jobs/pool.ts';
import { tuneInParallel } from '../../shared/node/jobs/tune-parallel.ts';
import type { SnapshotView } from '../../shared/metrics/view.ts';
import { formatTuneMarkdown, formatTuneText } from '../../shared/tune/render.ts';
import type { Proposal } from '../../shared/tune/schema.ts';
import { arrivalSeriesOf, DEFAULT_SIM_BUDGET_MESSAGES } from '../../shared/tune/workload.ts';
import { loadWorkspace, refuseInvalidPools, reportNothingRecognised } from '../load.ts';
import { unreadFiles } from '../../shared/config/input-errors.ts';
import { writeRecords } from '../proposal-records.ts';
import { oneOf, parse, UsageError, type Command } from '../usage.ts';
import { roundingReplacer } from '../../shared/report/round.ts';

const FORMATS = ['text', 'json', 'markdown'] as const;

const HELP = `Usage: pool-tuner tune [paths…] [options]

Finds, per pool, the cheapest concurrency and scaling that meet the SLO in pool-tuner.yaml (queueing maths to
narrow the search, the simulator to confirm, same seed for every candidate), plus ack deadline, retry and
dead-letter settings, and shows them as a diff of your own files.

Options:
  --metrics <m>           a metrics snapshot file, or 'live' for Cloud Monitoring (arrivals, processing times)
  --pool <name>           only this pool
  --format <f>            text (default), json (versioned, docs/tune-output.md), markdown
  --apply                 write the proposed edits in place (all files or none) and report them
  --seed <n>              simulation seed (default ${DEFAULT_SEED})
  --no-lease-extension    model clients that do not extend leases (expiries follow the ack deadline)
  --sim-budget <n>        messages per simulation before a long window is sampled (default ${DEFAULT_SIM_BUDGET_MESSAGES}; 0 = all)
  --jobs <n>              pools tuned in parallel on worker threads (default: the core count, ${defaultPoolSize()} here; 1 = this thread only)
Exit: 0 done, 2 usage or I/O error (including an unknown pool), or a pool not tuned (invalid input, or a file that
failed to parse).
`;

export const tuneCommand: Command = {
  name: 'tune',
  summary: 'propose the cheapest settings that meet each pool\'s SLO (diff; --apply writes)',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      metrics: { type: 'string' },
      pool: { type: 'string' },
      format: { type: 'string' },
      apply: { type: 'boolean' },
      seed: { type: 'string' },
      'no-lease-extension': { type: 'boolean' },
      'sim-budget': { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      print(HELP);
      return 0;
    }
    const format = oneOf(values.format, FORMATS, '--format', 'text');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got '${values.seed}')`);
    const budget = values['sim-budget'] === undefined ? undefined : Number(values['sim-budget']);
    if (budget !== undefined && !(Number.isInteger(budget) && budget >= 0)) throw new UsageError(`--sim-budget must be a whole number of messages, 0 for no limit (got '${values['sim-budget']}')`);
    const jobs = values.jobs === undefined ? defaultPoolSize() : Number(values.jobs);
    if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= 256)) throw new UsageError(`--jobs must be a whole number from 1 to 256 (got '${values.jobs}')`);
    const { ws, ioErrors } = await loadWorkspace(positionals);
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    if (reportNothingRecognised(ws, positionals)) return 2;
    requirePool(ws, values.pool);
    // Pools with invalid input are not tuned (named on stderr and in the output); the others are.
    const refused = refuseInvalidPools(ws, tunablePools(ws, values.pool), 'tune');
    if (values.pool && refused.length) return 2;
    const notTuned = [...refused, ...(values.pool ? [] : unreadFiles(ws))];
    for (const e of notTuned) if (!e.pool) errOut(`pool-tuner tune: ${e.file}:${e.line}:${e.column}: not read (${e.message}); its pools are not tuned\n`);
    const tunable: Workspace = refused.length ? { ...ws, pools: ws.pools.filter((p) => !refused.some((e) => e.pool === p.name)) } : ws;
    const metrics = values.metrics ? await loadMetrics(values.metrics, ws) : undefined;
    const options: TuneOptions = { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool: values.pool, seed, leaseExtension: !values['no-lease-extension'], simBudgetMessages: budget };
    // Several pools: tuned in parallel on worker threads (the same proposals, in the same order, as one thread).
    const parallel = jobs > 1 && tunablePools(tunable, values.pool).length > 1 && (!metrics || 'snapshot' in metrics);
    const tuned = parallel
      ? await tuneInParallel(tunable, { metrics: metrics as SnapshotView | undefined, pool: values.pool, jobs, options: { seed, leaseExtension: options.leaseExtension, simBudgetMessages: budget } })
      : tune(tunable, options);
    const out = notTuned.length ? { ...tuned, notTuned } : tuned;
    const rendered = format === 'json' ? `${JSON.stringify(out, roundingReplacer, 2)}\n` : format === 'markdown' ? formatTuneMarkdown(out) : formatTuneText(out);
    if (format === 'text') printText(rendered);
    else print(rendered);
    if (values.apply) {
      const applied = await applyProposals(out.pools);
      for (const line of applied.report) errOut(`${line}
`);
      for (const line of await writeRecords(ws, applied.proposals, metrics, 'cli')) errOut(`${line}
`);
    }
    return ioErrors > 0 || notTuned.length > 0 ? 2 : 0;
  },
};

/** Throws the usage error every adapter uses for an unknown pool. */
export function requirePool(ws: Workspace, name: string | undefined): void {
  if (name === undefined || ws.pools.some((p) => p.name === name)) return;
  const known = ws.pools.map((p) => p.name).sort();
  throw new UsageError(`No pool '${name}'. Known pools: ${known.length ? known.join(', ') : '(none found)'}.`);
}

export async function loadMetrics(spec: string, ws: Workspace): Promise<MetricsView | undefined> {
  const { loadMetricsForCli } = await import('../metrics-source.ts');
  return loadMetricsForCli(spec, ws);
}

/**
 * Applies every proposal's edits, all files or none (shared/node/write-all.ts): a file changed on disk since it was
 * read (its hash differs from the proposal's base), a set of edits that overlap, or a file that cannot be written
 * (read-only, permission denied) leaves every file as it was and is reported; records are written only after.
 */
async function applyProposals(proposals: readonly Proposal[]): Promise<{ report: string[]; proposals: Proposal[] }> {
  // Every status with edits: an infeasible or needs-metrics proposal carries only policy edits (sizing left as is).
  const todo = proposals.filter((p) => p.edits.length > 0);
  if (todo.length === 0) return { report: ['pool-tuner tune: nothing to apply'], proposals: [] };
  const all: TextEdit[] = todo.flatMap((p) => p.edits);
  const base = Object.assign({}, ...todo.map((p) => p.baseFileHashes)) as Record<string, string>;
  const writes: FileWrite[] = [];
  for (const [file, edits] of editsByFile(all)) {
    const abs = path.resolve(file);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      if (isUserWriteFailure(err)) throw new UsageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code}); nothing was applied`);
      throw err;
    }
    if (base[file] !== undefined && fnv1a64(text) !== base[file]) {
      return { report: [`pool-tuner tune: ${file} changed since it was read; nothing was applied (run tune again)`], proposals: [] };
    }
    writes.push({ abs, label: file, before: text, after: applyEdits(text, edits) });
  }
  try {
    await writeFilesAtomic(writes);
  } catch (err) {
    if (err instanceof FileWriteError) throw new UsageError(`--apply: ${err.message}`);
    throw err;
  }
  const report = todo.map((p) => `applied ${p.id} (${p.pool}): ${[...new Set(p.edits.map((e) => e.file))].join(', ')}`);
  return { report, proposals: todo };
}
