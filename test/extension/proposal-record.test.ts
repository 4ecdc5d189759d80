/**
 * The editor's apply path writes the proposal record (extension/proposal-record.ts, called by the Tune… command
 * after VS Code applies the edit), and the CodeLens text "tuned <date>: predicted p95 …, observed … ✓|✗".
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, ProposalRecordSchema, snapshotViewFromText, synthesizeRecording, workspaceAfter, type ProposalRecord } from '../../shared/index.ts';
import { proposeFor } from '../../extension/tuner.ts';
import { recordApplied, verificationLensText } from '../../extension/proposal-record.ts';

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('editor: record on apply', () => {
  it('writes .pool-tuner/proposals/<id>.json beside pool-tuner.yaml for a workspace keyed by absolute paths', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-ext-'));
    temps.push(dir);
    cpSync('examples', dir, { recursive: true });
    rmSync(path.join(dir, '.pool-tuner'), { recursive: true, force: true });
    // The extension keys files by fsPath (absolute), as WorkspaceModel does.
    const { sources } = await loadSources([dir], '/');
    const ws = parseWorkspace(sources.map((s) => ({ ...s, path: path.resolve('/', s.path) })));
    const metrics = snapshotViewFromText(readFileSync(path.join(dir, 'metrics/snapshot.json'), 'utf8'), 'metrics/snapshot.json', ws);
    const proposal = proposeFor(ws, 'orders-worker', metrics);
    const file = await recordApplied(ws, proposal, metrics, '/nowhere', new Date('2026-11-29T10:00:00Z'));
    assert.equal(file, path.join(dir, '.pool-tuner', 'proposals', `${proposal.id}.json`));
    const record = ProposalRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    assert.equal(record.appliedBy, 'editor');
    assert.equal(record.appliedAt, '2026-11-29T10:00:00.000Z');
    assert.deepEqual(record.after.scaling, proposal.recommended.scaling);
    assert.ok(record.files.every((f) => f.file.startsWith('orders/')), JSON.stringify(record.files));
  });
});

describe('editor: verification CodeLens text', () => {
  const load = async () => {
    const { sources } = await loadSources(['examples']);
    const ws = parseWorkspace(sources);
    const dir = 'examples/.pool-tuner/proposals';
    const record = ProposalRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, readdirSync(dir)[0]!), 'utf8'))) as ProposalRecord;
    return { ws, record };
  };

  it('compares the predicted p95 wait with the one observed after the change', async () => {
    const { ws, record } = await load();
    const after = snapshotViewFromText(readFileSync('examples/metrics/after.json', 'utf8'), 'after.json', ws);
    assert.match(verificationLensText(ws, record, after), /^tuned 2026-11-21: predicted p95 0 s, observed \d+ s ✗$/);
  });

  it('ticks a p95 wait inside its band, and says when the metrics predate the change', async () => {
    const { ws, record } = await load();
    const before = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'snapshot.json', ws);
    assert.equal(verificationLensText(ws, record, before), 'tuned 2026-11-21: predicted p95 0 s (no metrics recorded since)');
    assert.equal(verificationLensText(ws, record, undefined), 'tuned 2026-11-21: predicted p95 0 s (no metrics recorded since)');
    // A recording of the tuned config on the same traffic, made after the change.
    const proposal = proposeFor(ws, 'orders-worker', before);
    const tuned = workspaceAfter(ws, proposal.edits);
    const { snapshot } = synthesizeRecording(tuned, tuned.pools.find((p) => p.name === 'orders-worker')!, before, {}, { seed: 11, start: '2026-11-22T00:00:00Z' });
    const same = snapshotViewFromText(JSON.stringify(snapshot), 'same.json', tuned);
    assert.equal(verificationLensText(tuned, record, same), 'tuned 2026-11-21: predicted p95 0 s, observed 0 s ✓');
  });
});
