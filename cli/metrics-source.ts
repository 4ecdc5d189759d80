/**
 * Resolves `--metrics FILE|live` into a MetricsView: a snapshot file is read and validated (errors name the pool
 * and field); `live` records from Cloud Monitoring first (project and region from pool-tuner.yaml or the
 * environment), with the client loaded only then. Warnings (pools the snapshot and the config disagree on,
 * partial metrics) go to stderr.
 */
import { errOut } from './output.ts';
import { readFile } from 'node:fs/promises';
import type { Workspace } from '../shared/config/workspace.ts';
import type { MetricsView } from '../shared/metrics/figures.ts';
import { loadSnapshot, type SnapshotProblem } from '../shared/metrics/load-snapshot.ts';
import { metricsViewFromSnapshot, type SnapshotView } from '../shared/metrics/view.ts';
import { UsageError } from './usage.ts';

export async function loadMetricsForCli(spec: string, ws: Workspace): Promise<MetricsView | undefined> {
  const view = spec === 'live' ? await liveView(ws) : await snapshotFile(spec, ws);
  printWarnings(view.warnings);
  return view;
}

/** Reads and validates a snapshot file into a view; a missing or invalid file is a usage error (exit 2). */
export async function snapshotFile(file: string, ws: Workspace): Promise<SnapshotView> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--metrics ${file}: ${code === 'ENOENT' ? 'no such file (record one with `pool-tuner metrics record`, or pass live)' : err instanceof Error ? err.message : String(err)}`);
  }
  return viewFromText(text, file, ws);
}

export function viewFromText(text: string, source: string, ws: Workspace): SnapshotView {
  const loaded = loadSnapshot(text);
  if (!loaded.ok) {
    const shown = loaded.errors.slice(0, 10).map((e) => `  ${e.message}`).join('\n');
    const more = loaded.errors.length > 10 ? `\n  … and ${loaded.errors.length - 10} more` : '';
    throw new UsageError(`${source} is not a valid metrics snapshot:\n${shown}${more}`);
  }
  return metricsViewFromSnapshot(loaded.snapshot, loaded.lengthSteps, ws, source, loaded.warnings);
}

async function liveView(ws: Workspace): Promise<SnapshotView> {
  const project = ws.settings?.settings.project ?? process.env['GOOGLE_CLOUD_PROJECT'];
  if (!project) throw new UsageError('--metrics live needs a project: set `project` in pool-tuner.yaml or GOOGLE_CLOUD_PROJECT');
  const { recordLive } = await import('./commands/metrics.ts');
  const text = await recordLive({ project, windowSec: 86400, ws, progress: (m) => errOut(`${m}\n`) });
  return viewFromText(text, `live: ${project}`, ws);
}

function printWarnings(warnings: readonly SnapshotProblem[]): void {
  for (const w of warnings) errOut(`pool-tuner: metrics: ${w.message}\n`);
}
