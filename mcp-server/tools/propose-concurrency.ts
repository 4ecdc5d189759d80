import { defineTool } from '../tool.ts';
import { proposeAspect, proposeDescription, proposeInput, ProposalViewSchema } from './propose.ts';

export const proposeConcurrencyTool = defineTool({
  name: 'propose_concurrency',
  title: 'Propose concurrency',
  description: proposeDescription('Proposes per-instance concurrency (the client\'s max outstanding messages) for one pool, bounded by CPU, memory, GPU and downstream limits.'),
  input: proposeInput,
  output: ProposalViewSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  run: (args, ctx) => proposeAspect('concurrency', args, ctx, 'propose_concurrency'),
});
