/**
 * `createServer(deps)`: builds a Pool Tuner MCP server with no side effects (no I/O until a client calls).
 * Tools live one per file in `tools/`; this file registers them and wraps every handler the same way:
 * run → redact secrets → cap the size → structuredContent (+ the same JSON as text), or `isError` with advice.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { invalidParamsMessage } from './invalid-params.ts';
import { TOOLS } from './tools/index.ts';
import { ToolError, type ToolContext, type ToolDef } from './tool.ts';
import { Roots } from './roots.ts';
import { ProposalStore } from './proposals.ts';
import { Redactor, secretValues } from './redact.ts';
import { stderrLogger, type Logger } from './logger.ts';
import type { MetricsAccess } from './metrics.ts';
import { MAX_INPUT_ELEMENTS, MAX_RESPONSE_CHARS } from './limits.ts';
import { registerResources } from './resources.ts';
import { registerPrompts } from './prompts.ts';

/** Tuner results remembered per server (the three propose_* tools share one search per pool and workspace state). */
const MEMO_ENTRIES = 16;

export interface ServerDeps {
  /** Files or folders the server may read (and, with allowWrite, change). Everything else is refused. */
  roots: readonly string[];
  /** Folder relative roots are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Metrics source chosen by the launcher (`--metrics FILE|live`); absent = config-only answers. */
  metrics?: MetricsAccess;
  /** Registers apply_proposal, the only tool that writes files. */
  allowWrite?: boolean;
  /** Where diagnostics go (default: stderr; stdout belongs to the protocol). */
  logger?: Logger;
  /** Extra tools, e.g. the benchmark's no-op baseline. */
  extraTools?: readonly ToolDef[];
  /** Folder holding the rule docs (`<id>.md`); default: the package's docs/rules. */
  ruleDocsDir?: string;
  version?: string;
}

export interface CreatedServer {
  server: McpServer;
  /** Closes the connection and forgets stored proposals. */
  cleanup(): Promise<void>;
}

/** Runs a tool definition as an MCP tool call. Exported for the resources, which reuse the tools' shaping. */
export type ToolRunner = (def: ToolDef, args: unknown) => Promise<CallToolResult>;

export function createServer(deps: ServerDeps): CreatedServer {
  const log = deps.logger ?? stderrLogger();
  const roots = new Roots(deps.roots, deps.cwd ?? process.cwd());
  const proposals = new ProposalStore();
  const memo = new Map<string, unknown>();
  let writes: Promise<unknown> = Promise.resolve();
  const server = new McpServer(
    { name: 'pool-tuner', title: 'Pool Tuner', version: deps.version ?? '0.1.0' },
    {
      maxToolInputElements: MAX_INPUT_ELEMENTS,
      instructions: 'Pool Tuner reviews and tunes Cloud Run worker pools that pull from Pub/Sub (CREMA/KEDA scaling). ' +
        'Start with list_pools, then analyze_pool or a propose_* tool. Proposals are diffs with an id; apply_proposal (when enabled) writes them.',
    },
  );

  const contextFor = (secrets: Redactor): ToolContext => ({
    roots,
    metrics: deps.metrics,
    proposals,
    log,
    memo: <T>(key: string, compute: () => T): T => {
      if (memo.has(key)) return memo.get(key) as T;
      const value = compute();
      memo.set(key, value);
      while (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
      return value;
    },
    exclusive: <T>(fn: () => Promise<T>): Promise<T> => {
      const next = writes.then(fn, fn);
      writes = next.catch(() => undefined);
      return next;
    },
    addSecrets: (values) => {
      secrets.add(values);
    },
    load: async (p) => {
      const loaded = await roots.load(p);
      secrets.add(await secretValues(loaded.ws));
      return loaded;
    },
  });

  const run: ToolRunner = async (def, args) => {
    const secrets = new Redactor();
    try {
      const out = secrets.deep(await def.run(def.input.parse(args) as never, contextFor(secrets)));
      const text = JSON.stringify(out);
      if (text.length > MAX_RESPONSE_CHARS) {
        return errorResult(`The ${def.name} result is ${Math.ceil(text.length / 1024)} KB, over the ${MAX_RESPONSE_CHARS / 1024} KB response limit. Narrow it: name a pool, pass a smaller limit, or page with cursor.`);
      }
      // Round-trip through JSON so structuredContent is exactly what a stdio client receives (no undefined members).
      return { content: [{ type: 'text', text }], structuredContent: JSON.parse(text) as Record<string, unknown> };
    } catch (err) {
      if (err instanceof ToolError) return errorResult(secrets.text(err.message));
      const message = err instanceof Error ? err.message : String(err);
      log.error(secrets.text(`${def.name}: ${err instanceof Error ? (err.stack ?? message) : message}`));
      return errorResult(secrets.text(`Internal error in ${def.name}: ${message}. This is a Pool Tuner bug; the server log (stderr) has details.`));
    }
  };

  for (const def of [...TOOLS, ...(deps.extraTools ?? [])]) {
    if (def.writes && !deps.allowWrite) continue;
    server.registerTool(def.name, {
      title: def.title,
      description: def.description,
      inputSchema: def.input,
      outputSchema: def.output,
      annotations: { title: def.title, ...def.annotations, openWorldHint: Boolean(def.usesMetrics && deps.metrics?.live) },
    }, (args: unknown) => run(def, args));
  }
  // tools/call is answered here rather than by McpServer's own handler, so that bad arguments are a JSON-RPC
  // -32602 error with one human line (the SDK turns them into an isError result holding a raw zod dump).
  const active = new Map([...TOOLS, ...(deps.extraTools ?? [])].filter((d) => !d.writes || deps.allowWrite).map((d) => [d.name, d]));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const def = active.get(request.params.name);
    if (!def) throw invalidParams(`Unknown tool '${request.params.name}'. Tools: ${[...active.keys()].join(', ')}.`);
    const args = request.params.arguments ?? {};
    if (countElements(args) > MAX_INPUT_ELEMENTS) {
      throw invalidParams(`Invalid arguments for ${def.name}: arguments contain more than the maximum of ${MAX_INPUT_ELEMENTS} elements.`);
    }
    const parsed = def.input.safeParse(args);
    if (!parsed.success) throw invalidParams(invalidParamsMessage(def.name, parsed.error));
    return run(def, parsed.data);
  });
  registerResources(server, { run, roots, metrics: deps.metrics, ruleDocsDir: deps.ruleDocsDir, log });
  registerPrompts(server, { roots });

  return {
    server,
    async cleanup() {
      await server.close();
      proposals.clear();
      memo.clear();
    },
  };
}

function errorResult(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}

/** Array items plus object members, counted the way the SDK's element cap counts them (stops once over the cap). */
function countElements(v: unknown, budget = MAX_INPUT_ELEMENTS + 1): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= budget) {
    const x = stack.pop();
    if (Array.isArray(x)) {
      n += x.length;
      stack.push(...x);
    } else if (x && typeof x === 'object') {
      const vals = Object.values(x);
      n += vals.length;
      stack.push(...vals);
    }
  }
  return n;
}

/** A JSON-RPC -32602 error whose message is exactly `message` (McpError would prefix "MCP error -32602:"). */
function invalidParams(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}
