/**
 * Fixtures of the `traffic-drift` rule (test/fixtures/rules/traffic-drift/), from the verify example: the
 * orders-worker config as its proposal record applied it (one multi-document file), the record itself
 * (records.json), and per case the recording the rule runs with:
 * - fail.tripled-orders: examples/metrics/after.json (orders ×3, produced by the model): drift, SLO missed → finding;
 * - pass.same-traffic: the recording the proposal was tuned on (examples/metrics/snapshot.json, this pool only);
 * - pass.no-record: after.json again, but no record (an empty records file): nothing to compare against.
 * Usage: `npx tsx scripts/gen-drift-fixtures.ts` (after `npx tsx scripts/gen-verify-example.ts`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSources } from '../shared/node/files.ts';
import { parseWorkspace } from '../shared/config/workspace.ts';
import { appliedConfig } from '../shared/verify/drift.ts';
import { RECORDS_DIR } from '../shared/verify/record.ts';
import { ProposalRecordSchema } from '../shared/verify/schema.ts';

const OUT = 'test/fixtures/rules/traffic-drift';
const POOL = 'orders-worker';

async function main(): Promise<void> {
  const dir = path.join('examples', ...RECORDS_DIR.split('/'));
  const name = readdirSync(dir).find((n) => n.endsWith('.json'))!;
  const record = ProposalRecordSchema.parse(JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
  const { sources } = await loadSources(['examples']);
  const ws = parseWorkspace(sources);
  const applied = appliedConfig(ws, ws.pools.find((p) => p.name === POOL)!, record);
  const text = (f: string) => applied.ws.files.get(f)!.text.trimEnd();
  const settings = [
    'apiVersion: pool-tuner/v1',
    'kind: PoolTunerSettings',
    ...text('examples/pool-tuner.yaml').split('\n').filter((l) => /^(project|region|priceTier):/.test(l)),
    'pools:',
    ...sliceBlock(text('examples/pool-tuner.yaml'), `  ${POOL}:`),
  ].join('\n');
  const yaml = (expect: string) => [
    ...(expect ? [`# expect: ${expect}`] : []),
    `# ${POOL} as ${record.id} applied it (scripts/gen-drift-fixtures.ts, from the verify example).`,
    settings, '---', text('examples/orders/worker-pool.yaml'), '---', text('examples/orders/crema.yaml'), '---', text('examples/orders/subscription.yaml'), '',
  ].join('\n');
  const tunedOn = JSON.parse(readFileSync('examples/metrics/snapshot.json', 'utf8')) as { pools: Record<string, unknown>; subscriptions: Record<string, unknown> };
  tunedOn.pools = { [POOL]: tunedOn.pools[POOL] };
  tunedOn.subscriptions = { 'orders-sub': tunedOn.subscriptions['orders-sub'] };
  const write = (f: string, t: string) => writeFileSync(path.join(OUT, f), t);
  write('records.json', `${JSON.stringify([record], null, 2)}\n`);
  const failYaml = yaml('21:9');
  write('fail.tripled-orders.yaml', failYaml);
  write('fail.tripled-orders.snapshot.json', readFileSync('examples/metrics/after.json', 'utf8'));
  write('pass.same-traffic.yaml', yaml(''));
  write('pass.same-traffic.snapshot.json', `${JSON.stringify(tunedOn)}\n`);
  write('pass.no-record.yaml', yaml(''));
  write('pass.no-record.snapshot.json', readFileSync('examples/metrics/after.json', 'utf8'));
  write('pass.no-record.records.json', '[]\n');
}

/** The lines of the block that starts at `header` (deeper-indented lines after it). */
function sliceBlock(text: string, header: string): string[] {
  const lines = text.split('\n');
  const i = lines.indexOf(lines.find((l) => l.startsWith(header))!);
  const indent = header.length - header.trimStart().length;
  const out = [lines[i]!];
  for (const l of lines.slice(i + 1)) {
    if (l.trim() && l.length - l.trimStart().length <= indent) break;
    out.push(l);
  }
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
