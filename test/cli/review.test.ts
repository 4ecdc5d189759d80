/** `pool-tuner review` as users run it: exit codes, error messages, formats, and `--fix` on disk. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { cleanup, permissionTestsBlocked, runCli, tempWorkspace, unwrapped } from './harness.ts';

const FIXTURE = path.resolve('test/fixtures/review');
const RANK = { error: 3, warning: 2, info: 1 } as const;

after(cleanup);

function commentLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim().startsWith('#'));
}

describe('exit codes', () => {
  it('2 when nothing is recognised (only unknown kinds), saying so instead of "No problems found."', () => {
    const ws = tempWorkspace();
    writeFileSync(path.join(ws, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    const r = runCli(['review', '.'], ws);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^pool-tuner: no pool configs found in \. \(looked for /);
  });

  it('1 when findings reach --severity, and the code follows every threshold', () => {
    const ws = tempWorkspace(FIXTURE);
    const json = JSON.parse(runCli(['review', '--format', 'json'], ws).stdout) as { findings: { severity: keyof typeof RANK }[] };
    assert.ok(json.findings.some((f) => f.severity === 'error'));
    for (const threshold of ['error', 'warning', 'info'] as const) {
      const expected = json.findings.some((f) => RANK[f.severity] >= RANK[threshold]) ? 1 : 0;
      assert.equal(runCli(['review', '--severity', threshold], ws).code, expected, `--severity ${threshold}`);
    }
  });

  it('0 with --severity error when only warnings remain (a severity override in pool-tuner.yaml)', () => {
    const ws = tempWorkspace();
    writeFileSync(path.join(ws, 'sub.yaml'), 'ackDeadlineSeconds: 60\nname: projects/p/subscriptions/s\ntopic: projects/p/topics/t\n');
    const json = JSON.parse(runCli(['review', '--format', 'json'], ws).stdout) as { findings: { ruleId: string }[] };
    const ids = [...new Set(json.findings.map((f) => f.ruleId))];
    assert.ok(ids.length > 0);
    writeFileSync(path.join(ws, 'pool-tuner.yaml'), `rules:\n${ids.map((id) => `  ${id}: warning`).join('\n')}\n`);
    assert.equal(runCli(['review', '--severity', 'error'], ws).code, 0);
    assert.equal(runCli(['review', '--severity', 'warning'], ws).code, 1);
  });

  it('2 on usage errors, naming the bad flag', () => {
    const ws = tempWorkspace();
    for (const [args, pattern] of [
      [['review', '--format', 'xml'], /--format must be one of text, json, markdown, sarif, github \(got 'xml'\)/],
      [['review', '--severity', 'fatal'], /--severity must be one of error, warning, info/],
      [['review', '--bogus'], /--bogus/],
      [['nonsense'], /unknown command 'nonsense'/],
    ] as const) {
      const r = runCli([...args], ws);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
});

describe('I/O errors name the path and exit 2', () => {
  it('a missing path', () => {
    const ws = tempWorkspace(FIXTURE);
    const r = runCli(['review', 'billing', 'no/such/pool.yaml'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no\/such\/pool\.yaml: no such file or folder/);
    assert.match(r.stdout, /billing\/crema\.yaml/, 'the readable paths are still reviewed');
  });

  // As root (CI), root reads mode-000 files, so the CLI runs as `nobody` for the permission cases.
  it('an unreadable file (chmod 000)', (t) => {
    const blocked = permissionTestsBlocked();
    if (blocked) return t.skip(blocked);
    const ws = tempWorkspace(FIXTURE);
    chmodSync(path.join(ws, 'billing/crema.yaml'), 0o000);
    const r = runCli(['review', '.'], ws, { asUser: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /billing\/crema\.yaml: cannot read/);
  });

  it('a file over the size limit is skipped with a message (readable even for root)', () => {
    const ws = tempWorkspace();
    const big = path.join(ws, 'huge.yaml');
    writeFileSync(big, '');
    truncateSync(big, 17 * 1024 * 1024); // sparse: no real disk use
    const r = runCli(['review', '.'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /huge\.yaml: 17\.0 MB is over the 16 MB limit; skipped/);
  });

  it('a symlink loop named on the command line', () => {
    const ws = tempWorkspace();
    symlinkSync('loop-b.yaml', path.join(ws, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(ws, 'loop-b.yaml'));
    const r = runCli(['review', 'loop-a.yaml'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /loop-a\.yaml/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('broken YAML is a finding with the file and position, not a crash', () => {
    const ws = tempWorkspace();
    writeFileSync(path.join(ws, 'wp.yaml'), 'kind: WorkerPool\nmetadata:\n  name: [unclosed\n');
    const r = runCli(['review', '.'], ws);
    assert.equal(r.code, 1);
    assert.match(unwrapped(r.stdout), /^wp\.yaml\n\s+\d+:\d+\s+error\s+yaml-syntax {2}YAML error: /m);
    assert.equal(r.stderr, '');
  });
});

describe('hostile input through the CLI', () => {
  it('a folder of empty, comment-only, binary, broken, alias-bomb and unknown files: findings, no stack trace', () => {
    const ws = tempWorkspace();
    writeFileSync(path.join(ws, 'empty.yaml'), '');
    writeFileSync(path.join(ws, 'comments.yaml'), '# nothing here\n');
    writeFileSync(path.join(ws, 'binary.yaml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe, 0x00]));
    writeFileSync(path.join(ws, 'broken.yml'), 'kind: WorkerPool\nmetadata: {name: [\n');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    writeFileSync(path.join(ws, 'bomb.yaml'), `ackDeadlineSeconds: 10\nname: projects/p/subscriptions/s\n${levels.join('\n')}\n`);
    writeFileSync(path.join(ws, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    for (const format of ['text', 'json', 'sarif', 'markdown', 'github']) {
      const r = runCli(['review', '--format', format, '.'], ws);
      assert.equal(r.code, 1, `${format}: ${r.stderr}`);
      assert.equal(r.stderr, '', `${format}: nothing on stderr`);
      for (const f of ['binary.yaml', 'broken.yml', 'bomb.yaml']) assert.ok(r.stdout.includes(f), `${format}: ${f} reported`);
      for (const f of ['empty.yaml', 'comments.yaml', 'deploy.yaml']) assert.ok(!r.stdout.includes(f), `${format}: ${f} not reported`);
    }
  });
});

describe('formats through the CLI', () => {
  it('text has no ANSI colour when stdout is not a terminal', () => {
    const r = runCli(['review', '.'], tempWorkspace(FIXTURE));
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes('\u001b['), 'no ANSI escape');
  });

  it('sarif, markdown and github render the same findings as json', () => {
    const ws = tempWorkspace(FIXTURE);
    const json = JSON.parse(runCli(['review', '--format', 'json'], ws).stdout) as { findings: { ruleId: string; file: string }[] };
    const sarif = runCli(['review', '--format', 'sarif'], ws);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { version: string } }; originalUriBaseIds: Record<string, { uri: string }>; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.version, '0.0.0-cli-test', 'version comes from package.json');
    assert.deepEqual(run.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri]), json.findings.map((f) => [f.ruleId, f.file]));
    assert.equal(new URL(run.originalUriBaseIds['%SRCROOT%']!.uri).pathname, `${realpathSync(ws)}/`);
    const gh = runCli(['review', '--format', 'github'], ws).stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.equal(gh.length, json.findings.length);
    const md = runCli(['review', '--format', 'markdown'], ws).stdout;
    assert.equal(md.split('\n').filter((l) => /^\| :/.test(l)).length, json.findings.length);
  });
});

describe('--fix', () => {
  it('rewrites only fixed files, atomically, keeps every comment line, re-parses, and says what changed', () => {
    const ws = tempWorkspace(FIXTURE);
    const files = ['billing/crema.yaml', 'billing/worker-pool.yaml', 'billing/subscription.yaml', 'pool-tuner.yaml'];
    const before = new Map(files.map((f) => [f, { text: readFileSync(path.join(ws, f), 'utf8'), ino: statSync(path.join(ws, f)).ino }]));
    const r = runCli(['review', '--fix', '.'], ws);
    assert.match(r.stderr, /^fixed billing\/crema\.yaml:12:9 crema-per-object-polling-interval: Remove the per-object pollingInterval/m);

    const crema = path.join(ws, 'billing/crema.yaml');
    const fixed = readFileSync(crema, 'utf8');
    assert.notEqual(fixed, before.get('billing/crema.yaml')!.text);
    assert.doesNotMatch(fixed, /pollingInterval: 10/);
    assert.notEqual(statSync(crema).ino, before.get('billing/crema.yaml')!.ino, 'replaced by rename, not written in place');
    for (const f of files.slice(1)) {
      assert.equal(readFileSync(path.join(ws, f), 'utf8'), before.get(f)!.text, `${f} untouched (suggestions are never bulk-applied)`);
      assert.equal(statSync(path.join(ws, f)).ino, before.get(f)!.ino);
    }
    assert.deepEqual(commentLines(fixed), commentLines(before.get('billing/crema.yaml')!.text));
    assert.deepEqual(readdirSync(path.join(ws, 'billing')).filter((n) => n.endsWith('.tmp')), [], 'no temp files left');
    const reparsed = parseWorkspace([{ path: 'crema.yaml', text: fixed }]);
    assert.deepEqual(reparsed.problems.filter((p) => p.ruleId === 'yaml-syntax'), []);
    // The report after --fix reflects the fixed files.
    assert.doesNotMatch(r.stdout, /crema-per-object-polling-interval/);
    const again = runCli(['review', '--fix', '.'], ws);
    assert.doesNotMatch(again.stderr, /^fixed /m, 'a second run has nothing left to fix');
  });

  it('keeps the file mode', () => {
    const ws = tempWorkspace(FIXTURE);
    const crema = path.join(ws, 'billing/crema.yaml');
    chmodSync(crema, 0o640);
    runCli(['review', '--fix', 'billing'], ws);
    assert.equal(statSync(crema).mode & 0o777, 0o640);
  });

  it('a folder it cannot write to is an I/O error naming the file', (t) => {
    const blocked = permissionTestsBlocked();
    if (blocked) return t.skip(blocked);
    const ws = tempWorkspace(FIXTURE);
    mkdirSync(path.join(ws, 'ro'));
    writeFileSync(path.join(ws, 'ro/crema.yaml'), readFileSync(path.join(ws, 'billing/crema.yaml')));
    chmodSync(path.join(ws, 'ro'), 0o555);
    const r = runCli(['review', '--fix', 'ro'], ws, { asUser: true });
    chmodSync(path.join(ws, 'ro'), 0o755);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fix: ro\/crema\.yaml: (permission denied|is read-only).*Nothing was written\./);
  });
});

describe('several projects in one folder (issue 10)', () => {
  it('review of the parent reports the example project exactly as review of the example alone', () => {
    // Like the repository root: examples/ beside other projects (the clean project, the golden fixture), each with
    // its own pool-tuner.yaml, and rule fixtures with none.
    const ws = tempWorkspace();
    cpSync('examples', path.join(ws, 'examples'), { recursive: true });
    cpSync('test/fixtures/clean-project', path.join(ws, 'test/clean-project'), { recursive: true });
    cpSync('test/fixtures/review', path.join(ws, 'test/review'), { recursive: true });
    cpSync('test/fixtures/rules/dlq-topic-without-subscription', path.join(ws, 'test/rules'), { recursive: true });
    const root = JSON.parse(runCli(['review', '.', '--format', 'json'], ws).stdout) as { findings: { file: string; ruleId: string; message: string }[] };
    const alone = JSON.parse(runCli(['review', 'examples', '--format', 'json'], ws).stdout) as { findings: { file: string; ruleId: string; message: string }[] };
    const key = (f: { file: string; ruleId: string; message: string }) => `${f.file} ${f.ruleId} ${f.message}`;
    const fromRoot = root.findings.filter((f) => f.file.startsWith('examples/')).map(key).sort();
    assert.ok(alone.findings.length > 10);
    assert.deepEqual(fromRoot, alone.findings.map(key).sort());
  });

  it('each pool-tuner.yaml applies to its own folder: SLOs of one project never reach the other', () => {
    const ws = tempWorkspace();
    const pool = (slo: string) => `apiVersion: crema/v1\nkind: CremaConfig\nspec:\n  pollingInterval: 30\n  scaledObjects:\n    - spec:\n        scaleTargetRef:\n          name: projects/p/locations/us-central1/workerpools/orders-worker\n        triggers:\n          - type: gcp-pubsub\n            metadata: {subscriptionName: orders-sub, value: "10"}\n---\n${slo}`;
    mkdirSync(path.join(ws, 'a'));
    mkdirSync(path.join(ws, 'b'));
    writeFileSync(path.join(ws, 'a', 'crema.yaml'), pool(''));
    writeFileSync(path.join(ws, 'a', 'pool-tuner.yaml'), 'pools:\n  orders-worker:\n    slo: {queueWaitP95Sec: 10}\n');
    writeFileSync(path.join(ws, 'b', 'crema.yaml'), pool(''));
    writeFileSync(path.join(ws, 'b', 'pool-tuner.yaml'), 'pools:\n  orders-worker:\n    slo: {queueWaitP95Sec: 100000}\n');
    const json = JSON.parse(runCli(['review', '.', '--format', 'json'], ws).stdout) as { findings: { file: string; ruleId: string }[] };
    const slo = json.findings.filter((f) => f.ruleId === 'min-instances-zero-with-latency-slo').map((f) => f.file);
    assert.deepEqual(slo, ['a/crema.yaml']);
  });
});
