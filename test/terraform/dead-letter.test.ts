/**
 * A Terraform subscription that leaves its project to the provider gets a dead-letter policy Pub/Sub accepts:
 * `dead_letter_topic` must be `projects/{project}/topics/{topic}` of an existing topic
 * (https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions#DeadLetterPolicy), so `tune --apply`
 * references a `google_pubsub_topic` it declares (with a subscription on it) instead of writing a bare name, and the
 * result parses and reviews clean of the dead-letter rules. Through the built CLI, on a copy of examples-terraform/
 * with the orders subscription's `project` removed.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { review } from '../../shared/rules/engine.ts';
import { loadDir, parser } from './load.ts';

it('tune --apply declares the dead-letter topic and its subscription and references the topic resource', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-tf-dlq-'));
  try {
    cpSync('examples-terraform', dir, { recursive: true });
    const file = path.join(dir, 'orders.tf');
    const before = readFileSync(file, 'utf8');
    const noProject = before.replace('resource "google_pubsub_subscription" "orders" {\n  project = var.project\n', 'resource "google_pubsub_subscription" "orders" {\n');
    assert.notEqual(noProject, before, 'the fixture has the project line to remove');
    writeFileSync(file, noProject);
    const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'tune', '.', '--pool', 'orders-worker', '--metrics', path.resolve('examples/metrics/snapshot.json'), '--apply'], { cwd: dir, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const after = readFileSync(file, 'utf8');
    assert.match(after, /dead_letter_topic\s+= google_pubsub_topic\.orders_dlq\.id/);
    assert.doesNotMatch(after, /dead_letter_topic\s+= "orders-dlq"/, 'never a bare topic name');
    assert.match(after, /resource "google_pubsub_topic" "orders_dlq" \{\n {2}name = "orders-dlq"\n\}/);
    assert.match(after, /resource "google_pubsub_subscription" "orders_dlq_sub" \{[\s\S]*?topic\s+= google_pubsub_topic\.orders_dlq\.id/);
    const ws = loadDir(dir, await parser());
    assert.deepEqual(ws.problems, []);
    const ids = review(ws).findings.filter((f) => f.file.endsWith('orders.tf')).map((f) => f.ruleId);
    for (const id of ['no-dead-letter-policy', 'dlq-topic-without-subscription', 'dlq-same-as-source-topic']) assert.ok(!ids.includes(id), `${id} after tune --apply: ${ids.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('with project = var.project, the review suggestion and tune reference the topic resource, never the default project written out (issue 21)', async () => {
  const ws = loadDir('examples-terraform', await parser());
  const { findings } = review(ws);
  const dlq = findings.filter((f) => f.file.endsWith('.tf') && (f.ruleId === 'no-dead-letter-policy' || f.ruleId === 'dlq-same-as-source-topic'));
  assert.equal(dlq.length, 2, dlq.map((f) => f.ruleId).join());
  for (const f of dlq) {
    const text = f.suggestions![0]!.edits.map((e) => e.newText).join('\n');
    assert.doesNotMatch(text, /acme-shop-prod/, `${f.ruleId} wrote var.project's default`);
    assert.match(text, /google_pubsub_topic\.(orders|notify)_dlq\.id/);
    assert.match(text, /resource "google_pubsub_topic" "(orders|notify)_dlq" \{\n {2}project = var\.project\n/);
  }
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'tune', 'examples-terraform', '--metrics', path.resolve('examples/metrics/snapshot.json'), '--format', 'json'], { encoding: 'utf8' });
  const edits = (JSON.parse(r.stdout) as { pools: { edits: { newText: string }[] }[] }).pools.flatMap((p) => p.edits).map((e) => e.newText).join('\n');
  assert.match(edits, /dead_letter_topic\s+= google_pubsub_topic\.orders_dlq\.id/);
  assert.doesNotMatch(edits, /projects\/acme-shop-prod\/topics/);
});
