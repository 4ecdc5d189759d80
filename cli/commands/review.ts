/** `pool-tuner review [paths…]`: every problem with file:line:column, rule id and fix; `--fix` applies safe fixes. */
import { print, errOut, printText } from '../output.ts';
import * as path from 'node:path';
import { review } from '../../shared/rules/engine.ts';
import { applyEdits } from '../../shared/config/edits.ts';
import { describeFixPlan, planFixes } from '../../shared/report/fix-plan.ts';
import type { PositionMapper } from '../../shared/report/format-position.ts';
import { FileWriteError, writeFilesAtomic, type FileWrite } from '../../shared/node/write-all.ts';
import { formatText } from '../../shared/report/text.ts';
import { formatJson } from '../../shared/report/json.ts';
import { bySeverity } from '../../shared/report/order.ts';
import type { Finding } from '../../shared/rules/finding.ts';
import { loadWorkspace, reportNothingRecognised } from '../load.ts';
import { oneOf, parse, UsageError, type Command } from '../usage.ts';

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;
const RANK = { error: 3, warning: 2, info: 1 } as const;

const HELP = `Usage: pool-tuner review [paths…] [options]

Reviews worker pool, CREMA/KEDA, subscription and pool-tuner.yaml files (folders are walked, .gitignore respected).

Options:
  --format <f>      text (default), json, markdown, sarif, github
  --severity <s>    lowest severity that fails the run: error, warning (default), info
  --fix             apply safe fixes (meaning-preserving) in place, atomically, and report them
  --metrics <m>     a snapshot file, or 'live' for Cloud Monitoring (enables metric-aware rules)
  --no-color        plain text even on a terminal
  --verbose         also say what was not read (Terraform values the module cannot settle, skipped resources)
Exit: 0 no findings at or above --severity, 1 findings, 2 usage or I/O error, or no pool configs found.
`;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'find problems in pool configs (text, json, markdown, sarif, github)',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      format: { type: 'string' },
      severity: { type: 'string' },
      fix: { type: 'boolean' },
      metrics: { type: 'string' },
      'no-color': { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      print(HELP);
      return 0;
    }
    const format = oneOf(values.format, FORMATS, '--format', 'text');
    const threshold = oneOf(values.severity, SEVERITIES, '--severity', 'warning');
    let { ws, pos, ioErrors } = await loadWorkspace(positionals);
    // A path that could not be read: the error alone (no "No problems found." for a review that never happened).
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    if (reportNothingRecognised(ws, positionals)) return 2;
    const metrics = values.metrics ? await loadMetricsView(values.metrics, ws) : undefined;
    // Applied proposals (.pool-tuner/proposals/) are what the traffic-drift rule compares the metrics against.
    const records = metrics ? await loadRecords(ws) : undefined;
    let result = review(ws, { metrics, records });
    if (values.verbose) {
      for (const n of ws.notes) {
        const { start } = pos.region(n.file, n.span);
        process.stderr.write(`note: ${n.file}:${start.line}:${start.column}: ${n.message}\n`);
      }
    }

    if (values.fix) {
      const applied = await applyFixes(result.findings, ws.files, pos);
      for (const line of applied) errOut(`${line}\n`);
      if (applied.length) {
        ({ ws, pos, ioErrors } = await loadWorkspace(positionals));
        result = review(ws, { metrics, records });
      }
    }
    const out = await render(format, bySeverity(result.findings), pos, result.skippedForMetrics);
    if (format === 'text') printText(out);
    else print(out);
    if (ioErrors > 0) return 2;
    return result.findings.some((f) => RANK[f.severity] >= RANK[threshold]) ? 1 : 0;
  },
};

async function render(format: (typeof FORMATS)[number], findings: Finding[], pos: import('../../shared/report/format-position.ts').PositionMapper, skipped: string[]): Promise<string> {
  switch (format) {
    case 'json':
      return formatJson(findings, pos, skipped);
    case 'text':
      return formatText(findings, pos, { color: process.stdout.isTTY === true && !process.argv.includes('--no-color') && !process.env['NO_COLOR'], skippedForMetrics: skipped });
    default: {
      const { formatOther } = await import('../report-formats.ts');
      return formatOther(format, findings, pos, skipped);
    }
  }
}

/** Applies every finding's fix (whole fixes only, see planFixes), file by file, atomically; returns what changed. */
async function applyFixes(findings: Finding[], files: Map<string, { text: string }>, pos: PositionMapper): Promise<string[]> {
  const plan = planFixes(findings);
  const writes: FileWrite[] = [];
  for (const [file, edits] of plan.editsByFile) {
    const text = files.get(file)?.text;
    if (text !== undefined) writes.push({ abs: path.resolve(file), label: file, before: text, after: applyEdits(text, edits) });
  }
  // All files or none (shared/node/write-all.ts): a file that cannot be written leaves every file as it was.
  try {
    await writeFilesAtomic(writes);
  } catch (err) {
    if (err instanceof FileWriteError) throw new UsageError(`--fix: ${err.message}`);
    throw err;
  }
  return writes.length ? describeFixPlan(plan, pos) : [];
}

async function loadMetricsView(spec: string, ws: import('../../shared/config/workspace.ts').Workspace) {
  const { loadMetricsForCli } = await import('../metrics-source.ts');
  return loadMetricsForCli(spec, ws);
}

async function loadRecords(ws: import('../../shared/config/workspace.ts').Workspace) {
  const { readProposalRecords, recordsDirFor } = await import('../../shared/node/proposal-records.ts');
  const { records, errors } = await readProposalRecords(recordsDirFor(process.cwd(), ws));
  for (const e of errors) errOut(`pool-tuner review: ${e} (the traffic-drift rule skips it)\n`);
  return records;
}
