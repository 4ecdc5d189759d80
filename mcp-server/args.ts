/** Command-line options of the MCP server, shared by `pool-tuner mcp` and the standalone dist/mcp-server.js. */
import { parseArgs } from 'node:util';

export const MCP_HELP = `Usage: pool-tuner mcp [--root DIR…] [--metrics FILE|live] [--allow-write] [--http PORT]

Runs the Pool Tuner MCP server on stdio (default) or Streamable HTTP on 127.0.0.1.

Options:
  --root <dir>      folder or file the server may read; repeat for several (default: the current folder)
  --metrics <m>     a metrics snapshot file, or 'live' for Cloud Monitoring
  --allow-write     register apply_proposal (writes proposals to files inside the roots)
  --http <port>     serve Streamable HTTP at http://127.0.0.1:<port>/mcp instead of stdio (0 = any free port)
  --session-idle-minutes <n>  close an HTTP session after n minutes without a request (default 30)
Logs go to stderr; stdout carries only the protocol.
`;

export interface McpOptions {
  roots: string[];
  metricsSpec?: string;
  allowWrite: boolean;
  httpPort?: number;
  /** HTTP sessions unused this long are closed (minutes). */
  sessionIdleMinutes?: number;
  help: boolean;
}

export class McpUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpUsageError';
  }
}

export function parseMcpArgs(argv: string[]): McpOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        root: { type: 'string', multiple: true },
        metrics: { type: 'string' },
        'allow-write': { type: 'boolean' },
        http: { type: 'string' },
        'session-idle-minutes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new McpUsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  let httpPort: number | undefined;
  if (v.http !== undefined) {
    httpPort = Number(v.http);
    if (!/^\d+$/.test(v.http) || httpPort > 65535) throw new McpUsageError(`--http needs a port number 0-65535 (got '${v.http}')`);
  }
  if (v.metrics !== undefined && v.metrics.trim() === '') throw new McpUsageError('--metrics needs a snapshot file path or \'live\'');
  let sessionIdleMinutes: number | undefined;
  if (v['session-idle-minutes'] !== undefined) {
    sessionIdleMinutes = Number(v['session-idle-minutes']);
    if (!(sessionIdleMinutes > 0 && sessionIdleMinutes <= 24 * 60)) throw new McpUsageError(`--session-idle-minutes needs minutes from 0 to 1440, above 0 (got '${v['session-idle-minutes']}')`);
  }
  return { roots: v.root?.length ? v.root : ['.'], metricsSpec: v.metrics, allowWrite: v['allow-write'] === true, httpPort, sessionIdleMinutes, help: v.help === true };
}
