/**
 * Generates schemas/metrics-snapshot.schema.json from the snapshot's zod schema (shared/metrics/snapshot-schema.ts,
 * the single source of truth). Usage: `npx tsx scripts/gen-snapshot-schema.ts` (write) or `… --check` (exit 1 when
 * the checked-in copy is stale). test/metrics/snapshot-schema.test.ts runs the same comparison.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { MetricsSnapshotSchema } from '../shared/metrics/snapshot-schema.ts';
import { repositoryFileUrl } from '../shared/product.ts';

export const SNAPSHOT_SCHEMA_FILE = 'schemas/metrics-snapshot.schema.json';
const ID = repositoryFileUrl('schemas/metrics-snapshot.schema.json');

/** Draft-07 like the other generated schemas (editors support it fully). */
export function snapshotJsonSchema(): string {
  const generated = z.toJSONSchema(MetricsSnapshotSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({
    $schema, $id: ID, title: 'Pool Tuner metrics snapshot',
    description: 'Per-pool and per-subscription metric series at a fixed 60 s step; null = no data. See docs/metrics-snapshot.md.',
    ...rest,
  }, null, 2)}\n`;
}

function main(argv: string[]): number {
  const text = snapshotJsonSchema();
  let current: string | undefined;
  try {
    current = readFileSync(SNAPSHOT_SCHEMA_FILE, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return 0;
  if (argv.includes('--check')) {
    process.stderr.write(`${SNAPSHOT_SCHEMA_FILE} is stale: run npx tsx scripts/gen-snapshot-schema.ts\n`);
    return 1;
  }
  writeFileSync(SNAPSHOT_SCHEMA_FILE, text);
  process.stdout.write(`wrote ${SNAPSHOT_SCHEMA_FILE}\n`);
  return 0;
}

if (/gen-snapshot-schema\.ts$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv.slice(2));
