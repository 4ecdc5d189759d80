/** Bridge to the core's tuner (shared/tune): one proposal per pool, with edits and a unified diff. */
import type { MetricsView, TextEdit, Workspace } from '../shared/index.ts';

/** The fields of the tuner's `Proposal` the extension reads. */
export interface Proposal {
  pool: string;
  status: string;
  currentFigures?: { queueWaitP95Sec: number; costUsdPerMonth: number };
  predictedFigures?: { queueWaitP95Sec: number; costUsdPerMonth: number };
  rationale: { setting: string; text: string }[];
  warnings: string[];
  edits: TextEdit[];
  diff: string;
}

export class TunerUnavailableError extends Error {
  readonly code = 'TUNER_UNAVAILABLE';
}

export function proposeFor(_ws: Workspace, _pool: string, _metrics: MetricsView | undefined): Proposal {
  throw new TunerUnavailableError('the tuner is not part of this build');
}
