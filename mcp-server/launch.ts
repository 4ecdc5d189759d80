/**
 * Starts the server for real: stdio (default) or Streamable HTTP bound to 127.0.0.1 only. Returns when the
 * client disconnects (stdio) or on SIGINT/SIGTERM. This is the only file with process-level side effects.
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createServer, type CreatedServer, type ServerDeps } from './server.ts';
import { McpUsageError, type McpOptions } from './args.ts';
import { cachedMetrics, type MetricsLoader } from './metrics-cache.ts';
import { stderrLogger } from './logger.ts';

/** Largest HTTP request body accepted (a tools/call with capped inputs is a few KB). */
const MAX_BODY_BYTES = 1024 * 1024;
/** HTTP sessions open at once, and how long an unused one lives (each holds a server and its proposals). */
const MAX_SESSIONS = 32;
const SESSION_IDLE_MS = 30 * 60_000;

export async function launch(opts: McpOptions, loadMetrics: MetricsLoader, version?: string): Promise<number> {
  const log = stderrLogger();
  for (const r of opts.roots) {
    try {
      await fs.realpath(r);
    } catch {
      throw new McpUsageError(`--root ${r}: no such file or folder`);
    }
  }
  const deps: ServerDeps = {
    roots: opts.roots,
    allowWrite: opts.allowWrite,
    logger: log,
    version,
    metrics: opts.metricsSpec ? cachedMetrics(opts.metricsSpec, loadMetrics) : undefined,
  };
  const what = `roots ${opts.roots.join(', ')}${opts.metricsSpec ? `, metrics ${opts.metricsSpec}` : ''}${opts.allowWrite ? ', writes allowed' : ''}`;
  return opts.httpPort === undefined ? runStdio(deps, log, what) : runHttp(deps, opts.httpPort, log, what);
}

async function runStdio(deps: ServerDeps, log: ReturnType<typeof stderrLogger>, what: string): Promise<number> {
  const { server, cleanup } = createServer(deps);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  log.info(`ready on stdio (${what})`);
  await closed;
  await cleanup();
  return 0;
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
  return size === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function reply(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function runHttp(deps: ServerDeps, port: number, log: ReturnType<typeof stderrLogger>, what: string): Promise<number> {
  // One McpServer per session (a server serves one transport); each has its own proposal store.
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; created: CreatedServer; lastUsed: number }>();
  const sweep = setInterval(() => {
    for (const [id, s] of sessions) {
      if (Date.now() - s.lastUsed > SESSION_IDLE_MS) {
        sessions.delete(id);
        void s.transport.close();
      }
    }
  }, 60_000);
  sweep.unref();
  let boundPort = port;
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
        if (existing) {
          existing.lastUsed = Date.now();
          await existing.transport.handleRequest(req, res, body);
          return;
        }
        if (req.method !== 'POST' || sid !== undefined || !isInitializeRequest(body)) {
          reply(res, 400, 'Bad request: no valid session; start with an initialize request without mcp-session-id');
          return;
        }
        if (sessions.size >= MAX_SESSIONS) {
          reply(res, 503, `Too many sessions (${MAX_SESSIONS}); close one (DELETE /mcp) or wait ${SESSION_IDLE_MS / 60_000} min for idle ones to expire`);
          return;
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
        const message = err instanceof Error ? err.message : String(err);
        log.error(`http: ${message}`);
        if (!res.headersSent) reply(res, 400, `Bad request: ${message}`);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = httpServer.address();
  boundPort = typeof addr === 'object' && addr ? addr.port : port;
  log.info(`ready on http://127.0.0.1:${boundPort}/mcp (${what})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(sweep);
  for (const { transport, created } of sessions.values()) {
    await transport.close();
    await created.cleanup();
  }
  await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  return 0;
}
