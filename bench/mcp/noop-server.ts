/**
 * Bench-only stdio entry: the real server plus the no-op tool (through createServer's extraTools), bundled by
 * bench/mcp/run.ts with the same esbuild settings as dist/mcp-server.js. Usage: node <bundle> <root…>
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createServer } from '../../mcp-server/server.ts';
import { silentLogger } from '../../mcp-server/logger.ts';
import { noopTool } from './noop-tool.ts';

const { server } = createServer({ roots: process.argv.slice(2), logger: silentLogger, extraTools: [noopTool] });
server.connect(new StdioServerTransport()).catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
