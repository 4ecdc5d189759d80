/**
 * Generates examples/observe/: what `pool-tuner observe` writes for the three example pools with the example
 * snapshot: the gcloud JSON of the YAML project (json/<pool>/alert-<kind>.json, dashboard.json), the Terraform of the
 * Terraform project (terraform/pool-tuner-observe.tf, as written beside examples-terraform/) and the report
 * (observe.md). Usage: `npx tsx scripts/gen-observe-examples.ts` (write) or `--check` (exit 1 when stale).
 * test/observe/examples.test.ts runs the same comparison.
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace, type Workspace } from '../shared/config/workspace.ts';
import { snapshotViewFromText } from '../shared/metrics/view.ts';
import { loadSources } from '../shared/node/files.ts';
import { loadHclParser } from '../shared/node/hcl-parser.ts';
import { jsonFiles, markdownFiles, terraformFiles, type OutFile } from '../shared/observe/files.ts';
import { observeWorkspace } from '../shared/observe/run.ts';
import type { ObserveOutput } from '../shared/observe/schema.ts';
import { arrivalSeriesOf } from '../shared/tune/workload.ts';

export const SNAPSHOT = 'examples/metrics/snapshot.json';
export const OUT = 'examples/observe';

export interface ExampleRun {
  yaml: { ws: Workspace; out: ObserveOutput };
  terraform: { ws: Workspace; out: ObserveOutput };
  files: OutFile[];
}

async function observeDir(dir: string): Promise<{ ws: Workspace; out: ObserveOutput }> {
  const { sources } = await loadSources([dir]);
  const ws = parseWorkspace(sources, { hcl: await loadHclParser() });
  const metrics = snapshotViewFromText(readFileSync(SNAPSHOT, 'utf8'), SNAPSHOT, ws);
  return { ws, out: observeWorkspace(ws, { metrics, arrivalSeries: arrivalSeriesOf(metrics) }) };
}

export async function observeExamples(): Promise<ExampleRun> {
  const yaml = await observeDir('examples');
  const terraform = await observeDir('examples-terraform');
  const files = [
    ...jsonFiles(yaml.out, `${OUT}/json`),
    ...terraformFiles(terraform.out, terraform.ws, `${OUT}/terraform`),
    ...markdownFiles(yaml.out, OUT),
  ];
  return { yaml, terraform, files };
}

async function main(): Promise<void> {
  const { files } = await observeExamples();
  let stale = 0;
  for (const f of files) {
    let old: string | undefined;
    try {
      old = readFileSync(f.path, 'utf8');
    } catch {
      old = undefined;
    }
    if (old === f.text) continue;
    stale++;
    if (process.argv.includes('--check')) process.stderr.write(`stale: ${f.path}\n`);
    else {
      mkdirSync(path.dirname(f.path), { recursive: true });
      writeFileSync(f.path, f.text);
      process.stderr.write(`wrote ${f.path}\n`);
    }
  }
  if (process.argv.includes('--check') && stale) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('scripts/gen-observe-examples.ts')) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  });
}
