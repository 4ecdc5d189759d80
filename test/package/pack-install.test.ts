/**
 * The npm package as a user gets it: `npm pack` on a fresh build, `npm install --global` of the tarball into a
 * temporary prefix with `--offline` (the package has no runtime dependencies: the CLI, the MCP server and the Cloud
 * Monitoring client are bundled into dist/), then the installed `pool-tuner` run from outside the repository:
 * --version, review of the shipped examples, live metrics against a local MetricService, and the MCP server with
 * its rule-doc resources. The build goes to a temporary copy, so parallel tests never see dist/ half-written.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startMonitoringServer, series, type LocalMonitoringServer } from '../metrics/monitoring-server.ts';

const ROOT = process.cwd();
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
/** Top-level entries a source checkout has but the package must not carry. */
const NOT_SHIPPED = new Set(['node_modules', '.git', '.tools', 'dist', '.vscode-test', 'test', 'bench']);

let work: string;
let tarball: string;
let packed: { path: string; size: number }[];
let pkgDir: string;
let bin: string;
let outside: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'pool-tuner-pack-'));
  const stage = path.join(work, 'stage');
  cpSync(ROOT, stage, { recursive: true, filter: (src) => !NOT_SHIPPED.has(path.relative(ROOT, src).split(path.sep)[0]!) });
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet', '--outdir', path.join(stage, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--offline', '--pack-destination', work], { cwd: stage, encoding: 'utf8', timeout: 120_000 });
  assert.equal(pack.status, 0, pack.stderr);
  const info = (JSON.parse(pack.stdout) as { filename: string; files: { path: string; size: number }[] }[])[0]!;
  tarball = path.join(work, info.filename);
  packed = info.files;
  const prefix = path.join(work, 'prefix');
  // --offline: anything not in the tarball would have to come from the registry, and the install would fail.
  const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: work, encoding: 'utf8', timeout: 120_000 });
  assert.equal(install.status, 0, install.stderr);
  pkgDir = path.join(prefix, 'lib', 'node_modules', 'pool-tuner');
  bin = path.join(prefix, 'bin', 'pool-tuner');
  outside = mkdtempSync(path.join(work, 'cwd-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The bin itself (its #! line finds node on PATH), from a folder outside the repository: no node_modules above it.
    const child = spawn(bin, args, { cwd: outside, env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, POOL_TUNER_DEBUG: '', POOL_TUNER_VERSION: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('packs the bundles, docs, schemas and examples, and nothing of the sources or tests', () => {
  const files = packed.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'action.yml', 'dist/cli.js', 'dist/mcp-server.js', 'dist/monitoring.js', 'dist/worker.js', 'dist/extension.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-terraform.wasm',
    'docs/sources.md', 'docs/rules/crema-pool-not-manual.md', 'schemas/pool-tuner.schema.json', 'examples/pool-tuner.yaml', 'examples/metrics/snapshot.json']) {
    assert.ok(files.includes(f), `${f} is not in the package`);
  }
  const stray = files.filter((f) => /\.ts$|\.map$|^(test|bench|scripts|shared|cli|mcp-server|extension|\.tools|node_modules)\//.test(f));
  assert.deepEqual(stray, []);
  const mb = packed.reduce((s, f) => s + f.size, 0) / 2 ** 20;
  assert.ok(mb < 20, `unpacked package is ${mb.toFixed(1)} MB`);
});

it('installs offline with no dependencies and puts pool-tuner on the PATH of the prefix', () => {
  assert.ok(existsSync(bin), bin);
  assert.ok(!existsSync(path.join(pkgDir, 'node_modules')), 'the package installed dependencies');
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(manifest['dependencies'], undefined);
  assert.equal(manifest['private'], undefined);
});

it('pool-tuner --version prints the package version', async () => {
  const r = await run(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), VERSION);
});

it('pool-tuner review finds the examples\' problems from the installed copy', async () => {
  const examples = path.join(pkgDir, 'examples');
  const r = await run(['review', examples, '--metrics', path.join(examples, 'metrics', 'snapshot.json'), '--format', 'json']);
  assert.equal(r.code, 1, r.stderr); // 1 = findings at or above the fail level
  const out = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
  const ids = new Set(out.findings.map((f) => f.ruleId));
  for (const id of ['crema-pool-not-manual', 'no-dead-letter-policy', 'ack-deadline-below-p99']) assert.ok(ids.has(id), `${id} missing: ${[...ids].join(', ')}`);
  const sarif = await run(['review', examples, '--format', 'sarif']);
  const driver = (JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } } }[] }).runs[0]!.tool.driver;
  assert.equal(driver.version, VERSION);
});

let server: LocalMonitoringServer | undefined;
after(async () => {
  await server?.close();
});

it('records live metrics with the bundled Cloud Monitoring client (dist/monitoring.js), no node_modules', async () => {
  server = await startMonitoringServer((req) => {
    const resource = /resource\.type = "([^"]+)"/.exec(req.filter)![1]!;
    const label = resource === 'pubsub_subscription' ? 'subscription_id' : resource === 'pubsub_topic' ? 'topic_id' : 'worker_pool_name';
    const ids = [...(/one_of\(([^)]*)\)/.exec(req.filter)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
    const end = Number(req.interval.endTime?.seconds);
    return { timeSeries: ids.map((id) => series(resource, { [label]: id }, Array.from({ length: 30 }, (_, i) => ({ endSec: end - i * 60, value: 0.5 })))) };
  });
  const out = path.join(outside, 'live.json');
  const r = await run(['metrics', 'record', '--project', 'acme', '--window', '30m', '--out', out, path.join(pkgDir, 'examples')], { POOL_TUNER_MONITORING_ENDPOINT: `127.0.0.1:${server.port}` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /all metrics complete/);
  assert.ok(server.requests.length >= 10, `${server.requests.length} requests`);
  const snap = JSON.parse(readFileSync(out, 'utf8')) as { pools: Record<string, unknown> };
  assert.deepEqual(Object.keys(snap.pools).sort(), ['notify-worker', 'orders-worker', 'transcode-worker']);
});

it('serves MCP over stdio from the installed bin, with every rule doc as a resource from the package', async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(pkgDir, 'dist', 'cli.js'), 'mcp', '--root', path.join(pkgDir, 'examples')], cwd: outside, stderr: 'pipe' });
  const client = new Client({ name: 'pack-test', version: '0' });
  await client.connect(transport);
  try {
    const { resources } = await client.listResources();
    const docs = resources.filter((r) => r.uri.startsWith('pool-tuner://rules/'));
    assert.equal(docs.length, readdirSync(path.join(pkgDir, 'docs', 'rules')).filter((f) => f !== 'README.md').length);
    const doc = await client.readResource({ uri: 'pool-tuner://rules/no-dead-letter-policy' });
    const first = doc.contents[0];
    const text = first && 'text' in first ? first.text : '';
    assert.equal(text, readFileSync(path.join(pkgDir, 'docs', 'rules', 'no-dead-letter-policy.md'), 'utf8'));
  } finally {
    await client.close();
  }
});
