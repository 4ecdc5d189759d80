/**
 * The shape of one MCP tool (one per file in `tools/`) and the context its handler gets. Handlers validate,
 * call the core, and shape the result; the server wraps them (redaction, size cap, isError).
 */
import type { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { LoadedWorkspace, Roots } from './roots.ts';
import type { ProposalStore } from './proposals.ts';
import type { MetricsAccess } from './metrics.ts';
import type { Logger } from './logger.ts';
import type { JobRequest, JobResult } from '../shared/node/jobs/protocol.ts';

/** An expected failure: the message says what was wrong and what would work. Becomes an `isError` result. */
export class ToolError extends Error {
  readonly code = 'TOOL_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}

export interface ToolContext {
  /** Loads the workspace (all roots, or one confined path) and remembers its secrets for redaction. */
  load(path?: string): Promise<LoadedWorkspace>;
  roots: Roots;
  metrics?: MetricsAccess;
  proposals: ProposalStore;
  log: Logger;
  /**
   * Per-server cache for expensive pure results (tuner searches, simulations, reviews): `key` must capture every
   * input (mcp-server/jobs.ts `inputKey`: file contents, settings, metrics). Least recently used entries are
   * evicted; a computation that fails (or is cancelled) is not kept.
   */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * Runs long work on the server's worker threads (shared/node/jobs), with this call's cancellation and progress
   * notifications (when the client sent a progressToken).
   */
  job<R extends JobRequest>(req: R): Promise<JobResult<R>>;
  /** Aborted when the client cancels this call (notifications/cancelled). */
  signal: AbortSignal;
  /** Runs `fn` alone among this server's writers (check-then-write must not interleave with another write). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Adds values that must never appear in this call's response. */
  addSecrets(values: Iterable<string>): void;
}

export interface ToolDef<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /** `openWorldHint` is set by the server: true only when the tool reads live metrics. */
  annotations: Omit<ToolAnnotations, 'openWorldHint' | 'title'>;
  /** Reads metrics (so it touches the outside world when metrics are live). */
  usesMetrics?: boolean;
  /** Registered only with --allow-write. */
  writes?: boolean;
  run(args: z.infer<I>, ctx: ToolContext): Promise<z.infer<O>>;
  /**
   * The text content beside structuredContent, when the full JSON would carry a large payload twice (default: the
   * same JSON). Clients that read only text get this summary; structuredContent always holds everything.
   */
  text?(out: z.infer<O>): unknown;
}

/** Identity helper that keeps the input/output types of a tool definition tied together. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(def: ToolDef<I, O>): ToolDef<I, O> {
  return def;
}
