/**
 * Streamable HTTP on 127.0.0.1: one McpServer per session. Sessions end on DELETE (the transport closes them) or
 * after `idleMinutes` without a request. Each client (by the `clientInfo.name` of its initialize request) holds at
 * most `maxSessionsPerClient`: a client that never says goodbye (SDK `close()`, the Inspector CLI run again and
 * again) closes its own least recently used session, never another client's. When the whole table is full, only a
 * session idle for `evictIdleMs` makes room; otherwise the newcomer is refused (503, retry later): one local process
 * cannot evict the sessions other clients are using (issue 21: the oldest was evicted at 32).
 */
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createServer, type CreatedServer, type ServerDeps } from './server.ts';
import type { Logger } from './logger.ts';

/** Largest HTTP request body accepted (a tools/call with capped inputs is a few KB). */
const MAX_BODY_BYTES = 1024 * 1024;
/** Sessions held at once (each holds a server and its proposals). */
export const MAX_SESSIONS = 32;
/** Sessions one client (by `clientInfo.name`) holds at once; its own least recently used one makes room. */
export const MAX_SESSIONS_PER_CLIENT = 8;
/** When the table is full, a session unused this long may be closed for a newcomer (else the newcomer waits). */
export const EVICT_IDLE_MS = 5 * 60_000;
export const DEFAULT_SESSION_IDLE_MINUTES = 30;

export interface HttpOptions {
  port: number;
  idleMinutes?: number;
  maxSessions?: number;
  maxSessionsPerClient?: number;
  evictIdleMs?: number;
}

export interface HttpHandle {
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session {
  /** `clientInfo.name` of the initialize request. */
  client: string;
  transport: StreamableHTTPServerTransport;
  created: CreatedServer;
  lastUsed: number;
}

function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ParseError();
  }
}

class ParseError extends Error {}

/** The client's name from its initialize request (what the per-client cap counts by). */
function clientName(body: unknown): string {
  const info = (body as { params?: { clientInfo?: { name?: unknown } } } | undefined)?.params?.clientInfo;
  return typeof info?.name === 'string' ? info.name.slice(0, 200) : '(unnamed)';
}

function reply(res: http.ServerResponse, status: number, message: string, code = -32000): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export async function startHttp(deps: ServerDeps, opts: HttpOptions, log: Logger): Promise<HttpHandle> {
  const idleMs = (opts.idleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES) * 60_000;
  const maxSessions = opts.maxSessions ?? MAX_SESSIONS;
  const sessions = new Map<string, Session>();
  const end = async (id: string, why: string): Promise<void> => {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    log.info(`http: session ${id.slice(0, 8)} closed (${why})`);
    await s.transport.close().catch(() => undefined);
    await s.created.cleanup().catch(() => undefined);
  };
  const perClient = opts.maxSessionsPerClient ?? MAX_SESSIONS_PER_CLIENT;
  const evictIdleMs = Math.min(opts.evictIdleMs ?? EVICT_IDLE_MS, idleMs);
  const lruOf = (list: [string, Session][]) => list.sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
  /** Room for one more session of `client`: its own oldest first, then only a long-idle one of anybody; false = full. */
  const makeRoom = async (client: string): Promise<boolean> => {
    for (let own = [...sessions].filter(([, x]) => x.client === client); own.length >= perClient; own = [...sessions].filter(([, x]) => x.client === client)) {
      await end(lruOf(own)![0], `${client} holds ${perClient} sessions; its least recently used`);
    }
    if (sessions.size < maxSessions) return true;
    const idle = lruOf([...sessions].filter(([, x]) => Date.now() - x.lastUsed >= evictIdleMs));
    if (!idle) return false;
    await end(idle[0], `idle; ${maxSessions} sessions open`);
    return true;
  };
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) if (now - s.lastUsed > idleMs) void end(id, 'idle');
  }, Math.min(60_000, Math.max(1000, idleMs / 4)));
  sweep.unref();
  let boundPort = opts.port;
  const httpServer = http.createServer((req, res) => {
    void (async () => {
      // DNS-rebinding guard: only loopback Host names, and no cross-site Origin.
      const origin = req.headers.origin;
      if (!allowedHost(req.headers.host, boundPort) || (origin !== undefined && !allowedHost(origin.replace(/^https?:\/\//, ''), boundPort))) {
        reply(res, 403, 'Forbidden: only http://127.0.0.1 and http://localhost clients may connect');
        return;
      }
      if (!req.url?.startsWith('/mcp')) {
        reply(res, 404, 'Not found: the MCP endpoint is /mcp');
        return;
      }
      const sid = req.headers['mcp-session-id'];
      const existing = typeof sid === 'string' ? sessions.get(sid) : undefined;
      try {
        const body = req.method === 'POST' ? await readBody(req) : undefined;
        if (Array.isArray(body)) {
          reply(res, 400, 'Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them); send one request per message', -32600);
          return;
        }
        if (existing) {
          existing.lastUsed = Date.now();
          await existing.transport.handleRequest(req, res, body);
          if (req.method === 'DELETE' && typeof sid === 'string') await end(sid, 'DELETE');
          return;
        }
        if (req.method !== 'POST' || sid !== undefined || !isInitializeRequest(body)) {
          reply(res, sid !== undefined ? 404 : 400, sid !== undefined ? 'Session not found (closed or expired): start a new one with an initialize request' : 'Bad request: no valid session; start with an initialize request without mcp-session-id');
          return;
        }
        const client = clientName(body);
        if (!(await makeRoom(client))) {
          res.setHeader('retry-after', String(Math.ceil(evictIdleMs / 1000)));
          reply(res, 503, `Server busy: ${sessions.size} sessions are in use by other clients; retry later, or close unused sessions (DELETE)`);
          return;
        }
        const created = createServer(deps);
        const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, { client, transport, created, lastUsed: Date.now() });
          },
        });
        transport.onclose = () => {
          if (transport.sessionId) sessions.delete(transport.sessionId);
          void created.cleanup();
        };
        await created.server.connect(transport);
        await transport.handleRequest(req, res, body);
      } catch (err) {
        if (err instanceof ParseError) {
          reply(res, 400, 'Parse error: the request body is not JSON', -32700);
          return;
        }
        const message = err instanceof Error ? err.message : String(err);
        log.error(`http: ${message}`);
        if (!res.headersSent) reply(res, 400, `Bad request: ${message}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const addr = httpServer.address();
  boundPort = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    port: boundPort,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      for (const id of [...sessions.keys()]) await end(id, 'shutdown');
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
