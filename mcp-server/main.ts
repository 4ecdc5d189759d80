/**
 * Standalone entry (bundled to dist/mcp-server.js): `node dist/mcp-server.js [--root DIR…] [--metrics FILE|live]
 * [--allow-write] [--http PORT]`. Same options as `pool-tuner mcp`.
 */
import { loadMetricsForCli } from '../cli/metrics-source.ts';
import { MCP_HELP, McpUsageError, parseMcpArgs } from './args.ts';
import { launch } from './launch.ts';

async function main(argv: string[]): Promise<number> {
  const opts = parseMcpArgs(argv);
  if (opts.help) {
    process.stdout.write(MCP_HELP);
    return 0;
  }
  return launch(opts, loadMetricsForCli, process.env['POOL_TUNER_VERSION']);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`pool-tuner mcp: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof McpUsageError ? 2 : 1;
  },
);
