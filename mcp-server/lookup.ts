/** Finding a pool by name with an error that lists what exists (and the closest name). */
import { poolInputErrors, refusalMessage, type Pool, type Workspace } from '../shared/index.ts';
import { ToolError } from './tool.ts';

/** Levenshtein distance, for "did you mean" only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function poolNames(ws: Workspace): string[] {
  return ws.pools.map((p) => p.name).sort();
}

export function findPool(ws: Workspace, name: string): Pool {
  const pool = ws.pools.find((p) => p.name === name);
  if (pool) return pool;
  const names = poolNames(ws);
  if (names.length === 0) throw new ToolError(`No pool '${name}': the roots hold no worker pool, subscription or scaler configs. Point the server at a folder with Cloud Run WorkerPool, CREMA/KEDA or Pub/Sub YAML.`);
  const near = names.filter((n) => n.includes(name) || name.includes(n) || distance(n, name) <= 3);
  const hint = near.length > 0 ? ` Did you mean '${near[0]}'?` : '';
  const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, … (${names.length} in all; see list_pools)` : '');
  throw new ToolError(`No pool '${name}'. Known pools: ${shown}.${hint}`);
}

/** `findPool`, refusing a pool whose input is invalid (negative counts, a non-numeric concurrency): sizing it would mislead. */
export function findComputablePool(ws: Workspace, name: string, tool: string): Pool {
  const pool = findPool(ws, name);
  const errors = poolInputErrors(ws, pool);
  if (errors.length) throw new ToolError(refusalMessage(tool, errors));
  return pool;
}
