/** Number formatting of verify's figures, shared by its notes, renderers and the `traffic-drift` rule's message. */
import type { Band, ObservableFigure } from './schema.ts';

export const LABEL: Record<ObservableFigure, string> = {
  queueWaitP95Sec: 'p95 wait',
  maxMessageAgeSec: 'max message age',
  duplicateRatio: 'duplicates',
  deadLetterRatio: 'dead letters',
  meanInstances: 'mean instances',
  costUsdPerMonth: 'cost',
};

const sig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(2)).toString());
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const fmtSec = (x: number) => `${sig(x)} s`;

export function fmtFigure(f: ObservableFigure, x: number): string {
  switch (f) {
    case 'queueWaitP95Sec': case 'maxMessageAgeSec': return fmtSec(x);
    case 'duplicateRatio': case 'deadLetterRatio': return `${sig(x * 100)}%`;
    case 'meanInstances': return sig(x);
    case 'costUsdPerMonth': return `$${x.toFixed(2)}`;
  }
}

export function fmtBand(f: ObservableFigure, b: Band): string {
  return `${fmtFigure(f, b.low)}–${fmtFigure(f, b.high)}`;
}
