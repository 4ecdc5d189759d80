/** The example project tuned once (orders-worker), for the verify tests: workspace, metrics, proposal, record. */
import { readFileSync } from 'node:fs';
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, type Workspace } from '../../shared/config/workspace.ts';
import { metricsViewFromSnapshot, snapshotViewFromText, type SnapshotView } from '../../shared/metrics/view.ts';
import type { MetricsSnapshot } from '../../shared/metrics/snapshot-schema.ts';
import { tunePool } from '../../shared/tune/tune.ts';
import { arrivalSeriesOf } from '../../shared/tune/workload.ts';
import type { Proposal } from '../../shared/tune/schema.ts';
import { buildProposalRecord, workspaceAfter } from '../../shared/verify/record.ts';
import type { ProposalRecord } from '../../shared/verify/schema.ts';

export const POOL = 'orders-worker';

export interface Tuned {
  ws: Workspace;
  view: SnapshotView;
  proposal: Proposal;
  record: ProposalRecord;
  after: Workspace;
}

let cached: Promise<Tuned> | undefined;

export function tunedExample(): Promise<Tuned> {
  cached ??= (async () => {
    const { sources } = await loadSources(['examples']);
    const ws = parseWorkspace(sources);
    const view = snapshotViewFromText(readFileSync('examples/metrics/snapshot.json', 'utf8'), 'examples/metrics/snapshot.json', ws);
    const proposal = tunePool(ws, ws.pools.find((p) => p.name === POOL)!, { metrics: view, arrivalSeries: arrivalSeriesOf(view) });
    const record = buildProposalRecord({ ws, pool: POOL, id: proposal.id, edits: proposal.edits, metrics: view, appliedBy: 'cli', appliedAt: '2026-11-21T00:00:00Z' });
    return { ws, view, proposal, record, after: workspaceAfter(ws, proposal.edits) };
  })();
  return cached;
}

export function viewOf(snapshot: MetricsSnapshot, ws: Workspace, source = 'after.json'): SnapshotView {
  return metricsViewFromSnapshot(snapshot, snapshot.window.end ? (Date.parse(snapshot.window.end) - Date.parse(snapshot.window.start)) / 60_000 : 0, ws, source);
}
