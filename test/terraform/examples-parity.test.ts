/**
 * examples-terraform/ is the three example pools written as Terraform (worker pools, subscriptions, topics, a
 * yamlencode'd CremaConfig and a heredoc one). It must give the same findings (rule ids and messages) and the same
 * tune proposal as the YAML examples, with and without the recorded metrics.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Workspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';
import { tune } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { loadDir, parser } from './load.ts';

const SNAPSHOT = readFileSync('examples/metrics/snapshot.json', 'utf8');
const metricsFor = (ws: Workspace) => snapshotViewFromText(SNAPSHOT, 'snapshot.json', ws);

/** Rules only Terraform can raise (fields YAML has no counterpart for): compared apart, by their expected findings. */
const TERRAFORM_ONLY = new Set(['worker-pool-scaling-not-in-api']);

/** Terraform's dead-letter edits declare the topic and its subscription that YAML's ask the user to create: the same suggestion. */
const sameSuggestion = (title: string) => title.replace(/declares (the topic|it) and a subscription on it/, 'create $1 and a subscription on it');

function findings(ws: Workspace, withMetrics: boolean, only?: 'terraform-only'): string[] {
  const r = review(ws, withMetrics ? { metrics: metricsFor(ws) } : {});
  return r.findings.filter((f) => TERRAFORM_ONLY.has(f.ruleId) === (only === 'terraform-only')).map((f) => `${f.ruleId} | ${f.pool ?? ''} | ${f.message} | ${f.fix ? 'fix' : ''}${(f.suggestions ?? []).map((s) => sameSuggestion(s.title)).join(' / ')}`).sort();
}

/** The proposal without what is about files (edits, diff, ids, positions). */
function proposal(ws: Workspace): unknown {
  const metrics = metricsFor(ws);
  const out = tune(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics) });
  return JSON.parse(JSON.stringify(out.pools, (k, v: unknown) => (['id', 'edits', 'diff', 'proposalId', 'baseFileHashes', 'files', 'source', 'line', 'column'].includes(k) ? undefined : v)));
}

describe('examples-terraform gives what examples gives', () => {
  let hcl: HclParser;
  let yaml: Workspace;
  let tf: Workspace;
  before(async () => {
    hcl = await parser();
    yaml = loadDir('examples', hcl);
    tf = loadDir('examples-terraform', hcl);
  });

  it('reads the same pools', () => {
    const shape = (ws: Workspace) => ws.pools.map((p) => `${p.name}: ${p.subscriptions.map((s) => s.name).join(',')} scaler=${p.scaler?.name ?? '-'} concurrency=${p.concurrency?.value ?? '-'}`);
    assert.deepEqual(shape(tf), shape(yaml));
    assert.equal(tf.pools.length, 3);
    assert.ok(tf.workerPools.every((w) => w.ref.file.endsWith('.tf')));
    assert.ok(tf.scalers.some((s) => s.ref.file.endsWith('orders.tf')) && tf.scalers.some((s) => s.ref.file.endsWith('notifications.tf')), 'yamlencode and heredoc CremaConfigs');
  });

  it('same findings without metrics', () => {
    const t = findings(tf, false);
    assert.ok(t.length >= 15);
    assert.deepEqual(t, findings(yaml, false));
  });

  it('Terraform-only rules: the provider scaling fields of each pool, and the count CREMA owns', () => {
    const t = findings(tf, false, 'terraform-only').map((l) => l.split(' | ').slice(0, 2).join(' | ') + ' ' + /scaling\.\w+/.exec(l)?.[0]);
    assert.deepEqual(t, [
      'worker-pool-scaling-not-in-api | notify-worker scaling.scaling_mode',
      'worker-pool-scaling-not-in-api | orders-worker scaling.min_instance_count',
      'worker-pool-scaling-not-in-api | transcode-worker scaling.scaling_mode',
    ]);
    assert.deepEqual(findings(yaml, false, 'terraform-only'), []);
  });

  it('same findings with the recorded metrics', () => {
    assert.deepEqual(findings(tf, true), findings(yaml, true));
  });

  it('same tune proposal', () => {
    const t = proposal(tf);
    assert.ok(Array.isArray(t) && t.length === 3);
    assert.deepEqual(t, proposal(yaml));
  });

  it('every Terraform finding points into a .tf file', () => {
    for (const f of review(tf).findings) assert.match(f.file, /\.tf$|pool-tuner\.yaml$/);
  });
});
