/**
 * Generates the checked-in JSON Schemas from their zod sources (zod is the single source of truth):
 * - schemas/pool-tuner.schema.json: `pool-tuner.yaml` (ProjectSettingsSchema), for editors and docs/settings.md;
 * - schemas/review-output.schema.json: `pool-tuner review --format json` (ReviewJsonSchema);
 * - schemas/proposal-record.schema.json and verify-output.schema.json: proposal records and `verify --format json`.
 * Usage: `npm run schemas` (write) or `npm run schemas -- --check` (exit 1 when a checked-in copy is stale).
 * test/report/schemas.test.ts runs the same comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ProjectSettingsSchema } from '../shared/config/settings-schema.ts';
import { ReviewJsonSchema } from '../shared/report/json.ts';
import { ProposalRecordSchema, VerifyOutputSchema } from '../shared/verify/schema.ts';
import { repositoryFileUrl } from '../shared/product.ts';

const BASE = repositoryFileUrl('schemas');

/** Draft-07: the newest draft that yaml-language-server and most editors fully support. */
function toSchema(schema: z.ZodType, id: string, title: string, description: string, io: 'input' | 'output'): string {
  const generated = z.toJSONSchema(schema, { target: 'draft-7', io }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return JSON.stringify({ $schema, $id: `${BASE}/${id}`, title, description, ...rest }, null, 2) + '\n';
}

/** Every generated schema: path → text. */
export function generatedSchemas(): Map<string, string> {
  return new Map([
    ['schemas/pool-tuner.schema.json', toSchema(ProjectSettingsSchema, 'pool-tuner.schema.json', 'Pool Tuner settings (pool-tuner.yaml)',
      'Project settings for Pool Tuner: per-pool SLOs, limits and explicit links that the Cloud Run, CREMA/KEDA and Pub/Sub configs cannot express. See docs/settings.md.', 'input')],
    ['schemas/review-output.schema.json', toSchema(ReviewJsonSchema, 'review-output.schema.json', 'Pool Tuner review output (--format json)',
      'What `pool-tuner review --format json` prints. `version` changes only on breaking changes. See docs/output-formats.md.', 'output')],
    ['schemas/proposal-record.schema.json', toSchema(ProposalRecordSchema, 'proposal-record.schema.json', 'Pool Tuner proposal record (.pool-tuner/proposals/<id>.json)',
      'What Pool Tuner predicted when a proposal was applied: settings before and after, predicted bands, the workload it was tuned on. See docs/proposal-records.md.', 'output')],
    ['schemas/verify-output.schema.json', toSchema(VerifyOutputSchema, 'verify-output.schema.json', 'Pool Tuner verify output (--format json)',
      'What `pool-tuner verify --format json` prints. `version` changes only on breaking changes. See docs/verify.md.', 'output')],
  ]);
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  let stale = 0;
  for (const [file, text] of generatedSchemas()) {
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) {
      process.stderr.write(`${file} is stale: run npm run schemas\n`);
      stale++;
    } else {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${file}\n`);
    }
  }
  return stale ? 1 : 0;
}

// Run only when executed (tsx scripts/gen-schemas.ts), not when a test imports generatedSchemas().
if (/gen-schemas\.ts$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
