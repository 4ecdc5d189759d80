/**
 * Builds the proposal record written when a proposal is applied (CLI `tune --apply`, MCP `apply_proposal`, the
 * editor's Tune command): settings before and after, the predicted bands of "after" on the traffic it was tuned
 * on, that traffic's summary, and hashes of the files and metrics. Pure: the adapters write it
 * (shared/node/proposal-records.ts).
 */
import { applyEdits, editsByFile, type TextEdit } from '../config/edits.ts';
import { parseWorkspace, type Workspace } from '../config/workspace.ts';
import type { MetricsView } from '../metrics/figures.ts';
import type { PredictedBands } from '../model/bands-schema.ts';
import { fnv1a64 } from '../report/fingerprint.ts';
import { currentValues } from '../tune/current.ts';
import { WhatIfError } from '../tune/what-if.ts';
import { DEFAULT_PREDICTION_RESAMPLES, replay, type ReplayOptions } from './bands.ts';
import { PROPOSAL_RECORD_VERSION, type ProposalRecord } from './schema.ts';
import { trafficSummary } from './traffic.ts';

/** Folder of the records, relative to the folder that holds pool-tuner.yaml. */
export const RECORDS_DIR = '.pool-tuner/proposals';

export interface RecordInput {
  /** The workspace the proposal was computed on (before its edits). */
  ws: Workspace;
  pool: string;
  id: string;
  edits: readonly TextEdit[];
  metrics?: MetricsView;
  appliedBy: ProposalRecord['appliedBy'];
  /** ISO 8601; the adapters pass the clock's time. */
  appliedAt: string;
  replay?: ReplayOptions;
  /** The tuner's bands of the whole proposal (Proposal.predictedBands), when the whole proposal is applied. */
  tunerBands?: PredictedBands;
}

/** The workspace with `edits` applied, parsed again (the "after" config, in memory). */
export function workspaceAfter(ws: Workspace, edits: readonly TextEdit[]): Workspace {
  const byFile = editsByFile([...edits]);
  const sources = [...ws.files.values()].map((f) => ({ path: f.path, text: byFile.has(f.path) ? applyEdits(f.text, byFile.get(f.path)!) : f.text }));
  return parseWorkspace(sources);
}

/** The most recently applied record per pool (the one verify and the traffic-drift rule judge). */
export function latestRecordPerPool(records: readonly ProposalRecord[]): Map<string, ProposalRecord> {
  const out = new Map<string, ProposalRecord>();
  for (const r of records) {
    const prev = out.get(r.pool);
    if (!prev || r.appliedAt > prev.appliedAt) out.set(r.pool, r);
  }
  return out;
}

/** Folder (workspace path, '' for the root) that holds pool-tuner.yaml, where .pool-tuner/ goes. */
export function settingsFolder(ws: Workspace): string {
  const file = ws.settings?.ref.file;
  if (!file) return '';
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** Hash of the metrics a proposal was tuned on: the snapshot when the view has one, else the pool's figures. */
export function metricsHash(metrics: MetricsView | undefined, pool: string): string | undefined {
  if (!metrics) return undefined;
  const snap = (metrics as { snapshot?: unknown }).snapshot;
  return fnv1a64(JSON.stringify(snap ?? [metrics.source, metrics.forPool(pool), metrics.arrivalsPerMinute?.(pool)]));
}

export function buildProposalRecord(input: RecordInput): ProposalRecord {
  const { ws, pool: name } = input;
  const before = ws.pools.find((p) => p.name === name);
  if (!before) throw new Error(`No pool '${name}' in the workspace`);
  const after = workspaceAfter(ws, input.edits);
  const afterPool = after.pools.find((p) => p.name === name) ?? before;
  let predicted: ProposalRecord['predicted'];
  try {
    predicted = replay(after, afterPool, input.metrics, { resamples: DEFAULT_PREDICTION_RESAMPLES, ...input.replay }).bands;
  } catch (err) {
    if (!(err instanceof WhatIfError)) throw err;
    predicted = undefined;
  }
  const folder = settingsFolder(ws);
  const rel = (f: string) => (folder && f.startsWith(`${folder}/`) ? f.slice(folder.length + 1) : f);
  const traffic = trafficSummary(input.metrics, name);
  return {
    schemaVersion: PROPOSAL_RECORD_VERSION,
    kind: 'PoolTunerProposalRecord',
    id: input.id,
    pool: name,
    appliedAt: input.appliedAt,
    appliedBy: input.appliedBy,
    before: currentValues(before),
    after: currentValues(afterPool),
    slo: before.settings?.slo ?? {},
    ...(predicted ? { predicted } : {}),
    ...(input.tunerBands ? { tunerBands: input.tunerBands } : {}),
    workload: { source: input.metrics?.source ?? 'declared', ...(traffic ?? { minutes: 0, meanArrivalPerSec: 0, peakArrivalPerSec: 0, burstiness: 0 }) },
    ...(input.metrics ? { snapshotHash: metricsHash(input.metrics, name) } : {}),
    files: [...editsByFile([...input.edits]).keys()].sort().map((f) => ({
      file: rel(f), hashBefore: fnv1a64(ws.files.get(f)?.text ?? ''), hashAfter: fnv1a64(after.files.get(f)?.text ?? ''),
    })),
  };
}
