/**
 * Streamable HTTP on 127.0.0.1: one McpServer per session. Sessions end on DELETE (the transport closes them),
 * after `idleMinutes` without a request, or, when the table is full, the least recently used one makes room for a
 * new client: clients that never say goodbye (SDK `close()`, the Inspector CLI) cannot lock others out.
 */
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createServer, type CreatedServer, type ServerDeps } from './server.ts';
import type { Logger } from './logger.ts';

/** Largest HTTP request body accepted (a tools/call with capped inputs is a few KB). */
const MAX_BODY_BYTES = 1024 * 1024;
/** Sessions held at once (each holds a server and its proposals); the least recently used one is closed for a new one. */
export const MAX_SESSIONS = 32;
export const DEFAULT_SESSION_IDLE_MINUTES = 30;

export interface HttpOptions {
  port: number;
  idleMinutes?: number;
  maxSessions?: number;
}

export interface HttpHandle {
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session {
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
        while (sessions.size >= maxSessions) {
          const lru = [...sessions].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0]!;
          await end(lru[0], `least recently used; ${maxSessions} sessions open`);
        }
        const created = createServer(deps);
        const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, { transport, created, lastUsed: Date.now() });
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
