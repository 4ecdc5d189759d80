/**
 * The GitHub Action's bundled entry point run as the runner runs it: `node dist/action.js` with INPUT_* variables,
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_EVENT_PATH as temp files, and GITHUB_API_URL pointing at a local
 * HTTP server on 127.0.0.1 that records the REST calls. Checks the SARIF file, outputs, summary, annotations, the
 * review suggestions (applied, they give exactly what `tune` proposes) and the fallback comment on a 422.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { MONITORING_EXTERNAL } from '../cli/harness.ts';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { applyEdits, editsByFile } from '../../shared/config/edits.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import { loadSnapshot } from '../../shared/metrics/load-snapshot.ts';
import { metricsViewFromSnapshot } from '../../shared/metrics/view.ts';

const ROOT = process.cwd();
const TOKEN = 'ghs_testtoken0123456789abcdefABCDEF';
let work: string;
let bundle: string;

interface Call { method: string; url: string; auth: string | undefined; body: Record<string, unknown> }
let server: Server;
let apiUrl: string;
const calls: Call[] = [];
/** Status the server answers review posts with (200, or 422 as GitHub does for lines outside the diff). */
let reviewStatus = 200;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'pool-tuner-action-'));
  bundle = path.join(work, 'dist', 'action.js');
  buildSync({ entryPoints: ['action/main.ts'], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: MONITORING_EXTERNAL });
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      calls.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      const status = /\/reviews$/.test(req.url ?? '') ? reviewStatus : 201;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 422 ? { message: 'Unprocessable Entity: pull_request_review_thread.line must be part of the diff' } : { id: calls.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

interface Run { code: number | null; stdout: string; stderr: string; outputs: Record<string, string>; summary: string; sarif: string | undefined; ws: string }

/** Runs the action in a fresh copy of examples/ with these inputs. */
function runAction(inputs: Record<string, string>, opts: { pullRequest?: boolean; prepare?: (ws: string) => void } = {}): Promise<Run> {
  const ws = mkdtempSync(path.join(work, 'ws-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  opts.prepare?.(ws);
  const files = { out: path.join(work, `${path.basename(ws)}.out`), summary: path.join(work, `${path.basename(ws)}.md`), event: path.join(work, `${path.basename(ws)}.event.json`) };
  writeFileSync(files.out, '');
  writeFileSync(files.summary, '');
  writeFileSync(files.event, JSON.stringify(opts.pullRequest === false ? { ref: 'refs/heads/main' } : { pull_request: { number: 7, head: { sha: 'a'.repeat(40) } } }));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: process.env['HOME'], GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_REPOSITORY: 'acme/pools',
    GITHUB_OUTPUT: files.out, GITHUB_STEP_SUMMARY: files.summary, GITHUB_EVENT_PATH: files.event, GITHUB_API_URL: apiUrl, 'INPUT_GITHUB-TOKEN': TOKEN,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { cwd: ws, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      for (const m of readFileSync(files.out, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
      let sarif: string | undefined;
      try {
        sarif = readFileSync(path.join(ws, inputs['sarif-file'] ?? 'pool-tuner.sarif'), 'utf8');
      } catch {
        sarif = undefined;
      }
      resolve({ code, stdout, stderr, outputs, summary: readFileSync(files.summary, 'utf8'), sarif, ws });
    });
  });
}

it('action.yml declares the inputs the entry point reads and runs the bundle on node20', () => {
  const meta = parseYaml(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
  assert.deepEqual(meta.runs, { using: 'node20', main: 'dist/action.js' });
  for (const name of ['paths', 'metrics', 'severity', 'fail-on', 'sarif-file', 'suggest', 'alerts', 'verify', 'github-token']) assert.ok(name in meta.inputs, name);
  for (const name of ['findings', 'errors', 'warnings', 'sarif-file', 'suggestions', 'alert-files', 'verified', 'missed']) assert.ok(name in meta.outputs, name);
  const source = readFileSync('action/main.ts', 'utf8');
  for (const name of Object.keys(meta.inputs)) assert.ok(source.includes(`input('${name}'`), `action/main.ts never reads input ${name}`);
});

describe('verify on a schedule: applied proposals against the recording made after the change', () => {
  let r: Run;
  before(async () => {
    // examples/ holds orders-worker's proposal record and metrics/after.json (orders ×3 since): a miss.
    r = await runAction({ paths: '.', metrics: 'metrics/after.json', severity: 'warning', 'fail-on': 'never', verify: 'true' }, { pullRequest: false });
  });

  it('reports the miss in the job summary, the outputs and an error annotation', () => {
    assert.equal(r.outputs['verified'], '1', r.stdout + r.stderr);
    assert.equal(r.outputs['missed'], '1');
    assert.match(r.summary, /^### Pool Tuner verify \(metrics\/after\.json\)$/m);
    assert.match(r.summary, /\*\*orders-worker\*\*: traffic changed/);
    assert.match(r.summary, /Re-tune: pool-tuner tune \. --pool orders-worker --metrics metrics\/after\.json --apply/);
    assert.match(r.stdout, /^::error::pool-tuner verify: orders-worker missed its SLO or a prediction \(traffic-changed/m);
  });

  it('the review reads the proposal records too: traffic-drift in SARIF', () => {
    const sarif = JSON.parse(r.sarif!) as { runs: { results: { ruleId: string }[] }[] };
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === 'traffic-drift'));
  });

  it('fail-on: never keeps the step green; by default a miss fails it', async () => {
    assert.equal(r.code, 0);
    const strict = await runAction({ paths: '.', metrics: 'metrics/after.json', severity: 'error', 'fail-on': 'error', verify: 'true', 'sarif-file': 'out/v.sarif' }, { pullRequest: false });
    assert.equal(strict.code, 1, strict.stdout);
    assert.equal(strict.outputs['missed'], '1');
  });

  it('verify without metrics is a usage error', async () => {
    const bad = await runAction({ paths: '.', verify: 'true' }, { pullRequest: false });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /::error::pool-tuner: input verify: true needs metrics/);
  });
});

describe('review with suggestions on a pull request', () => {
  let r: Run;
  before(async () => {
    calls.length = 0;
    reviewStatus = 200;
    r = await runAction({ paths: '.', metrics: 'metrics/snapshot.json', severity: 'info', 'fail-on': 'error', suggest: 'true' });
  });

  it('fails on errors, writes SARIF, outputs and annotations that agree', () => {
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const sarif = JSON.parse(r.sarif!) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0]!.results;
    assert.equal(String(results.length), r.outputs['findings']);
    assert.equal(String(results.filter((x) => x.level === 'error').length), r.outputs['errors']);
    assert.equal(String(results.filter((x) => x.level === 'warning').length), r.outputs['warnings']);
    assert.ok(Number(r.outputs['errors']) > 0);
    assert.equal(r.outputs['sarif-file'], 'pool-tuner.sarif');
    assert.ok(results.some((x) => x.ruleId === 'crema-pool-not-manual'));
    assert.match(r.stdout, /^::error file=orders\/worker-pool\.yaml,line=\d+/m);
  });

  it('writes the review and the tune proposals into the job summary', () => {
    assert.match(r.summary, /\| :x: error \| `orders\/worker-pool\.yaml:\d+:\d+` \| \[crema-pool-not-manual\]/);
    assert.match(r.summary, /^## Pool Tuner proposals$/m);
    assert.match(r.summary, /^## orders-worker: /m);
  });

  it('posts one review whose suggestions, applied, give exactly the tune edits', async () => {
    const reviews = calls.filter((c) => c.url.endsWith('/reviews'));
    assert.equal(reviews.length, 1);
    const post = reviews[0]!;
    assert.equal(post.method, 'POST');
    assert.equal(post.url, '/repos/acme/pools/pulls/7/reviews');
    assert.equal(post.auth, `Bearer ${TOKEN}`);
    assert.equal(post.body['commit_id'], 'a'.repeat(40));
    assert.equal(post.body['event'], 'COMMENT');
    const comments = post.body['comments'] as { path: string; line: number; start_line?: number; side: string; body: string }[];
    assert.equal(String(comments.length), r.outputs['suggestions']);
    assert.ok(comments.length > 0);

    // What tune proposes for the same files and snapshot, computed in-process.
    const { sources } = await loadSources([r.ws]);
    const rel = sources.map((s) => ({ ...s, path: path.relative(r.ws, s.path) }));
    const ws = parseWorkspace(rel);
    const loaded = loadSnapshot(readFileSync(path.join(r.ws, 'metrics', 'snapshot.json'), 'utf8'));
    assert.ok(loaded.ok);
    const metrics = metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, 'snapshot', loaded.warnings);
    const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
    const expected = new Map([...editsByFile(out.pools.flatMap((p) => p.edits))].map(([f, e]) => [f, applyEdits(ws.files.get(f)!.text, e)]));
    assert.deepEqual([...new Set(comments.map((c) => c.path))].sort(), [...expected.keys()].sort());
    for (const [file, want] of expected) {
      const lines = ws.files.get(file)!.text.split('\n');
      // Apply bottom-up so earlier line numbers stay valid.
      for (const c of comments.filter((x) => x.path === file).sort((a, b) => b.line - a.line)) {
        assert.equal(c.side, 'RIGHT');
        const m = /(`{3,})suggestion\n([\s\S]*)\n\1$/.exec(c.body);
        assert.ok(m, c.body);
        const from = (c.start_line ?? c.line) - 1;
        lines.splice(from, c.line - from, ...m[2]!.split('\n'));
      }
      assert.equal(lines.join('\n'), want, `${file}: the suggestions do not reproduce the tune edits`);
    }
  });

  it('never prints the token', () => {
    for (const text of [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs), r.sarif ?? '']) assert.ok(!text.includes(TOKEN));
  });
});

it('falls back to one comment with the diffs when GitHub refuses suggestions outside the diff (422)', async () => {
  calls.length = 0;
  reviewStatus = 422;
  const r = await runAction({ paths: 'orders', suggest: 'true', 'fail-on': 'never' });
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(calls.map((c) => c.url), ['/repos/acme/pools/pulls/7/reviews', '/repos/acme/pools/issues/7/comments']);
  const body = String(calls[1]!.body['body']);
  assert.match(body, /not part of this pull request's diff/);
  assert.match(body, /```diff\n--- a\/orders\/subscription\.yaml/);
  assert.equal(r.outputs['suggestions'], '0');
});

it('severity filters what is reported; fail-on never passes; no pull request means no API call', async () => {
  calls.length = 0;
  const all = await runAction({ severity: 'info', 'fail-on': 'never' }, { pullRequest: false });
  const errorsOnly = await runAction({ severity: 'error', 'fail-on': 'never', suggest: 'true', 'sarif-file': 'out/report.sarif' }, { pullRequest: false });
  assert.equal(all.code, 0);
  assert.equal(errorsOnly.code, 0);
  assert.ok(Number(all.outputs['findings']) > Number(errorsOnly.outputs['findings']));
  assert.equal(errorsOnly.outputs['findings'], errorsOnly.outputs['errors']);
  assert.equal(errorsOnly.outputs['warnings'], '0');
  assert.ok(errorsOnly.sarif, 'SARIF written to the given path, its folder created');
  assert.match(errorsOnly.stdout, /^::warning::suggest: true needs a pull_request event/m);
  assert.equal(calls.length, 0);
});

it('rejects a bad input value with an error annotation and exit 2', async () => {
  const r = await runAction({ 'fail-on': 'sometimes' });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /^::error::pool-tuner: input fail-on must be one of error, warning, info, never \(got 'sometimes'\)$/m);
});

describe('alerts: true adds the generated alert files to the review', () => {
  const changed = 'transcode/monitoring/transcode-worker/alert-stalled.json';
  let r: Run;
  before(async () => {
    calls.length = 0;
    reviewStatus = 200;
    // One file exists already with an older threshold (a suggestion over its changed lines); the rest are new.
    r = await runAction({ paths: '.', metrics: 'metrics/snapshot.json', suggest: 'true', alerts: 'true', 'fail-on': 'never' }, {
      prepare: (ws) => {
        const file = path.join(ws, changed);
        mkdirSync(path.dirname(file), { recursive: true });
        const want = readFileSync(path.join(ROOT, 'examples/observe/json/transcode-worker/alert-stalled.json'), 'utf8');
        writeFileSync(file, want.replace('"severity": "CRITICAL"', '"severity": "WARNING"'));
      },
    });
  });

  it('new files go whole into the review body, equal to what observe writes', () => {
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const post = calls.find((c) => c.url.endsWith('/reviews'))!;
    const body = String(post.body['body']);
    assert.match(body, /### Alerts and dashboards\n\n\d+ new alert file\(s\) from `pool-tuner observe` \(a suggestion cannot create a file/);
    const block = new RegExp('<summary>`orders/monitoring/orders-worker/alert-oldest-age\\.json` \\(new; alerts of orders-worker\\)</summary>\\n\\n(`{3,})json\\n([\\s\\S]*?)\\n\\1').exec(body);
    assert.ok(block, body.slice(0, 2000));
    assert.deepEqual(JSON.parse(block[2]!), JSON.parse(readFileSync(path.join(ROOT, 'examples/observe/json/orders-worker/alert-oldest-age.json'), 'utf8')));
    assert.ok(body.length < 65_536, `review body ${body.length} characters`);
    assert.ok(!body.includes(changed), 'a changed file is a suggestion, not a body block');
    assert.equal(Number(r.outputs['alert-files']), 21, 'all 21 files: 20 new, 1 changed');
  });

  it('a file that exists and differs becomes a suggestion that, applied, gives the generated file', () => {
    const post = calls.find((c) => c.url.endsWith('/reviews'))!;
    const comments = (post.body['comments'] as { path: string; line: number; start_line?: number; body: string }[]).filter((c) => c.path === changed);
    assert.equal(comments.length, 1);
    const c = comments[0]!;
    assert.match(c.body, /^Pool Tuner regenerated the alerts of transcode-worker/);
    const m = /(`{3,})suggestion\n([\s\S]*)\n\1$/.exec(c.body)!;
    const lines = readFileSync(path.join(r.ws, changed), 'utf8').split('\n');
    const from = (c.start_line ?? c.line) - 1;
    lines.splice(from, c.line - from, ...m[2]!.split('\n'));
    assert.equal(lines.join('\n'), readFileSync(path.join(ROOT, 'examples/observe/json/transcode-worker/alert-stalled.json'), 'utf8'));
  });

  it('the job summary has each alert\'s threshold and test, and which files are new or changed', () => {
    assert.match(r.summary, /^## Alerts and dashboards \(pool-tuner observe\)$/m);
    assert.match(r.summary, /^\| `transcode\/monitoring\/transcode-worker\/alert-stalled\.json` \| changed \|$/m);
    assert.match(r.summary, /^\| `orders\/monitoring\/orders-worker\/dashboard\.json` \| new \|$/m);
  });

  it('on a 422 the fallback comment carries the alert files too', async () => {
    calls.length = 0;
    reviewStatus = 422;
    const f = await runAction({ paths: 'orders', suggest: 'true', alerts: 'true', 'fail-on': 'never' });
    reviewStatus = 200;
    assert.equal(f.code, 0, f.stderr + f.stdout);
    assert.deepEqual(calls.map((c) => c.url), ['/repos/acme/pools/pulls/7/reviews', '/repos/acme/pools/issues/7/comments']);
    const body = String(calls[1]!.body['body']);
    assert.match(body, /The alert files from `pool-tuner observe`, new ones whole and changed ones as diffs:/);
    assert.match(body, /<summary>`orders\/monitoring\/orders-worker\/alert-stalled\.json` \(new; alerts of orders-worker\)<\/summary>/);
  });

  it('alerts without suggest is a usage error', async () => {
    const bad = await runAction({ alerts: 'true' }, { pullRequest: false });
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /::error::pool-tuner: input alerts: true adds the generated alert files to the review suggestions: it needs suggest: true/);
  });
});
