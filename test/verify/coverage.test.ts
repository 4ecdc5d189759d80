/**
 * Verify judges only what was recorded after the change (issue 21): a recording that ends before the proposal's
 * `appliedAt` is refused (exit 2 / a tool error, with a clear message, never "model wrong"); one that straddles it
 * is cut to the part after it, and the output says how much was used.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, runCli, tempWorkspace } from '../cli/harness.ts';
import { connect, textOf } from '../mcp/harness.ts';
import { VerifyOutputSchema } from '../../shared/verify/schema.ts';
import { recordingCoverage, recordingFrom } from '../../shared/verify/coverage.ts';
import { parseWorkspace } from '../../shared/config/workspace.ts';
import { snapshotViewFromText } from '../../shared/metrics/view.ts';

after(cleanup);

const RECORDS = '.pool-tuner/proposals';

/** The examples with the shipped record's appliedAt set to `appliedAt`. */
function examplesAppliedAt(appliedAt: string): string {
  const dir = tempWorkspace(path.resolve('examples'));
  const records = path.join(dir, RECORDS);
  const [file] = readdirSync(records);
  const p = path.join(records, file!);
  writeFileSync(p, readFileSync(p, 'utf8').replace(/"appliedAt": "[^"]+"/, `"appliedAt": "${appliedAt}"`));
  return dir;
}

describe('a recording that ends before the proposal was applied', () => {
  it('CLI: exit 2 with what is wrong and what to do; no verdict printed', () => {
    // The tuning snapshot itself (2026-11-20 → 2026-11-21T00:00Z) against the record applied at 09:00 that day.
    const dir = examplesAppliedAt('2026-11-21T09:00:00Z');
    for (const format of ['text', 'json']) {
      const r = runCli(['verify', '.', '--metrics', 'metrics/snapshot.json', '--format', format], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /metrics\/snapshot\.json ends at 2026-11-21T00:00:00Z, before proposal tune-[0-9a-f]+ for orders-worker was applied \(2026-11-21T09:00:00Z\): it shows the configuration before the change\. Record a window after the change/);
      assert.doesNotMatch(r.stderr + r.stdout, /model wrong|MODEL WRONG/i);
    }
  });

  it('MCP verify_pool: a tool error with the same message', async () => {
    const dir = examplesAppliedAt('2026-11-21T09:00:00Z');
    const c = await connect({ roots: [dir] });
    try {
      const r = await c.call('verify_pool', { pool: 'orders-worker', metrics: 'metrics/snapshot.json' });
      assert.equal(r.isError, true);
      assert.match(textOf(r), /ends at 2026-11-21T00:00:00Z, before proposal .* was applied/);
    } finally {
      await c.close();
    }
  });
});

describe('a recording that straddles appliedAt', () => {
  it('is judged on the part after the change, and says how much of it was used', () => {
    // after.json runs 2026-11-27T00:00Z → 2026-11-28T00:00Z: applied at noon, the second half is used.
    const dir = examplesAppliedAt('2026-11-27T12:00:00Z');
    const r = runCli(['verify', '.', '--metrics', 'metrics/after.json', '--format', 'json', '--replays', '2'], dir);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const v = VerifyOutputSchema.parse(JSON.parse(r.stdout)).pools[0]!;
    assert.deepEqual(v.recording, { usedMinutes: 720, totalMinutes: 1440 });
    assert.match(v.notes[0]!, /^Judged on the 720 min of metrics\/after\.json recorded after the change \(from 2026-11-27T12:00:00\.000Z\); the first 720 min, before tune-[0-9a-f]+ was applied, were left out\.$/);
    const text = runCli(['verify', '.', '--metrics', 'metrics/after.json', '--replays', '2'], dir);
    assert.match(text.stdout, /Judged on the 720 min/);
  });

  it('a recording wholly after appliedAt is used whole, with no note', () => {
    const ws = parseWorkspace([]);
    const view = snapshotViewFromText(readFileSync('examples/metrics/after.json', 'utf8'), 'after.json', ws);
    assert.deepEqual(recordingCoverage(view, { id: 'x', pool: 'p', appliedAt: '2026-11-26T00:00:00Z' }), { kind: 'after' });
    assert.equal(recordingCoverage(view, { id: 'x', pool: 'p', appliedAt: '2026-11-28T00:00:00Z' }).kind, 'predates');
    const cov = recordingCoverage(view, { id: 'x', pool: 'p', appliedAt: '2026-11-27T23:00:30Z' });
    assert.equal(cov.kind, 'straddles');
    // Steps that start at or after appliedAt only: 23:01 onwards.
    assert.equal(cov.kind === 'straddles' && cov.usedMinutes, 59);
    const cut = recordingFrom(view, 1381, ws);
    assert.equal(cut.lengthSteps, 59);
    assert.equal(cut.snapshot.window.start, '2026-11-27T23:01:00.000Z');
    const series = Object.values(cut.snapshot.subscriptions)[0]!.publishedMessagesPerMin!;
    assert.equal(series.length, 59);
    assert.deepEqual(series, Object.values(view.snapshot.subscriptions)[0]!.publishedMessagesPerMin!.slice(1381));
  });
});
