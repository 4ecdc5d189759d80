/**
 * apply_proposal writes a proposal record for a tuner proposal; verify_pool (read-only) reads the records and
 * checks them against a recording made after the change, through a real MCP client (in-memory transport).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { snapshotViewFromText, ProposalRecordSchema, VerifyOutputSchema } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { connect, copyExamples, textOf, validatorFor, type Connected } from './harness.ts';

/** The examples' own snapshot as the server's --metrics source (what the proposal is tuned on). */
function snapshotAccess(dir: string, file: string): MetricsAccess {
  return { source: file, live: false, view: async (loaded) => snapshotViewFromText(readFileSync(path.join(dir, file), 'utf8'), file, loaded.ws) };
}

describe('apply_proposal and verify_pool', () => {
  let c: Connected;
  let ex: ReturnType<typeof copyExamples>;
  let validate: (name: string, value: unknown) => string | undefined;
  before(async () => {
    ex = copyExamples();
    rmSync(path.join(ex.dir, '.pool-tuner'), { recursive: true, force: true });
    c = await connect({ roots: [ex.dir], metrics: snapshotAccess(ex.dir, 'metrics/snapshot.json'), allowWrite: true });
    validate = await validatorFor(c.client);
  });
  after(async () => {
    await c.close();
    ex.dispose();
  });

  it('verify_pool is read-only and says what to do when nothing was applied', async () => {
    const { tools } = await c.client.listTools();
    const t = tools.find((x) => x.name === 'verify_pool')!;
    assert.equal(t.annotations?.readOnlyHint, true);
    const r = await c.call('verify_pool', { pool: 'orders-worker' });
    assert.equal(r.isError, true);
    assert.match(textOf(r), /No applied proposals to verify.*apply_proposal/);
    const unknown = await c.call('verify_pool', { pool: 'order' });
    assert.match(textOf(unknown), /No pool 'order'\. Known pools: notify-worker, orders-worker, transcode-worker\./);
  });

  it('apply_proposal writes .pool-tuner/proposals/<id>.json for a tuner proposal', async () => {
    const p = await c.call('propose_scaling', { pool: 'orders-worker' });
    assert.ok(!p.isError, textOf(p));
    const out = p.structuredContent as { proposalId: string; recommended: { scaling: unknown; concurrency: number } };
    const applied = await c.call('apply_proposal', { proposalId: out.proposalId });
    assert.ok(!applied.isError, textOf(applied));
    assert.equal(validate('apply_proposal', applied.structuredContent), undefined);
    const rel = `.pool-tuner/proposals/${out.proposalId}.json`;
    assert.equal(applied.structuredContent!['record'], rel);
    const record = ProposalRecordSchema.parse(JSON.parse(readFileSync(path.join(ex.dir, rel), 'utf8')));
    assert.equal(record.appliedBy, 'mcp');
    assert.deepEqual(record.after.scaling, out.recommended.scaling);
    assert.equal(record.after.concurrency, out.recommended.concurrency);
    assert.equal(record.workload.source, 'metrics/snapshot.json');
    assert.ok(record.predicted && record.predicted.replays === 9);
  });

  it('verify_pool checks the record against an after-recording: bands, verdicts, drift', async () => {
    // The shipped example record (tuned orders-worker) and its after-recording (orders ×3).
    const dir = path.resolve('examples/.pool-tuner/proposals');
    const shipped = readFileSync(path.join(dir, readdirSync(dir)[0]!), 'utf8');
    const id = (JSON.parse(shipped) as { id: string }).id;
    // Only the shipped record (applied before after.json was recorded): the one apply_proposal wrote above is dated
    // now, after the recording, which verify_pool refuses to judge (test/verify/coverage.test.ts).
    const records = path.join(ex.dir, '.pool-tuner/proposals');
    for (const f of readdirSync(records)) rmSync(path.join(records, f));
    writeFileSync(path.join(records, `${id}.json`), shipped);
    const r = await c.call('verify_pool', { pool: 'orders-worker', metrics: 'metrics/after.json' });
    assert.ok(!r.isError, textOf(r));
    assert.equal(validate('verify_pool', r.structuredContent), undefined);
    const out = VerifyOutputSchema.parse(r.structuredContent);
    const v = out.pools[0]!;
    assert.equal(v.proposalId, id, 'the latest record of the pool');
    assert.equal(v.outcome, 'traffic-changed');
    assert.equal(v.drift?.detected, true);
    assert.match(v.drift?.retune ?? '', /propose_scaling/);
    assert.ok(v.checks.some((x) => x.verdict === 'inside'));
    const outside = await c.call('verify_pool', { metrics: '../../etc/passwd' });
    assert.equal(outside.isError, true);
    assert.ok(existsSync(path.join(ex.dir, 'metrics/after.json')));
  });
});
