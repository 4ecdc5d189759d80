/**
 * What identification (identify.ts) found in a pool's recording: the hidden parameters the pool model runs on,
 * each with its basis (declared, inferred from the recording, overridden in pool-tuner.yaml, or taken as recorded)
 * and the evidence, in words with the numbers. The one shape for tune's JSON, the MCP tools and the editor.
 */
import { z } from 'zod';

export const ParameterBasisSchema = z.enum(['declared', 'inferred', 'override', 'recorded', 'assumed'])
  .describe('declared: pool-tuner.yaml says so; inferred: fitted to the recording; override: pools.<name>.model in pool-tuner.yaml; recorded: the recorded figure taken at face value; assumed: a default');

export const IdentificationSchema = z.object({
  minutes: z.object({
    used: z.number().int().describe('Recorded minutes with acks and processing percentiles'),
    calm: z.number().int().describe('Minutes the pool was not saturated (low occupancy, no queue beyond what is in flight): intrinsic service time comes from these'),
    pressed: z.number().int().describe('Minutes with a queue well beyond what is in flight (the pool ran flat out)'),
  }),
  serviceTime: z.object({
    p50Sec: z.number(), p95Sec: z.number(), p99Sec: z.number(), meanSec: z.number(),
    basis: ParameterBasisSchema,
    recordedP50Sec: z.number().optional().describe('The whole recording\'s median processing time, for comparison'),
    recordedP99Sec: z.number().optional(),
    evidence: z.string(),
  }).describe('Intrinsic processing time: the work itself, without waiting for a throttled downstream or a saturated CPU'),
  stretch: z.object({
    kind: z.enum(['none', 'throttle', 'cpu', 'capacity']).describe('How processing behaved when the pool was pressed: none (no pressed minutes), throttle (calls waited for a downstream limit inside their slots), cpu (processor sharing above CPU saturation), capacity (slots full, processing unchanged)'),
    factor: z.number().describe('Median recorded ÷ intrinsic processing time over the pressed minutes (1 = no stretch)'),
    evidence: z.string(),
  }),
  downstreamLimit: z.object({
    perSec: z.number().describe('The ceiling the model uses, msg/s across the pool'),
    basis: ParameterBasisSchema,
    plateauPerSec: z.number().optional().describe('The throughput plateau the recording shows, when it shows one'),
    evidence: z.string(),
  }).optional().describe('The effective downstream ceiling: declared, or inferred when throughput plateaued while the backlog grew'),
  mixture: z.object({
    heavyShare: z.number().describe('Share of messages in the heavy mode, 0-1'),
    heavyFactor: z.number().describe('Heavy median ÷ light median'),
    basis: ParameterBasisSchema,
    evidence: z.string(),
  }).optional().describe('Mixed work: two modes of processing time (a few heavy messages among light ones)'),
  startupSec: z.object({ value: z.number(), basis: ParameterBasisSchema, evidence: z.string() }).optional()
    .describe('Instance start-up time: declared, or fitted from how throughput followed the instance count'),
  scalerLagSec: z.object({ value: z.number(), basis: ParameterBasisSchema, evidence: z.string() }).optional()
    .describe('How long after the backlog rose the instance count followed (metric delay + polling), from the instance series'),
  notes: z.array(z.string()).describe('What the fit could not tell, and what measurement would settle it'),
}).describe('The pool identified from its recording before any search: every figure and proposal runs on these parameters');
export type Identification = z.infer<typeof IdentificationSchema>;

/** pools.<name>.model in pool-tuner.yaml: overrides of what identification infers. */
export const ModelOverridesSchema = z.object({
  processingP50Sec: z.number().positive().optional().describe('Intrinsic median processing time, seconds (overrides the fit)'),
  processingP99Sec: z.number().positive().optional().describe('Intrinsic 99th percentile processing time, seconds (with processingP50Sec)'),
  inferDownstreamLimit: z.boolean().optional().describe('false: never infer a downstream limit from a throughput plateau (default true)'),
  heavyShare: z.number().min(0).max(0.5).optional().describe('Share of heavy messages (0 = no mixture; overrides the fit)'),
  heavyFactor: z.number().min(1).optional().describe('Heavy median ÷ light median (with heavyShare)'),
  scalerLagSec: z.number().nonnegative().optional().describe('Backlog → instance count lag, seconds (metric delay + polling). Set, it drives the simulated scaler (metric delay = lag − half the polling interval); the fitted lag is only shown'),
  heavyAttribute: z.string().min(1).optional().describe('The message attribute that marks heavy messages, for the split-pool advice (e.g. attributes.kind = "video")'),
}).strict().describe('Overrides of the parameters identified from the recording (tune prints each with its evidence)');
export type ModelOverrides = z.infer<typeof ModelOverridesSchema>;
