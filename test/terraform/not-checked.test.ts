/**
 * Per-resource "not checked" notes for Terraform (issue 23): a subscription whose retention comes from a variable
 * without a default still gets the findings that do not depend on it (no dead-letter policy), and every front says
 * what was not checked: the review's findings (CLI text and JSON), SARIF as `note`, MCP analyze_pool.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import { RULES } from '../../shared/rules/index.ts';
import { buildSarif } from '../../shared/report/sarif.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { connect, textOf } from '../mcp/harness.ts';
import { parser } from './load.ts';

const MAIN = `variable "retention" {
  type = string
}

resource "google_pubsub_subscription" "orders" {
  name                       = "orders-sub"
  topic                      = "projects/acme/topics/orders"
  message_retention_duration = var.retention

  retry_policy {
    minimum_backoff = "10s"
  }
}

module "workers" {
  source = "./modules/cloud-run-worker-pool"
}
`;

describe('Terraform: what was not checked', () => {
  let hcl: HclParser;
  before(async () => {
    hcl = await parser();
  });

  it('raises the absent dead-letter policy and one note per resource, in SARIF as notes', () => {
    const ws = parseWorkspace([{ path: 'm/main.tf', text: MAIN }], { hcl });
    const { findings } = review(ws);
    assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.severity}`).sort(), ['no-dead-letter-policy:warning', 'terraform-not-checked:info', 'terraform-not-checked:info']);
    const note = findings.find((f) => f.ruleId === 'terraform-not-checked' && f.data?.['resource'] === 'google_pubsub_subscription.orders')!;
    assert.match(note.message, /`message_retention_duration = var\.retention` \(`var\.retention` has no default\)/);
    assert.ok(findings.some((f) => f.ruleId === 'terraform-not-checked' && f.data?.['resource'] === 'module.workers' && /was not reviewed/.test(f.message)));
    const sarif = buildSarif(findings, new PositionMapper((f) => (f === 'm/main.tf' ? MAIN : undefined)), { toolVersion: '0', rules: RULES });
    const levels = sarif.runs[0]!.results.map((r: { ruleId: string; level: string }) => `${r.ruleId}:${r.level}`).sort();
    assert.deepEqual(levels, ['no-dead-letter-policy:warning', 'terraform-not-checked:note', 'terraform-not-checked:note']);
  });

  it('an unsettled topic withholds the absent policies only when a subscription of the module dead-letters', () => {
    const sub = (name: string, extra = '') => `resource "google_pubsub_subscription" "${name}" {
  name  = "${name}"
  topic = var.topic
${extra}}
`;
    const tf = (text: string) => review(parseWorkspace([{ path: 'm/main.tf', text: `variable "topic" {\n  type = string\n}\n\n${text}` }], { hcl })).findings
      .filter((f) => f.ruleId === 'no-dead-letter-policy' || f.ruleId === 'no-retry-policy').map((f) => `${f.ruleId}:${f.data?.['subscription']}`).sort();
    // No dead-letter policy anywhere in the module: the unknown topic cannot make "audit" a dead-letter parking lot.
    assert.deepEqual(tf(sub('audit')), ['no-dead-letter-policy:audit', 'no-retry-policy:audit']);
    // "orders" dead-letters into a topic "audit" may be reading: both findings on "audit" are withheld.
    const dlq = '  dead_letter_policy {\n    dead_letter_topic = "projects/acme/topics/orders-dlq"\n  }\n  retry_policy {\n    minimum_backoff = "10s"\n  }\n';
    assert.deepEqual(tf(sub('audit') + sub('orders', dlq)), []);
  });

  it('MCP analyze_pool (no pool: every config) returns the notes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pool-tuner-not-checked-'));
    writeFileSync(path.join(root, 'main.tf'), MAIN);
    const c = await connect({ roots: [root] });
    try {
      const a = await c.call('analyze_pool', {});
      assert.ok(!a.isError, textOf(a));
      const ids = (a.structuredContent!['findings'] as { ruleId: string; message: string }[]).map((f) => f.ruleId).sort();
      assert.deepEqual(ids, ['no-dead-letter-policy', 'terraform-not-checked', 'terraform-not-checked']);
    } finally {
      await c.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
