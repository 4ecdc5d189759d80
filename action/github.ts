/**
 * The GitHub Actions runtime, by its documented files and variables: inputs (`INPUT_<NAME>`), outputs
 * (`$GITHUB_OUTPUT`, heredoc syntax), the job summary (`$GITHUB_STEP_SUMMARY`), the event payload
 * (`$GITHUB_EVENT_PATH`), and the REST API (`$GITHUB_API_URL`) with `fetch`. No toolkit dependency.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';

/** An input as the runner passes it: `INPUT_` + the name upper-cased, spaces as `_` (hyphens kept). */
export function input(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env['GITHUB_OUTPUT'];
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file) appendFileSync(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

/** The pull request this run is for, from the event payload; undefined for other events. */
export function pullRequestOf(env: NodeJS.ProcessEnv = process.env): PullRequestRef | undefined {
  const file = env['GITHUB_EVENT_PATH'];
  const [owner, repo] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!file || !owner || !repo) return undefined;
  const event = JSON.parse(readFileSync(file, 'utf8')) as { pull_request?: { number?: number; head?: { sha?: string } } };
  const pr = event.pull_request;
  if (!pr?.number || !pr.head?.sha) return undefined;
  return { owner, repo, number: pr.number, headSha: pr.head.sha };
}

export class GitHubApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

export interface Api {
  post(path: string, body: unknown): Promise<unknown>;
}

/** A REST client for `$GITHUB_API_URL` (https://api.github.com, or the enterprise server's) with a token. */
export function restApi(baseUrl: string, token: string): Api {
  return {
    async post(path, body) {
      const res = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
        method: 'POST',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'user-agent': 'pool-tuner-action',
          'x-github-api-version': '2022-11-28',
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      // The error names the call and GitHub's own message, never the request headers (the token).
      if (!res.ok) throw new GitHubApiError(res.status, `POST ${path}: ${res.status} ${(safeJson(text) as { message?: string } | undefined)?.message ?? text.slice(0, 200)}`);
      return safeJson(text);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
