/**
 * Resource subscriptions (MCP `resources/subscribe`): a client subscribed to `pool-tuner://pools/<pool>/config` or
 * `…/metrics` gets `notifications/resources/updated` with that URI when one of the pool's config files changes on
 * disk (worker pool, scaler, subscriptions, pool-tuner.yaml). Files are polled (`fs.watchFile`: an editor that saves
 * by rename replaces the inode, which `fs.watch` would stop following); watchers are released on unsubscribe and
 * when the server closes. Rule docs never change while the server runs: subscribing to them is accepted, silently.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import * as path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Roots } from './roots.ts';
import type { Logger } from './logger.ts';

/** How often a watched config file is stat'ed (ms). */
export const RESOURCE_POLL_MS = 1000;

interface Watch {
  file: string;
  listener: (cur: Stats, prev: Stats) => void;
}

const POOL_URI = /^pool-tuner:\/\/pools\/([^/]+)\/(config|metrics)$/;

/** The absolute config files of `pool` (every document it is read from). */
async function poolFiles(roots: Roots, pool: string): Promise<string[] | undefined> {
  const loaded = await roots.load();
  const p = loaded.ws.pools.find((x) => x.name === pool);
  if (!p) return undefined;
  const refs = [p.workerPool?.ref, p.scaler?.ref, ...p.subscriptions.map((s) => s.ref), loaded.ws.settings?.ref];
  return [...new Set(refs.flatMap((r) => (r ? [path.resolve(loaded.base, r.file)] : [])))];
}

export function registerSubscriptions(server: McpServer, deps: { roots: Roots; log: Logger; pollMs?: number }): { close(): void } {
  const watches = new Map<string, Watch[]>();
  const release = (uri: string) => {
    for (const w of watches.get(uri) ?? []) unwatchFile(w.file, w.listener);
    watches.delete(uri);
  };
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri.startsWith('pool-tuner://rules/')) return {};
    const m = POOL_URI.exec(uri);
    if (!m) throw new McpError(ErrorCode.InvalidParams, `Cannot subscribe to '${uri}': only pool-tuner://pools/<pool>/config and …/metrics change (see resources/list).`);
    const pool = decodeURIComponent(m[1]!);
    const files = await poolFiles(deps.roots, pool);
    if (!files) throw new McpError(ErrorCode.InvalidParams, `No pool '${pool}' to subscribe to (see list_pools).`);
    release(uri);
    const list: Watch[] = files.map((file) => ({
      file,
      listener: (cur, prev) => {
        if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
        server.server.sendResourceUpdated({ uri }).catch((err: unknown) => deps.log.error(`resources/updated ${uri}: ${String(err)}`));
      },
    }));
    for (const w of list) watchFile(w.file, { interval: deps.pollMs ?? RESOURCE_POLL_MS, persistent: false }, w.listener);
    watches.set(uri, list);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (req) => {
    release(req.params.uri);
    return {};
  });
  return {
    close() {
      for (const uri of [...watches.keys()]) release(uri);
    },
  };
}
