/** `pool-tuner cost [paths…]`: monthly cost per pool as configured, and pull vs push for the same traffic. */
import { errOut, print, printText } from '../output.ts';
import { costReport, formatCostText } from '../../shared/tune/cost-report.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { loadWorkspace, reportNothingRecognised } from '../load.ts';
import { oneOf, parse, type Command } from '../usage.ts';
import { loadMetrics, requirePool } from './tune.ts';
import { roundingReplacer } from '../../shared/report/round.ts';

const HELP = `Usage: pool-tuner cost [paths…] [options]

Monthly cost of each pool as configured (instance-based billing: every instance is billed while it exists),
as a range for autoscaled pools or the observed mean with --metrics, and a pull vs push comparison when the
message rate and processing time are known. Prices: docs/sources.md#pricing (Tier 1 us-central1; no free tier, no discounts).

Options:
  --metrics <m>   a metrics snapshot file, or 'live'
  --pool <name>   only this pool
  --format <f>    text (default) or json
Exit: 0 done, 2 usage or I/O error, or a pool not priced (invalid input, or a file that failed to parse).
`;

export const costCommand: Command = {
  name: 'cost',
  summary: 'monthly cost per pool, and pull vs push',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      metrics: { type: 'string' },
      pool: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      print(HELP);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
    const { ws, ioErrors } = await loadWorkspace(positionals);
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    if (reportNothingRecognised(ws, positionals)) return 2;
    requirePool(ws, values.pool);
    const metrics = values.metrics ? await loadMetrics(values.metrics, ws) : undefined;
    const out = costReport(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool: values.pool });
    if (format === 'json') print(`${JSON.stringify(out, roundingReplacer, 2)}\n`);
    else printText(formatCostText(out));
    // Some pool was not priced (invalid input, or a file that failed to parse): the total is incomplete.
    if (out.notPriced?.length) errOut(`pool-tuner cost: not priced: ${[...new Set(out.notPriced.map((e) => e.pool ?? e.file))].join(', ')} (see the output; pool-tuner review lists the problems)\n`);
    return ioErrors > 0 || out.notPriced?.length ? 2 : 0;
  },
};
