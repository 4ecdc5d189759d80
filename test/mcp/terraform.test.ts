/**
 * The MCP server on a Terraform project (examples-terraform/): pools are listed from .tf files, findings point into
 * them, apply_proposal writes a minimal HCL edit that keeps the comment on the line, and no response carries the
 * plain secret written in orders.tf.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connect, EXAMPLE_SECRET, textOf } from './harness.ts';

describe('MCP on Terraform', () => {
  it('analyzes a .tf pool and applies a suggestion as an HCL edit', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pool-tuner-mcp-tf-'));
    cpSync('examples-terraform', root, { recursive: true });
    const c = await connect({ roots: [root], allowWrite: true });
    try {
      const list = await c.call('list_pools', {});
      assert.ok(!list.isError, textOf(list));
      assert.match(JSON.stringify(list.structuredContent), /orders-worker.*|transcode-worker/);
      const file = path.join(root, 'orders.tf');
      const before = readFileSync(file, 'utf8');
      const a = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
      assert.ok(!a.isError, textOf(a));
      const findings = a.structuredContent!['findings'] as { ruleId: string; source?: { file: string; line: number }; suggestions?: { proposalId: string; diff: string }[] }[];
      const mode = findings.find((f) => f.ruleId === 'crema-pool-not-manual')!;
      assert.match(JSON.stringify(mode), /orders\.tf/);
      const s = mode.suggestions![0]!;
      assert.match(s.diff, /^-\s+scaling_mode\s+= "AUTOMATIC" # left over from the first deploy$/m);
      assert.match(s.diff, /^\+\s+scaling_mode\s+= "MANUAL" # left over from the first deploy$/m);
      assert.match(s.diff, /^-\s+min_instance_count = 0$/m);
      const applied = await c.call('apply_proposal', { proposalId: s.proposalId });
      assert.ok(!applied.isError, textOf(applied));
      const after = readFileSync(file, 'utf8');
      assert.match(after, / {4}scaling_mode {7}= "MANUAL" # left over from the first deploy\n/);
      // Only the scaling block changed (min_instance_count bounds automatic mode only, so the suggestion drops it).
      const changed = after.split('\n').filter((l) => !before.split('\n').includes(l));
      assert.ok(changed.length <= 2, changed.join('\n'));
      const again = await c.call('analyze_pool', { pool: 'orders-worker', limit: 50 });
      const ids = (again.structuredContent!['findings'] as { ruleId: string }[]).map((f) => f.ruleId);
      assert.ok(!ids.includes('crema-pool-not-manual'), ids.join(','));
      assert.ok(!JSON.stringify(c.seen).includes(EXAMPLE_SECRET), 'a response carried the secret from orders.tf');
    } finally {
      await c.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
