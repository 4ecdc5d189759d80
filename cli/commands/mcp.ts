/** `pool-tuner mcp`: runs the MCP server (stdio, or Streamable HTTP on 127.0.0.1) over the given roots. */
import { print } from '../output.ts';
import { MCP_HELP, McpUsageError, parseMcpArgs } from '../../mcp-server/args.ts';
import { launch } from '../../mcp-server/launch.ts';
import { loadMetricsForCli } from '../metrics-source.ts';
import { UsageError, type Command } from '../usage.ts';

export const mcpCommand: Command = {
  name: 'mcp',
  summary: 'run the MCP server for AI assistants (stdio, or --http PORT on 127.0.0.1)',
  async run(argv) {
    try {
      const opts = parseMcpArgs(argv);
      if (opts.help) {
        print(MCP_HELP);
        return 0;
      }
      return await launch(opts, loadMetricsForCli, process.env['POOL_TUNER_VERSION']);
    } catch (err) {
      if (err instanceof McpUsageError) throw new UsageError(err.message);
      throw err;
    }
  },
};
