/** Findings: what a rule reports. Data, not exceptions; positions are spans (offsets) into the file text. */
import { z } from 'zod';
import { SpanSchema } from '../config/span.ts';
import { TextEditSchema } from '../config/edits.ts';
import { SeveritySchema } from '../config/settings-schema.ts';

export const FixSchema = z.object({
  title: z.string().describe('What the change does and, for suggestions, why this value'),
  edits: z.array(TextEditSchema),
});
export type Fix = z.infer<typeof FixSchema>;

export const FindingSchema = z.object({
  ruleId: z.string().describe('Rule id (kebab-case; also the docs page name)'),
  severity: SeveritySchema,
  message: z.string(),
  file: z.string(),
  span: SpanSchema,
  pool: z.string().optional().describe('Pool the finding belongs to, when known'),
  fix: FixSchema.optional().describe('Meaning-preserving change; safe to apply in bulk'),
  suggestions: z.array(FixSchema).optional().describe('Behaviour changes; offered one at a time, never bulk-applied'),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional()
    .describe('The numbers behind the message, for tests and tools'),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A finding before the engine stamps the rule id and effective severity on it. */
export type RawFinding = Omit<Finding, 'ruleId' | 'severity'> & { severity?: Finding['severity'] };
