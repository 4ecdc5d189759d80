/**
 * CodeLens above each pool's documents: its current figures (p95 queue wait, backlog, cost per month) when
 * metrics are present, else "no metrics", and "Tune…". Figures come from `PoolSummaries` (metrics + tuner);
 * they are computed lazily in `resolveCodeLens`, so a file with many pools stays cheap to open.
 */
import * as vscode from 'vscode';
import { docOf, type DocRef, type Pool, type ProposalRecord } from '../shared/index.ts';
import { verificationLensText } from './proposal-record.ts';
import type { ProposalRecords } from './records.ts';
import { fileKey, spanToRange } from './convert.ts';
import { figuresLensTitle } from './lens-text.ts';
import type { PoolSummaries, PoolSummary } from './pool-summary.ts';
import type { WorkspaceModel } from './workspace-model.ts';

export const TUNE_COMMAND = 'poolTuner.tune';

class PoolLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly pool: string, readonly kind: 'figures' | 'tune' | 'verified') {
    super(range);
  }
}

/** Documents of a pool, each once (a CREMA file may hold the scaler and, below it, the subscription). */
function docsOf(pool: Pool): DocRef[] {
  const refs = [pool.workerPool?.ref, pool.scaler?.ref, ...pool.subscriptions.map((s) => s.ref)].filter((r): r is DocRef => !!r);
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.file}#${r.docIndex}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export class PoolCodeLenses implements vscode.CodeLensProvider<PoolLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** The latest proposal record per pool (.pool-tuner/proposals/), as the records holder last read them. */
  private records = new Map<string, ProposalRecord>();

  constructor(private readonly model: WorkspaceModel, private readonly summaries: PoolSummaries, records: ProposalRecords) {
    this.subscription = vscode.Disposable.from(
      model.onDidUpdate(() => this.changed.fire()),
      records.onDidChange(() => {
        this.records = records.latest();
        this.changed.fire();
      }),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): PoolLens[] {
    const state = this.model.ensureFresh(doc);
    if (!state) return [];
    const file = fileKey(doc.uri);
    const lenses: PoolLens[] = [];
    for (const pool of state.ws.pools) {
      for (const ref of docsOf(pool)) {
        if (ref.file !== file) continue;
        const d = docOf(state.ws, ref);
        if (!d) continue;
        // Above the document's first key or the Terraform resource (comments before it stay above the lens).
        const start = d.start;
        const range = spanToRange(doc, { start, end: start });
        lenses.push(new PoolLens(range, pool.name, 'figures'), new PoolLens(range, pool.name, 'tune'));
        if (this.records.has(pool.name)) lenses.push(new PoolLens(range, pool.name, 'verified'));
      }
    }
    return lenses;
  }

  resolveCodeLens(lens: PoolLens): PoolLens | Promise<PoolLens> {
    if (lens.kind === 'tune') {
      lens.command = { title: 'Tune…', command: TUNE_COMMAND, arguments: [lens.pool], tooltip: `Propose settings for ${lens.pool} and preview the edits` };
      return lens;
    }
    if (lens.kind === 'verified') {
      const state = this.model.state;
      const record = this.records.get(lens.pool);
      const title = state && record ? verificationLensText(state.ws, record, state.metrics) : 'no proposal record';
      lens.command = { title, command: '', tooltip: record ? `Proposal ${record.id} (${record.appliedBy}); the full check: pool-tuner verify --metrics <after.json|live>` : '' };
      return lens;
    }
    const resolved = (s: PoolSummary): PoolLens => {
      lens.command = { title: figuresLensTitle(lens.pool, s), command: s.hasMetrics ? '' : 'poolTuner.selectMetricsSource', tooltip: s.detail };
      return lens;
    };
    // The tuner simulates (hundreds of ms per pool): in a worker thread, so diagnostics never wait for a lens.
    // Without metrics, or once tuned for this state, the answer is immediate.
    return this.summaries.needsTuner(lens.pool) ? this.summaries.summaryAsync(lens.pool).then(resolved) : resolved(this.summaries.summary(lens.pool));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
