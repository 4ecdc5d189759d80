/**
 * The shape of the scaling-mode comparison in a proposal (zod is the source of truth; docs/tune-output.md):
 * manual, CREMA on queue depth and Cloud Run CPU autoscaling, each at its cheapest robust settings, and the mode
 * recommended with the reason.
 */
import { z } from 'zod';

export const ScalingModeSchema = z.enum(['manual', 'crema', 'cpu']);
export type ScalingMode = z.infer<typeof ScalingModeSchema>;

export const ModeOptionSchema = z.object({
  mode: ScalingModeSchema,
  current: z.boolean().describe('The pool is scaled this way today'),
  settings: z.string().describe('The settings, in words (e.g. "CPU target 60%, min 2, max 100")'),
  cpu: z.object({
    targetUtilization: z.number(), minInstances: z.number().int(), maxInstances: z.number().int(),
  }).optional().describe('CPU autoscaling settings (mode cpu)'),
  assessed: z.boolean().describe('false when the mode could not be simulated (see note)'),
  costUsdPerMonth: z.number().optional().describe('On the screening replay'),
  queueWaitP95Sec: z.number().optional().describe('On the screening replay'),
  sloMetShare: z.number().min(0).max(1).optional().describe('Share of the replays on which the SLO held'),
  meetsSlo: z.boolean().describe('SLO held on at least the required share of replays'),
  note: z.string().optional(),
});
export type ModeOption = z.infer<typeof ModeOptionSchema>;

export const ModeComparisonSchema = z.object({
  options: z.array(ModeOptionSchema),
  recommended: ScalingModeSchema,
  why: z.string().describe('Why this mode, with the numbers'),
  fullInstanceCpu: z.number().optional().describe('CPU utilisation of an instance with every slot working, 0-1 (capped at 1): what the CPU autoscaler can see of a backlog'),
}).describe('Scaling modes compared on the same replays: manual, CREMA (queue depth), Cloud Run CPU autoscaling');
export type ModeComparison = z.infer<typeof ModeComparisonSchema>;
