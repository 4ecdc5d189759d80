/** `tune --apply` writes the proposal record; `verify` reads it and reports on the examples' after-recording. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { cleanup, runCli, tempWorkspace, unwrapped } from '../cli/harness.ts';
import { ProposalRecordSchema, VerifyOutputSchema } from '../../shared/verify/schema.ts';
import { TuneOutputSchema } from '../../shared/tune/schema.ts';
import { generateVerifyExample, VERIFY_EXAMPLE } from '../../scripts/gen-verify-example.ts';

after(cleanup);
const examples = path.resolve('examples');

describe('pool-tuner tune --apply writes a proposal record', () => {
  it('records before/after, predicted bands and the workload beside pool-tuner.yaml', () => {
    const ws = tempWorkspace(examples);
    rmSync(path.join(ws, '.pool-tuner'), { recursive: true, force: true });
    const args = ['tune', '.', '--metrics', 'metrics/snapshot.json', '--pool', 'orders-worker'];
    const proposal = TuneOutputSchema.parse(JSON.parse(runCli([...args, '--format', 'json'], ws).stdout)).pools[0]!;
    const r = runCli([...args, '--apply'], ws);
    assert.equal(r.code, 0, r.stderr);
    const rel = `.pool-tuner/proposals/${proposal.id}.json`;
    assert.match(r.stderr, new RegExp(`^recorded ${proposal.id} \\(orders-worker\\): ${rel.replace(/\./g, '\\.')}$`, 'm'));
    const record = ProposalRecordSchema.parse(JSON.parse(readFileSync(path.join(ws, rel), 'utf8')));
    assert.equal(record.appliedBy, 'cli');
    assert.equal(record.pool, 'orders-worker');
    assert.deepEqual(record.after.scaling, proposal.recommended.scaling);
    assert.equal(record.after.ackDeadlineSec, proposal.recommended.ackDeadlineSec);
    assert.deepEqual(record.before, proposal.current);
    assert.equal(record.predicted?.replays, 9);
    assert.equal(record.workload.source, 'metrics/snapshot.json');
    assert.ok(record.files.some((f) => f.file === 'orders/subscription.yaml' && f.hashBefore !== f.hashAfter));
    assert.ok(Date.now() - Date.parse(record.appliedAt) < 10 * 60_000, 'dated now');
  });
});

describe('pool-tuner verify', () => {
  it('on the example after-recording: one figure inside its band, a drift warning with the re-tune command, exit 1', () => {
    const ws = tempWorkspace(examples);
    const text = runCli(['verify', '.', '--metrics', 'metrics/after.json'], ws);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /^orders-worker: traffic changed/m);
    assert.match(text.stdout, /^ {2}max message age\s+\S+ s–\S+ s\s+\S+ s\s+✓ inside/m);
    assert.match(text.stdout, /^ {2}cost\s+\$\S+\s+\$\S+\s+✗ worse/m);
    assert.match(unwrapped(text.stdout), /! Drift: .*Re-tune: pool-tuner tune \. --pool orders-worker --metrics metrics\/after\.json --apply$/m);
    assert.match(text.stdout, /rate \+\d+%/);
    const json = VerifyOutputSchema.parse(JSON.parse(runCli(['verify', '.', '--metrics', 'metrics/after.json', '--format', 'json'], ws).stdout));
    assert.equal(json.pools.length, 1);
    assert.equal(json.pools[0]!.outcome, 'traffic-changed');
    assert.equal(json.pools[0]!.drift?.detected, true);
    const md = runCli(['verify', '.', '--metrics', 'metrics/after.json', '--format', 'markdown'], ws);
    assert.match(md.stdout, /^\| figure \| predicted \(5–95%\) \| observed \| verdict \|/m);
  });

  it('needs --metrics (exit 2) and says when nothing was applied (exit 0)', () => {
    const ws = tempWorkspace(examples);
    const none = runCli(['verify', '.'], ws);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--metrics <after\.json\|live> is required/);
    rmSync(path.join(ws, '.pool-tuner'), { recursive: true, force: true });
    const empty = runCli(['verify', '.', '--metrics', 'metrics/after.json'], ws);
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /no proposal records in .*apply a proposal first/);
  });

  it('the shipped example record and after-recording are what scripts/gen-verify-example.ts generates', async () => {
    const g = await generateVerifyExample();
    assert.ok(existsSync(g.recordFile), `${g.recordFile} missing: run npx tsx scripts/gen-verify-example.ts`);
    assert.equal(readFileSync(g.recordFile, 'utf8'), g.recordText, 'record stale: run npx tsx scripts/gen-verify-example.ts');
    assert.equal(readFileSync(VERIFY_EXAMPLE.afterFile, 'utf8'), g.afterText, 'after.json stale: run npx tsx scripts/gen-verify-example.ts');
  });
});
