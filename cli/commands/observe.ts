/** `pool-tuner observe [paths…]`: alert policies and dashboards per pool, derived from the model and tested on the recording and the replays. */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { print, errOut } from '../output.ts';
import { writeFileAtomic } from '../../shared/node/files.ts';
import { channelProblems } from '../../shared/observe/channels.ts';
import { jsonFiles, markdownFiles, terraformFiles, type OutFile } from '../../shared/observe/files.ts';
import { formatObserveMarkdown } from '../../shared/observe/render.ts';
import { observeWorkspace } from '../../shared/observe/run.ts';
import { roundingReplacer } from '../../shared/report/round.ts';
import { DEFAULT_SEED } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf, DEFAULT_SIM_BUDGET_MESSAGES } from '../../shared/tune/workload.ts';
import { loadWorkspace, reportNothingRecognised } from '../load.ts';
import { oneOf, parse, UsageError, type Command } from '../usage.ts';
import type { Workspace } from '../../shared/config/workspace.ts';
import { loadMetrics, requirePool } from './tune.ts';

const FORMATS = ['markdown', 'json', 'terraform'] as const;

const HELP = `Usage: pool-tuner observe [paths…] [options]

Writes, per pool, Cloud Monitoring alert policies (PromQL conditions on the _by_region Pub/Sub metrics: oldest
unacked age approaching the SLO, backlog growing faster than the pool drains, dead letters, expired ack deadlines
above the predicted band, instances pinned at the scaler maximum, throughput at the downstream ceiling, a stalled
pool) and a dashboard, with thresholds derived from the SLO and the tuned configuration's predicted bands. Each
alert is tested first: when it would have fired on the recording, and on how many replays of the tuned
configuration; too tight or too loose thresholds are adjusted. Docs: docs/observe.md.

Options:
  --metrics <m>     a metrics snapshot file (fits and tests the thresholds); without it, SLO-based alerts only
  --pool <name>     only this pool
  --format <f>      markdown (default: the report), json, terraform
  --out <dir>       write the files there: json = <pool>/alert-<kind>.json + <pool>/dashboard.json (for
                    gcloud monitoring policies create --policy-from-file / dashboards create --config-from-file);
                    terraform = pool-tuner-observe.tf; markdown = observe.md
                    (--format terraform without --out writes pool-tuner-observe.tf beside each pool's .tf module)
  --apply live      create or update the alert policies and dashboards in Cloud Monitoring (project from pool-tuner.yaml or
                    GOOGLE_CLOUD_PROJECT), matched by display name: a second run updates, never duplicates
  --seed <n>        simulation seed (default ${DEFAULT_SEED})
  --sim-budget <n>  messages per simulation before a long window is sampled (default ${DEFAULT_SIM_BUDGET_MESSAGES}; 0 = all)
Exit: 0 done, 2 usage or I/O error (an unknown pool, a notificationChannels entry in the wrong format).
`;

export const observeCommand: Command = {
  name: 'observe',
  summary: 'alert policies and dashboards from the model, tested on the recording and the replays',
  async run(argv) {
    const { values, positionals } = parse(argv, {
      metrics: { type: 'string' },
      pool: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      apply: { type: 'string' },
      seed: { type: 'string' },
      'sim-budget': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      print(HELP);
      return 0;
    }
    const format = oneOf(values.format, FORMATS, '--format', 'markdown');
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer (got '${values.seed}')`);
    const budget = values['sim-budget'] === undefined ? undefined : Number(values['sim-budget']);
    if (budget !== undefined && !(Number.isInteger(budget) && budget >= 0)) throw new UsageError(`--sim-budget must be a whole number of messages, 0 for no limit (got '${values['sim-budget']}')`);
    if (values.apply !== undefined && values.apply !== 'live') throw new UsageError(`--apply takes 'live' (create or update the alert policies in Cloud Monitoring), got '${values.apply}'`);
    const { ws, ioErrors } = await loadWorkspace(positionals);
    if (ioErrors > 0 && ws.files.size === 0) return 2;
    if (reportNothingRecognised(ws, positionals)) return 2;
    requirePool(ws, values.pool);
    const channelErrors = channelProblems(ws);
    if (channelErrors.length) throw new UsageError(channelErrors.join('\n'));
    const metrics = values.metrics ? await loadMetrics(values.metrics, ws) : undefined;
    const out = observeWorkspace(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics), pool: values.pool, seed, simBudgetMessages: budget });
    let files: OutFile[] = [];
    if (format === 'terraform') files = terraformFiles(out, ws, values.out, values.out ?? '.');
    else if (values.out) files = format === 'json' ? jsonFiles(out, values.out) : markdownFiles(out, values.out);
    if (format === 'terraform' && !values.out) {
      // Pools outside a Terraform module have no module to write beside: print them instead.
      const yamlOnly = files.filter((f) => !f.text.includes('Pools of the Terraform module'));
      for (const f of yamlOnly) print(f.text);
      files = files.filter((f) => !yamlOnly.includes(f));
    }
    for (const f of files) {
      await mkdir(path.dirname(f.path), { recursive: true });
      await writeFileAtomic(f.path, f.text);
      errOut(`pool-tuner observe: wrote ${f.path}\n`);
    }
    if (values.apply === 'live') await applyLive(ws, out.pools.flatMap((p) => p.policies), out.pools.filter((p) => p.alerts.length).map((p) => p.dashboard));
    // stdout: the report beside written files; the JSON or the report itself otherwise.
    if (files.length) print(formatObserveMarkdown(out));
    else if (format === 'json') print(`${JSON.stringify(out, roundingReplacer, 2)}\n`);
    else if (format === 'markdown') print(formatObserveMarkdown(out));
    return ioErrors > 0 ? 2 : 0;
  },
};

/** `--apply live`: the policies into the project's Cloud Monitoring (POOL_TUNER_MONITORING_ENDPOINT: a local stand-in). */
async function applyLive(ws: Workspace, policies: Record<string, unknown>[], dashboards: Record<string, unknown>[]): Promise<void> {
  const project = ws.settings?.settings.project ?? process.env['GOOGLE_CLOUD_PROJECT'];
  if (!project) throw new UsageError('--apply live needs a project: set `project` in pool-tuner.yaml or GOOGLE_CLOUD_PROJECT');
  const { localEndpointOptions } = await import('../../shared/node/cloud-monitoring.ts');
  const { applyAlertPolicies } = await import('../../shared/node/alert-policies.ts');
  const endpoint = process.env['POOL_TUNER_MONITORING_ENDPOINT'];
  const clientOptions = endpoint ? await localEndpointOptions(endpoint) : undefined;
  if (endpoint && !clientOptions) throw new UsageError(`POOL_TUNER_MONITORING_ENDPOINT must be a loopback host:port (got '${endpoint}')`);
  const { applyDashboards } = await import('../../shared/node/dashboards.ts');
  const r = await applyAlertPolicies({ project, policies, ...(clientOptions ? { clientOptions } : {}) });
  errOut(`pool-tuner observe: project ${project}: ${r.created.length} alert policies created, ${r.updated.length} updated (matched by display name)\n`);
  const d = await applyDashboards({ project, dashboards, ...(clientOptions ? { clientOptions } : {}) });
  errOut(`pool-tuner observe: project ${project}: ${d.created.length} dashboards created, ${d.updated.length} updated (matched by display name)\n`);
}

