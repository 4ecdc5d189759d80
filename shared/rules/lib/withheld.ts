/** Which pools and documents have Terraform values the module cannot settle (their findings are withheld). */
import type { ConfigDoc } from '../../config/doc.ts';
import { docOf, type Workspace } from '../../config/workspace.ts';

export interface Withheld {
  pools: Set<string>;
  docs: { file: string; start: number; end: number }[];
}

export function withheldPools(ws: Workspace): Withheld {
  const unsettled = new Set<ConfigDoc>(ws.unsettled.keys());
  const pools = new Set<string>();
  for (const p of ws.pools) {
    const refs = [p.workerPool?.ref, p.scaler?.ref, ...p.subscriptions.map((s) => s.ref)];
    if (refs.some((r) => r && unsettled.has(docOf(ws, r)!))) pools.add(p.name);
  }
  const docs = [...unsettled].map((d) => ({ file: d.file, start: d.start, end: d.start + docLength(d) }));
  return { pools, docs };
}

function docLength(d: ConfigDoc): number {
  const node = (d as { node?: { start: number; end: number } }).node;
  return node ? node.end - node.start : 0;
}
