/**
 * Starts the server for real: stdio (default) or Streamable HTTP bound to 127.0.0.1 only. Returns when the
 * client disconnects (stdio) or on SIGINT/SIGTERM. This is the only file with process-level side effects.
 */
import { promises as fs } from 'node:fs';
import { LineStdioTransport } from './stdio.ts';
import { startHttp } from './http.ts';
import { createServer, type ServerDeps } from './server.ts';
import { McpUsageError, type McpOptions } from './args.ts';
import { cachedMetrics, type MetricsLoader } from './metrics-cache.ts';
import { stderrLogger } from './logger.ts';


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
  return opts.httpPort === undefined ? runStdio(deps, log, what) : runHttp(deps, opts.httpPort, opts.sessionIdleMinutes, log, what);
}

async function runStdio(deps: ServerDeps, log: ReturnType<typeof stderrLogger>, what: string): Promise<number> {
  const { server, cleanup } = createServer(deps);
  const transport = new LineStdioTransport();
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

async function runHttp(deps: ServerDeps, port: number, idleMinutes: number | undefined, log: ReturnType<typeof stderrLogger>, what: string): Promise<number> {
  const handle = await startHttp(deps, { port, idleMinutes }, log);
  log.info(`ready on http://127.0.0.1:${handle.port}/mcp (${what})`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await handle.close();
  return 0;
}
