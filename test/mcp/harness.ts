/**
 * A real MCP client talking to `createServer` over the SDK's in-memory transport pair, plus helpers to check
 * results against the schemas the server lists (what any third-party client sees).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Ajv } from 'ajv';
import { createServer, type ServerDeps } from '../../mcp-server/server.ts';
import { silentLogger } from '../../mcp-server/logger.ts';

export const EXAMPLES = path.resolve('examples');
/** The plain secret value in examples/orders/worker-pool.yaml (PAYMENTS_API_KEY). */
export const EXAMPLE_SECRET = 'sk_live_51Hc0ffee';

export interface Connected {
  client: Client;
  close(): Promise<void>;
  /** Every tool result this client received, for the no-secret-leak sweep. */
  seen: unknown[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
}

export async function connect(deps: Partial<ServerDeps> = {}): Promise<Connected> {
  const { server, cleanup } = createServer({ roots: [EXAMPLES], logger: silentLogger, ...deps });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'pool-tuner-test', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const seen: unknown[] = [];
  return {
    client,
    seen,
    async call(name, args = {}) {
      let r: CallToolResult;
      try {
        r = (await client.callTool({ name, arguments: args })) as CallToolResult;
      } catch (err) {
        // Bad arguments are a JSON-RPC error (-32602), not a result: keep them comparable with isError results.
        if (!(err instanceof McpError)) throw err;
        r = { isError: true, content: [{ type: 'text', text: err.message }], _meta: { jsonRpcCode: err.code } };
      }
      seen.push(r);
      return r;
    },
    async close() {
      await client.close();
      await cleanup();
    },
  };
}

/** Validates structuredContent against the output schema the server lists for the tool (JSON Schema, via ajv). */
export async function validatorFor(client: Client): Promise<(name: string, value: unknown) => string | undefined> {
  const { tools } = await client.listTools();
  const ajv = new Ajv({ strict: false, allErrors: true });
  const compiled = new Map(tools.map((t) => [t.name, t.outputSchema ? ajv.compile(t.outputSchema) : undefined]));
  return (name, value) => {
    const v = compiled.get(name);
    if (!v) return `tool ${name} has no output schema`;
    return v(value) ? undefined : ajv.errorsText(v.errors);
  };
}

export function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/** A private copy of the examples (for tests that write or add symlinks). */
export function copyExamples(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-mcp-'));
  cpSync(EXAMPLES, path.join(dir, 'examples'), { recursive: true });
  return { dir: path.join(dir, 'examples'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
