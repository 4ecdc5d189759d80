/**
 * The GitHub Action (action.yml → dist/action.js): reviews the given paths, writes SARIF for code scanning,
 * annotations and a Markdown job summary, and, with `suggest: true` on a pull request, posts the `tune` edits as
 * review suggestions (with `alerts: true`, also the alert policies and dashboards `pool-tuner observe` writes beside
 * each pool: alerts.ts); with `verify: true`, also checks applied proposals against the metrics (pool-tuner verify).
 * Inputs: paths, metrics, severity, fail-on, sarif-file, suggest, alerts, verify, github-token.
 * Exit: 0 nothing at or above `fail-on` and no missed prediction, 1 findings or a miss, 2 bad input or unreadable files.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { review } from '../shared/rules/engine.ts';
import type { Finding } from '../shared/rules/finding.ts';
import { writeFileAtomic } from '../shared/node/files.ts';
import { formatMarkdown } from '../shared/report/markdown.ts';
import { formatGithub } from '../shared/report/github.ts';
import { bySeverity } from '../shared/report/order.ts';
import { editsByFile } from '../shared/config/edits.ts';
import { tune } from '../shared/tune/tune.ts';
import { formatTuneMarkdown } from '../shared/tune/render.ts';
import { arrivalSeriesOf } from '../shared/tune/workload.ts';
import type { TuneOutput } from '../shared/tune/schema.ts';
import type { Workspace } from '../shared/config/workspace.ts';
import { loadWorkspace } from '../cli/load.ts';
import { readProposalRecords, recordsDirFor } from '../shared/node/proposal-records.ts';
import type { SnapshotView } from '../shared/metrics/view.ts';
import { verifyRecords } from '../shared/verify/verify.ts';
import { formatVerifyMarkdown } from '../shared/verify/render.ts';
import { formatOther } from '../cli/report-formats.ts';
import { UsageError } from '../cli/usage.ts';
import { appendSummary, GitHubApiError, input, pullRequestOf, restApi, setOutput, type Api, type PullRequestRef } from './github.ts';
import { suggestionBlock, suggestionsFor } from './suggestions.ts';
import { alertChanges, alertsBody, type AlertChange } from './alerts.ts';

const RANK = { error: 3, warning: 2, info: 1 } as const;
type Level = keyof typeof RANK;

function level(name: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new UsageError(`input ${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value;
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const paths = input('paths', env).split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  const metricsSpec = input('metrics', env);
  const severity = level('severity', input('severity', env) || 'info', ['error', 'warning', 'info']) as Level;
  const failOn = level('fail-on', input('fail-on', env) || 'error', ['error', 'warning', 'info', 'never']);
  const sarifFile = input('sarif-file', env) || 'pool-tuner.sarif';
  const suggest = level('suggest', input('suggest', env) || 'false', ['true', 'false']) === 'true';
  const alerts = level('alerts', input('alerts', env) || 'false', ['true', 'false']) === 'true';
  const verify = level('verify', input('verify', env) || 'false', ['true', 'false']) === 'true';
  if (alerts && !suggest) throw new UsageError('input alerts: true adds the generated alert files to the review suggestions: it needs suggest: true');
  if (verify && !metricsSpec) throw new UsageError('input verify: true needs metrics: the recording made after the change (a snapshot file or live)');

  const { ws, pos, ioErrors } = await loadWorkspace(paths.length ? paths : ['.']);
  const metrics = metricsSpec ? await (await import('../cli/metrics-source.ts')).loadMetricsForCli(metricsSpec, ws) : undefined;
  // Applied proposals (.pool-tuner/proposals/): the traffic-drift rule and verify compare the metrics with them.
  const records = metrics ? await readProposalRecords(recordsDirFor(process.cwd(), ws)) : undefined;
  for (const e of records?.errors ?? []) process.stdout.write(`::warning::pool-tuner: ${e}\n`);
  const result = review(ws, { metrics, records: records?.records });
  const findings = bySeverity(result.findings).filter((f) => RANK[f.severity] >= RANK[severity]);

  await mkdir(path.dirname(path.resolve(sarifFile)), { recursive: true });
  await writeFileAtomic(path.resolve(sarifFile), formatOther('sarif', findings, pos, result.skippedForMetrics));
  process.stdout.write(formatGithub(findings, pos, result.skippedForMetrics));
  const count = (s: Level) => findings.filter((f) => f.severity === s).length;
  setOutput('findings', String(findings.length), env);
  setOutput('errors', String(count('error')), env);
  setOutput('warnings', String(count('warning')), env);
  setOutput('sarif-file', sarifFile, env);

  const summary = [formatMarkdown(findings, pos, result.skippedForMetrics)];
  let posted = 0;
  if (suggest) {
    const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
    summary.push(formatTuneMarkdown(out).replace(/^# /, '## '));
    const generated = alerts ? alertChanges(ws, out, metrics) : undefined;
    if (generated) summary.push(generated.markdown.replace(/^# /, '## '));
    setOutput('alert-files', String(generated?.changes.length ?? 0), env);
    const pr = pullRequestOf(env);
    if (!pr) process.stdout.write(`::warning::suggest: true needs a pull_request event; the tune proposals${alerts ? ' and the alerts' : ''} are in the job summary only.\n`);
    else posted = await postSuggestions(restApi(env['GITHUB_API_URL'] || 'https://api.github.com', input('github-token', env) || env['GITHUB_TOKEN'] || ''), pr, ws, out, generated?.changes ?? []);
  }
  setOutput('suggestions', String(posted), env);
  let missed = 0;
  if (verify) {
    const retune = (pool: string) => `pool-tuner tune ${paths.join(' ') || '.'} --pool ${pool} --metrics ${metricsSpec} --apply`;
    const out = verifyRecords(ws, records?.records ?? [], metrics as SnapshotView, retune);
    summary.push(`${formatVerifyMarkdown(out)}${out.pools.length || out.skipped.length ? '' : '\nNo applied proposals (.pool-tuner/proposals/) to verify.\n'}`);
    missed = out.pools.filter((p) => p.failed).length;
    for (const p of out.pools.filter((x) => x.failed)) process.stdout.write(`::error::pool-tuner verify: ${p.pool} missed its SLO or a prediction (${p.outcome}, proposal ${p.proposalId}); see the job summary\n`);
    setOutput('verified', String(out.pools.length), env);
    setOutput('missed', String(missed), env);
  }
  appendSummary(summary.join('\n'), env);

  if (ioErrors > 0) return 2;
  if (failOn === 'never') return 0;
  return missed > 0 || findings.some((f: Finding) => RANK[f.severity] >= RANK[failOn as Level]) ? 1 : 0;
}

/**
 * One review with a suggestion per changed line group. GitHub accepts review comments only on lines of the
 * pull request's diff (422 otherwise): then the proposals go in one ordinary comment with their diffs instead.
 * Alert files (`alerts: true`): a changed one is suggested like a tune edit; a new one (a suggestion cannot create
 * a file) is shown whole in the review body. Returns the number of suggestions posted (0 for the fallback comment).
 */
