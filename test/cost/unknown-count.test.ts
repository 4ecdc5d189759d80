/**
 * `cost` on a worker pool whose instance count is a Terraform value the module cannot settle (issue 23): every front
 * says the count is unknown and what was assumed, instead of silently pricing one instance.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { connect } from '../mcp/harness.ts';
import { unwrapped } from '../cli/harness.ts';

const pool = (count: string, variable: string) => `${variable}
resource "google_cloud_run_v2_worker_pool" "orders" {
  name     = "orders-worker"
  location = "us-central1"

  scaling {
    scaling_mode          = "MANUAL"
    manual_instance_count = ${count}
  }

  template {
    containers {
      image = "us-docker.pkg.dev/acme/orders/worker:1"
      resources {
        limits = {
          cpu    = "2"
          memory = "1Gi"
        }
      }
    }
  }
}
`;

/** The built CLI (dist/cli.js with the shipped .wasm beside it, as npm test builds first), like test/terraform. */
const CLI = path.resolve('dist/cli.js');
function runCli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs: string[] = [];
function workspace(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-unknown-count-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'main.tf'), text);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Instances { basis: string; min: number; max: number; mean?: number; countUnknown?: { written: string; reason: string; assumedInstances: number } }

describe('cost: an instance count the module cannot settle', () => {
  const unknown = pool('var.workers', 'variable "workers" {\n  type = number\n}\n');

  it('CLI text says the count is unknown, what is written, and what was assumed', () => {
    const r0 = runCli(['cost', '.'], workspace(unknown));
    const r = { ...r0, stdout: unwrapped(r0.stdout) };
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /orders-worker: \$[\d.]+\/month assuming 1 instance \(count unknown, see note\)/);
    assert.match(r.stdout, /note: Instance count unknown: `manual_instance_count = var\.workers` \(`var\.workers` has no default\)\. Priced as 1 instance .*per instance: multiply by the count you deploy/);
    assert.match(r.stdout, /Total: .*, assuming 1 instance for orders-worker \(count unknown\)\./);
  });

  it('CLI JSON carries countUnknown and no mean (no "expected" cost as if it were known)', () => {
    const r = runCli(['cost', '.', '--format', 'json'], workspace(unknown));
    assert.equal(r.code, 0, r.stderr);
    const p = (JSON.parse(r.stdout) as { pools: { instances: Instances; costUsdPerMonth: { min: number; expected?: number }; usdPerInstanceHour: number }[] }).pools[0]!;
    assert.deepEqual(p.instances, { basis: 'unknown', min: 1, max: 1, countUnknown: { written: 'manual_instance_count = var.workers', reason: '`var.workers` has no default', assumedInstances: 1 } });
    assert.equal(p.costUsdPerMonth.expected, undefined);
    assert.ok(Math.abs(p.costUsdPerMonth.min - p.usdPerInstanceHour * 730) < 0.01, 'one assumed instance, always on');
  });

  it('MCP estimate_cost says the same', async () => {
    const c = await connect({ roots: [workspace(unknown)] });
    try {
      const r = await c.call('estimate_cost', {});
      assert.ok(!r.isError);
      const p = (r.structuredContent!['pools'] as { instances: Instances; notes: string[] }[])[0]!;
      assert.equal(p.instances.countUnknown?.written, 'manual_instance_count = var.workers');
      assert.ok(p.notes.some((n) => n.startsWith('Instance count unknown: `manual_instance_count = var.workers`')), p.notes.join('\n'));
    } finally {
      await c.close();
    }
  });

  it('a variable with a default is a known count: priced as such, nothing said', () => {
    const r = runCli(['cost', '.', '--format', 'json'], workspace(pool('var.workers', 'variable "workers" {\n  type    = number\n  default = 3\n}\n')));
    const p = (JSON.parse(r.stdout) as { pools: { instances: Instances; notes: string[] }[] }).pools[0]!;
    assert.deepEqual(p.instances, { basis: 'manual', min: 3, max: 3, mean: 3 });
    assert.ok(!p.notes.some((n) => /unknown/.test(n)));
  });
});
