/**
 * completion/complete for pool names: the prompts' `pool` argument and the `pool-tuner://pools/{pool}/…` resource
 * templates. Names that start with what was typed first, then names that contain it (case-insensitive), at most 100
 * (the protocol's cap per response).
 */
import type { Roots } from './roots.ts';

export function poolNameCompleter(roots: Roots): (value: string) => Promise<string[]> {
  return async (value) => {
    let names: string[];
    try {
      names = (await roots.load()).ws.pools.map((p) => p.name).sort();
    } catch {
      return [];
    }
    const v = value.toLowerCase();
    const starts = names.filter((n) => n.toLowerCase().startsWith(v));
    const contains = names.filter((n) => !starts.includes(n) && n.toLowerCase().includes(v));
    return [...starts, ...contains].slice(0, 100);
  };
}
