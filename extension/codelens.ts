/**
 * CodeLens above each pool's documents: its current figures (p95 queue wait, backlog, cost per month) when
 * metrics are present, else "no metrics", and "Tune…". Figures come from `PoolSummaries` (metrics + tuner);
 * they are computed lazily in `resolveCodeLens`, so a file with many pools stays cheap to open.
 */
import * as vscode from 'vscode';
import { docOf, type DocRef, type Pool } from '../shared/index.ts';
import { fileKey, spanToRange } from './convert.ts';
import { count, seconds, usd } from './figures-text.ts';
import type { PoolSummaries } from './pool-summary.ts';
import type { WorkspaceModel } from './workspace-model.ts';

export const TUNE_COMMAND = 'poolTuner.tune';

class PoolLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly pool: string, readonly kind: 'figures' | 'tune') {
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

  constructor(private readonly model: WorkspaceModel, private readonly summaries: PoolSummaries) {
    this.subscription = model.onDidUpdate(() => this.changed.fire());
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
      }
    }
    return lenses;
  }

  resolveCodeLens(lens: PoolLens): PoolLens {
    if (lens.kind === 'tune') {
      lens.command = { title: 'Tune…', command: TUNE_COMMAND, arguments: [lens.pool], tooltip: `Propose settings for ${lens.pool} and preview the edits` };
      return lens;
    }
    const s = this.summaries.summary(lens.pool);
    const parts = s.hasMetrics
      ? [`p95 wait ${seconds(s.queueWaitP95Sec)}`, `backlog ${count(s.backlogP95)}`, usd(s.costUsdPerMonth)]
      : ['no metrics'];
    lens.command = { title: `${lens.pool}: ${parts.join(' · ')}`, command: s.hasMetrics ? '' : 'poolTuner.selectMetricsSource', tooltip: s.detail };
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
