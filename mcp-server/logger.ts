/** Logging for the MCP server: stdout belongs to the protocol, so everything goes to stderr (or a given sink). */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export function stderrLogger(prefix = 'pool-tuner mcp'): Logger {
  return {
    info: (m) => process.stderr.write(`${prefix}: ${m}\n`),
    error: (m) => process.stderr.write(`${prefix}: error: ${m}\n`),
  };
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
