/**
 * The text of a pool's figures CodeLens and its tooltip, from the tuner's proposal (whose `currentFigures` are the
 * pool model's "today", shared/model/pool-model.ts) and the metrics. Pure (no `vscode` import), so the node tests
 * check that the editor shows the same today as `tune`, `simulate`, `cost` and the MCP tools.
 */
import { identificationText, type PoolFigures, type Proposal } from '../shared/index.ts';
import { count, seconds, usd } from './figures-text.ts';

export interface PoolSummary {
  hasMetrics: boolean;
  queueWaitP95Sec?: number;
  meanInstances?: number;
  backlogP95?: number;
  costUsdPerMonth?: number;
  /** The instances have no known price (GKE without gkePricing): no dollar figure is shown. */
  unpriced?: boolean;
  detail: string;
}

/** The summary of one pool: today's figures from the proposal, backlog from the metrics. */
export function poolSummary(pool: string, source: string | undefined, figures: PoolFigures | undefined, proposal: Proposal | undefined, error?: string): PoolSummary {
  if (!source || !figures) {
    return { hasMetrics: false, detail: source ? `No data for ${pool} in ${source}` : 'No metrics source: choose one to see figures' };
  }
  const f = proposal?.currentFigures;
  const fit = proposal?.calibration?.summary;
  return {
    hasMetrics: true,
    queueWaitP95Sec: f?.queueWaitP95Sec,
    meanInstances: f?.meanInstances,
    backlogP95: figures.backlogMessages?.p95,
    costUsdPerMonth: f?.costUsdPerMonth,
    ...(proposal?.unpriced ? { unpriced: true } : {}),
    detail: `Metrics: ${source}${proposal?.unpriced ? ` · ${proposal.unpriced}` : ''}${f ? ' · wait, instances and cost simulated for the current settings' : error ? ` · ${error}` : ''}${fit ? ` · ${fit}` : ''}${identified(proposal)}`,
  };
}

/** The parameters the model was fitted to, one per line (the lines `tune` prints), for the tooltip. */
function identified(p: Proposal | undefined): string {
  return p?.identification ? `\nIdentified from the recording:\n${identificationText(p.identification, '').join('\n')}` : '';
}

/** The figures lens title: "notify-worker: p95 wait 26 s · 9 instances · backlog 1.2k · $472/month". */
export function figuresLensTitle(pool: string, s: PoolSummary): string {
  const parts = s.hasMetrics
    ? [`p95 wait ${seconds(s.queueWaitP95Sec)}`, `${count(s.meanInstances)} instances`, `backlog ${count(s.backlogP95)}`, s.unpriced ? 'cost not priced' : usd(s.costUsdPerMonth)]
    : ['no metrics'];
  return `${pool}: ${parts.join(' · ')}`;
}
