/** The benchmark's baseline tool: validates an empty input and returns a constant through the same wrapper as every tool. */
import { z } from 'zod';
import { defineTool, type ToolDef } from '../../mcp-server/tool.ts';

export const noopTool = defineTool({
  name: 'bench_noop',
  title: 'No-op',
  description: 'Returns at once (benchmark baseline).',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  run: async () => ({ ok: true }),
}) as unknown as ToolDef;
