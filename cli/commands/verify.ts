/** `pool-tuner verify [paths…] --metrics after.json|live`: applied proposals against what happened after. */
import { print as printOut, printText } from '../output.ts';
import { readProposalRecords, recordsDirFor } from '../../shared/node/proposal-records.ts';
import type { SnapshotView } from '../../shared/metrics/view.ts';
import { DEFAULT_REPLAYS } from '../../shared/verify/bands.ts';
import { formatVerifyMarkdown, formatVerifyText } from '../../shared/verify/render.ts';
import { predatingRecordings, verifyRecords } from '../../shared/verify/verify.ts';
import { loadWorkspace } from '../load.ts';
import { oneOf, parse, UsageError, type Command } from '../usage.ts';
import { loadMetrics, requirePool } from './tune.ts';
import { roundingReplacer } from '../../shared/report/round.ts';

const HELP = `Usage: pool-tuner verify [paths…] --metrics <after.json|live> [options]

For each pool with an applied proposal (.pool-tuner/proposals/<id>.json beside pool-tuner.yaml, written by
tune --apply, the MCP apply_proposal tool and the editor), compares the predicted figures with a recording made
after the change: p95 wait, max message age, duplicates, dead letters, mean instances, cost; each as predicted
band, observed, verdict (inside, better, worse). Replays the new recording through the same model to tell a
traffic change from a wrong model, and flags drift (traffic that moved away from what the pool was tuned on)
with the command to re-tune. Docs: docs/verify.md.

Options:
  --metrics <m>     the recording after the change: a snapshot file, or 'live' (Cloud Monitoring, last 24 h)
  --pool <name>     only this pool
  --format <f>      text (default), json (versioned, docs/verify.md), markdown
  --replays <n>     replays of the new recording per pool (default ${DEFAULT_REPLAYS})
Exit: 0 every verified pool met its SLO and its predictions, 1 a pool missed its SLO or a prediction,
2 usage or I/O error, or a recording that ends before the proposal was applied (a recording that starts
before it is judged on the part after it, and the output says how much).
`;

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check applied proposals against a recording made after the change (and flag traffic drift)',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      metrics: { type: 'string' },
      pool: { type: 'string' },
      format: { type: 'string' },
      replays: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'json', 'markdown'] as const, '--format', 'text');
    if (!values.metrics) throw new UsageError('--metrics <after.json|live> is required: the recording made after the change');
    const replays = values.replays === undefined ? undefined : Number(values.replays);
    if (replays !== undefined && !(Number.isInteger(replays) && replays >= 1 && replays <= 50)) throw new UsageError(`--replays must be a whole number from 1 to 50 (got '${values.replays}')`);
    const { ws, ioErrors } = await loadWorkspace(positionals);
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    requirePool(ws, values.pool);
    const dir = recordsDirFor(process.cwd(), ws);
    const { records, errors } = await readProposalRecords(dir);
    for (const e of errors) process.stderr.write(`pool-tuner verify: ${e}\n`);
    if (records.length === 0) {
      process.stderr.write(`pool-tuner verify: no proposal records in ${dir}: apply a proposal first (pool-tuner tune --apply, the MCP apply_proposal tool or the editor's Tune…)\n`);
      return errors.length ? 2 : 0;
    }
    const after = (await loadMetrics(values.metrics, ws)) as SnapshotView;
    const predating = predatingRecordings(records, after, values.pool);
    if (predating.length) {
      for (const m of predating) process.stderr.write(`pool-tuner verify: ${m}\n`);
      return 2;
    }
    const paths = positionals.length ? positionals.join(' ') : '.';
    const out = verifyRecords(ws, records, after, (pool) => `pool-tuner tune ${paths} --pool ${pool} --metrics ${values.metrics} --apply`, { pool: values.pool, replay: { replays } });
    if (format === 'text') printText(formatVerifyText(out));
    else printOut(format === 'json' ? `${JSON.stringify(out, roundingReplacer, 2)}\n` : formatVerifyMarkdown(out));
    if (errors.length || ioErrors) return 2;
    return out.pools.some((p) => p.failed) ? 1 : 0;
  },
};
