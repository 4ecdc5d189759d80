/** Writes a proposal record (.pool-tuner/proposals/<id>.json) for each proposal the CLI applied. */
import * as path from 'node:path';
import type { Workspace } from '../shared/config/workspace.ts';
import type { MetricsView } from '../shared/metrics/figures.ts';
import { recordsDirFor, writeProposalRecord } from '../shared/node/proposal-records.ts';
import type { Proposal } from '../shared/tune/schema.ts';
import { buildProposalRecord } from '../shared/verify/record.ts';
import type { ProposalRecord } from '../shared/verify/schema.ts';

/** One line per record written (or per failure: the edits stay applied, the record is what is missing). */
export async function writeRecords(ws: Workspace, proposals: readonly Proposal[], metrics: MetricsView | undefined, appliedBy: ProposalRecord['appliedBy'], now = new Date()): Promise<string[]> {
  const lines: string[] = [];
  const dir = recordsDirFor(process.cwd(), ws);
  for (const p of proposals) {
    try {
      const record = buildProposalRecord({ ws, pool: p.pool, id: p.id, edits: p.edits, metrics, appliedBy, appliedAt: now.toISOString(), tunerBands: p.predictedBands });
      const file = await writeProposalRecord(dir, record);
      lines.push(`recorded ${p.id} (${p.pool}): ${path.relative(process.cwd(), file) || file}${record.predicted ? '' : ' (no predicted figures: tuned without an arrival rate)'}`);
    } catch (err) {
      lines.push(`pool-tuner tune: ${p.pool}: applied, but the proposal record was not written (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  return lines;
}