export async function postSuggestions(api: Api, pr: PullRequestRef, ws: Workspace, out: TuneOutput, alertFiles: readonly AlertChange[] = []): Promise<number> {
  const withEdits = out.pools.filter((p) => p.edits.length > 0);
  if (withEdits.length === 0 && alertFiles.length === 0) return 0;
  const poolsOf = new Map<string, string[]>();
  for (const p of withEdits) for (const e of p.edits) poolsOf.set(e.file, [...new Set([...(poolsOf.get(e.file) ?? []), p.pool])]);
  const comments = [...editsByFile(withEdits.flatMap((p) => p.edits))].flatMap(([file, edits]) => {
    const text = ws.files.get(file)?.text ?? readFileSync(file, 'utf8');
    return suggestionsFor(file, text, edits).map((s) => ({
      path: s.path.split(path.sep).join('/'),
      line: s.line,
      side: 'RIGHT',
      ...(s.startLine < s.line ? { start_line: s.startLine, start_side: 'RIGHT' } : {}),
      body: `Pool Tuner proposes this for ${(poolsOf.get(file) ?? []).join(', ')} (see the job summary for the numbers).\n\n${suggestionBlock(s.replacement)}`,
    }));
  });
  for (const a of alertFiles.filter((x) => x.edit)) {
    for (const s of suggestionsFor(a.path, a.oldText!, [a.edit!])) {
      comments.push({
        path: s.path.split(path.sep).join('/'), line: s.line, side: 'RIGHT',
        ...(s.startLine < s.line ? { start_line: s.startLine, start_side: 'RIGHT' } : {}),
        body: `Pool Tuner regenerated the alerts of ${a.pools.join(', ')} (pool-tuner observe; see the job summary for each threshold and its test).\n\n${suggestionBlock(s.replacement)}`,
      });
    }
  }
  const tuned = withEdits.length ? `${withEdits.length} pool(s) with proposed settings (${withEdits.map((p) => `${p.pool}: ${p.status}`).join('; ')})` : 'no settings to change';
  const body = `Pool Tuner: ${tuned}.${alertsBody(alertFiles, 'new')}`;
  const base = `/repos/${pr.owner}/${pr.repo}`;
  try {
    await api.post(`${base}/pulls/${pr.number}/reviews`, { commit_id: pr.headSha, event: 'COMMENT', body, comments });
    return comments.length;
  } catch (err) {
    if (!(err instanceof GitHubApiError && err.status === 422)) throw err;
    const diffs = withEdits.map((p) => `### ${p.pool}\n\n\`\`\`diff\n${p.diff.trimEnd()}\n\`\`\``).join('\n\n');
    const intro = withEdits.length ? '\n\nThe edited lines are not part of this pull request\'s diff, so here they are as diffs:\n\n' : '';
    await api.post(`${base}/issues/${pr.number}/comments`, { body: `Pool Tuner: ${tuned}.${intro}${diffs}${alertsBody(alertFiles, 'all')}` });
    return 0;
  }
}

if (require.main === module) {
  runAction().then((code) => {
    process.exitCode = code;
  }, (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(`::error::pool-tuner: ${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    process.exitCode = 2;
  });
}
