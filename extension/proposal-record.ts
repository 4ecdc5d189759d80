/**
 * The editor's side of proposal records: after Tune… applies a proposal, write its record beside
 * pool-tuner.yaml (the same record `tune --apply` and the MCP apply_proposal write); the records are read back
 * (records.ts) for the CodeLens line "tuned <date>: predicted p95 4 s, observed 5 s ✓". No `vscode` import: tested under node.
 */
import { buildProposalRecord, quickCheck, type MetricsView, type Proposal, type ProposalRecord, type SnapshotView, type Workspace } from '../shared/index.ts';
import { recordsDirFor, writeProposalRecord } from '../shared/node/proposal-records.ts';
import { seconds } from './figures-text.ts';

/** Writes the record of `proposal`, applied now in the editor; returns the file written. */
export async function recordApplied(ws: Workspace, proposal: Proposal, metrics: MetricsView | undefined, folder: string, now = new Date()): Promise<string> {
  const record = buildProposalRecord({ ws, pool: proposal.pool, id: proposal.id, edits: proposal.edits, metrics, appliedBy: 'editor', appliedAt: now.toISOString(), tunerBands: proposal.predictedBands });
  return writeProposalRecord(recordsDirFor(folder, ws), record);
}

/**
 * "tuned 2026-11-21: predicted p95 0 s, observed 37 s ✗": the record's predicted p95 wait (median of its band) and
 * the current metrics' observed one, ✓ inside or better than the band, ✗ worse. Without usable metrics recorded
 * after the change: "tuned <date>: predicted p95 4 s (no metrics since)".
 */
export function verificationLensText(ws: Workspace, record: ProposalRecord, metrics: MetricsView | undefined): string {
  const date = record.appliedAt.slice(0, 10);
  const predicted = record.predicted?.figures.queueWaitP95Sec;
  if (!predicted) return `tuned ${date}: no predicted figures`;
  const head = `tuned ${date}: predicted p95 ${seconds(predicted.median)}`;
  const view = metrics as Partial<SnapshotView> | undefined;
  const pool = ws.pools.find((p) => p.name === record.pool);
  const since = view?.snapshot && Date.parse(view.snapshot.window.start) >= Date.parse(record.appliedAt);
  const check = pool && since && view.subscriptionSeries ? quickCheck(ws, pool, record, view as SnapshotView) : undefined;
  const wait = check?.checks.find((c) => c.figure === 'queueWaitP95Sec');
  if (!wait) return `${head} (no metrics recorded since)`;
  return `${head}, observed ${seconds(wait.observed)} ${wait.verdict === 'worse' ? '✗' : '✓'}`;
}
