/**
 * stdio transport (newline-delimited JSON-RPC, as the SDK's StdioServerTransport) that answers what that one drops
 * silently: a line that is not JSON gets -32700 Parse error, a JSON-RPC batch (an array; MCP 2025-06-18 removed
 * batching) and anything that is not a JSON-RPC 2.0 message get -32600 Invalid Request. stdout carries only these
 * messages.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Longest line buffered while waiting for its newline; longer input is refused (and dropped) as a parse error. */
const MAX_LINE_CHARS = 4 * 1024 * 1024;

// Structurally an SDK Transport (the type lives under the SDK's shared/, which the import check keeps adapters out of).
export class LineStdioTransport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private buffer = '';
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;

  constructor(private readonly input: Readable = process.stdin, private readonly output: Writable = process.stdout) {}

  private readonly onData = (chunk: Buffer | string): void => {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.handleLine(line);
    }
    if (this.buffer.length > MAX_LINE_CHARS) {
      this.buffer = '';
      this.refuse(null, -32700, `Parse error: a message longer than ${MAX_LINE_CHARS} characters without a newline`);
    }
  };

  private readonly onEnd = (): void => {
    void this.close();
  };

  private readonly onStreamError = (err: Error): void => {
    this.onerror?.(err);
  };

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.on('error', this.onStreamError);
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.refuse(null, -32700, 'Parse error: the line is not valid JSON (send one JSON-RPC message per line)');
      return;
    }
    if (Array.isArray(raw)) {
      this.refuse(null, -32600, 'Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them); send one message per line');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = raw && typeof raw === 'object' && 'id' in raw && (typeof raw.id === 'string' || typeof raw.id === 'number') ? raw.id : null;
      this.refuse(id, -32600, 'Invalid Request: not a JSON-RPC 2.0 request, notification or response');
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private refuse(id: string | number | null, code: number, message: string): void {
    void this.write({ jsonrpc: '2.0', id, error: { code, message } });
  }

  private write(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.output.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.input.off('error', this.onStreamError);
    if (this.input.listenerCount('data') === 0) this.input.pause();
    this.onclose?.();
  }
}
