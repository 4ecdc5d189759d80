import { defineTool } from '../tool.ts';
import { proposeAspect, proposeDescription, proposeInput, ProposalViewSchema } from './propose.ts';

export const proposeDlqTool = defineTool({
  name: 'propose_dlq',
  title: 'Propose dead-lettering',
  description: proposeDescription('Proposes the subscription\'s delivery policy for one pool: dead-letter topic, max delivery attempts, retry backoff and ack deadline.'),
  input: proposeInput,
  output: ProposalViewSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  usesMetrics: true,
  run: (args, ctx) => proposeAspect('dlq', args, ctx, 'propose_dlq'),
});
