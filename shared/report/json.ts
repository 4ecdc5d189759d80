/** JSON review output (documented in docs/output-formats.md). Versioned: bump `version` on breaking changes. */
import { z } from 'zod';
import { FindingSchema, type Finding } from '../rules/finding.ts';
import { RegionSchema } from './region-schema.ts';
import type { PositionMapper } from './format-position.ts';
import { docsUrl } from '../rules/types.ts';

export const ReviewJsonSchema = z.object({
  version: z.literal(1),
  findings: z.array(FindingSchema.extend({ region: RegionSchema, docsUrl: z.string() })),
  summary: z.object({ errors: z.number(), warnings: z.number(), infos: z.number(), fixable: z.number() }),
  skippedForMetrics: z.array(z.string()),
});
export type ReviewJson = z.infer<typeof ReviewJsonSchema>;

export function formatJson(findings: readonly Finding[], pos: PositionMapper, skippedForMetrics: string[] = []): string {
  const out: ReviewJson = {
    version: 1,
    findings: findings.map((f) => ({ ...f, region: pos.region(f.file, f.span), docsUrl: docsUrl(f.ruleId) })),
    summary: {
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
      fixable: findings.filter((f) => f.fix).length,
    },
    skippedForMetrics,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
