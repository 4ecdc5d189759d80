/**
 * `alerts: true`: the alert policies and dashboards `pool-tuner observe` writes, proposed in the pull request. Each
 * pool is observed on the proposal the action's `tune` made (shared/observe `observeTunedPool`), its files placed
 * beside the pool as the editor's command places them (`filesBesidePools`: the module's pool-tuner-observe.tf, or
 * monitoring/<pool>/*.json beside a YAML pool). A file that exists and differs becomes review suggestions over the
 * lines that change; a new file cannot be a suggestion (GitHub suggests changes to lines of the diff), so it is shown
 * whole in the review body, ready to commit.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Workspace } from '../shared/config/workspace.ts';
import type { MetricsView } from '../shared/metrics/figures.ts';
import { channelProblems, notificationChannels } from '../shared/observe/channels.ts';
import { filesBesidePools, lineChange, poolFileTarget } from '../shared/observe/files.ts';
import { observeOutput } from '../shared/observe/observe.ts';
import { formatObserveMarkdown } from '../shared/observe/render.ts';
import { observeTunedPool } from '../shared/observe/run.ts';
import { unifiedDiff } from '../shared/tune/diff.ts';
import type { TuneOutput } from '../shared/tune/schema.ts';
import { arrivalSeriesOf } from '../shared/tune/workload.ts';
import { UsageError } from '../cli/usage.ts';

export interface AlertChange {
  path: string;
  /** The pools whose alerts the file holds. */
  pools: string[];
  text: string;
  /** The file's current text, when it exists (then `edit` is the change to it). */
  oldText?: string;
  edit?: { span: { start: number; end: number }; newText: string };
}

/** Room the new files may take in one comment (GitHub caps a comment body at 65,536 characters). */
export const BODY_BUDGET_CHARS = 50_000;

/** The generated files that are new or differ from the repository's, and the job summary's section. */
export function alertChanges(ws: Workspace, out: TuneOutput, metrics: MetricsView | undefined): { changes: AlertChange[]; markdown: string } {
  const bad = channelProblems(ws);
  if (bad.length) throw new UsageError(`alerts: true: ${bad.join(' ')} (pool-tuner.yaml)`);
  const observed = out.pools.flatMap((p) => {
    const pool = ws.pools.find((x) => x.name === p.pool);
    return pool && pool.subscriptions.length ? [observeTunedPool(ws, pool, p, { metrics, arrivalSeries: arrivalSeriesOf(metrics) })] : [];
  });
  const obs = observeOutput(observed, metrics?.source, notificationChannels(ws));
  const owners = observed.map((p) => ({ pool: p.pool, target: poolFileTarget(ws, p.pool) }));
  const poolsOf = (file: string) => owners.filter(({ pool, target }) => target && (target.format === 'terraform'
    ? file === `${target.dir}/pool-tuner-observe.tf` || (target.dir === '.' && file === 'pool-tuner-observe.tf')
    : file.startsWith(`${target.dir}/${pool}/`))).map((o) => o.pool);
  const rows: string[] = [];
  const changes: AlertChange[] = [];
  for (const f of filesBesidePools(obs, ws)) {
    const oldText = ws.files.get(f.path)?.text ?? (existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined);
    const edit = oldText === undefined ? undefined : lineChange(oldText, f.text);
    rows.push(`| \`${f.path}\` | ${oldText === undefined ? 'new' : edit ? 'changed' : 'up to date'} |`);
    if (oldText !== undefined && !edit) continue;
    changes.push({ path: f.path, pools: poolsOf(f.path), text: f.text, ...(oldText !== undefined ? { oldText, edit: edit! } : {}) });
  }
  const table = rows.length ? `\n| file | in the repository |\n| --- | --- |\n${rows.join('\n')}\n` : '\nNo pool with a subscription to alert on.\n';
  return { changes, markdown: `${formatObserveMarkdown(obs)}${table}` };
}

function fenced(lang: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.trimEnd()}\n${fence}`;
}

/**
 * The alert files as Markdown for a review body or comment: `new` shows the new files whole; `all` (the fallback
 * comment, when no suggestion could be posted) also the changed ones as diffs. Files past the budget are named with
 * the command that writes them. Empty when there is nothing to show.
 */
export function alertsBody(changes: readonly AlertChange[], which: 'new' | 'all'): string {
  const shown = changes.filter((c) => which === 'all' || c.oldText === undefined);
  if (shown.length === 0) return '';
  let budget = BODY_BUDGET_CHARS;
  const parts = shown.map((c) => {
    const block = c.oldText === undefined
      ? fenced(c.path.endsWith('.tf') ? 'hcl' : 'json', c.text)
      : fenced('diff', unifiedDiff(c.path, c.oldText, c.text));
    const what = `\`${c.path}\` (${c.oldText === undefined ? 'new' : 'changed'}; alerts of ${c.pools.join(', ')})`;
    if (block.length > budget) return `- ${what}: too large for this comment; \`pool-tuner observe --format ${c.path.endsWith('.tf') ? 'terraform' : 'json --out DIR'}\` writes it.`;
    budget -= block.length;
    return `<details><summary>${what}</summary>\n\n${block}\n\n</details>`;
  });
  const news = shown.filter((c) => c.oldText === undefined).length;
  const lead = which === 'new'
    ? `${news} new alert file(s) from \`pool-tuner observe\` (a suggestion cannot create a file: commit these as they are):`
    : 'The alert files from `pool-tuner observe`, new ones whole and changed ones as diffs:';
  return `\n\n### Alerts and dashboards\n\n${lead}\n\n${parts.join('\n')}`;
}
