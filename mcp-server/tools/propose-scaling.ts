import { defineTool } from '../tool.ts';
import { proposeAspect, proposeDescription, proposeInput, ProposalViewSchema } from './propose.ts';

export const proposeScalingTool = defineTool({
  name: 'propose_scaling',
  title: 'Propose scaling',
  description: proposeDescription('Proposes scaling for one pool: manual instance count, or CREMA/KEDA target backlog per instance, min/max replicas and scale-down stabilization, sized with concurrency against the pool\'s SLO at the lowest cost.'),
  input: proposeInput,
  output: ProposalViewSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  run: (args, ctx) => proposeAspect('scaling', args, ctx, 'propose_scaling'),
});
