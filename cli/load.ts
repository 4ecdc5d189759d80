/** Loads a workspace for a command: files from paths (default "."), errors printed to stderr. */
import { loadSources } from '../shared/node/files.ts';
import { ensureHclParser } from '../shared/node/hcl-parser.ts';
import { parseWorkspace, type Workspace } from '../shared/config/workspace.ts';
import { PositionMapper } from '../shared/report/format-position.ts';
import { defaultCacheDir, scanSecrets, SecretScanCache } from '../shared/node/secret-scan.ts';
import { collectEnvSecrets } from '../shared/secrets/collect.ts';
import { errOut, outputRedactor } from './output.ts';
import { nothingRecognised, nothingRecognisedMessage } from '../shared/config/recognised.ts';
import { poolInputErrors, refusalMessage, type InputError } from '../shared/config/input-errors.ts';
import type { Pool } from '../shared/config/model.ts';

export interface Loaded {
  ws: Workspace;
  pos: PositionMapper;
  ioErrors: number;
}

export async function loadWorkspace(paths: string[]): Promise<Loaded> {
  const { sources, errors } = await loadSources(paths.length ? paths : ['.']);
  for (const e of errors) errOut(`pool-tuner: ${e.message}\n`);
  if (sources.some((s) => s.path.endsWith('.tf'))) await ensureHclParser();
  const ws = parseWorkspace(sources);
  // Everything printed from here on withholds this workspace's credentials (cli/output.ts).
  // secretlint's findings are cached on disk per file content (offsets only), so a second run lints only changed files.
  const cache = new SecretScanCache(defaultCacheDir());
  outputRedactor.add(await scanSecrets(ws.files.values(), cache)).add(collectEnvSecrets(ws));
  await cache.save().catch(() => undefined); // a read-only home only costs the next run the lint
  const pos = new PositionMapper((f) => ws.files.get(f)?.text ?? sources.find((s) => s.path === f)?.text);
  return { ws, pos, ioErrors: errors.length };
}

/**
 * When nothing in the workspace was recognised: prints "no pool configs found in X (looked for …)" to stderr and
 * returns true, so the command says so instead of "No problems found." or an empty report.
 */
export function reportNothingRecognised(ws: Workspace, paths: readonly string[]): boolean {
  if (!nothingRecognised(ws)) return false;
  errOut(`pool-tuner: ${nothingRecognisedMessage((paths.length ? paths : ['.']).join(', '))}\n`);
  return true;
}

/**
 * The pools of `pools` whose own documents hold invalid input (a negative count, a non-numeric concurrency): each
 * error printed to stderr with its file, line and field, so the command refuses to compute with it (exit 2).
 */
export function refuseInvalidPools(ws: Workspace, pools: readonly Pool[], command: string): InputError[] {
  const errors = pools.flatMap((p) => poolInputErrors(ws, p));
  if (errors.length) errOut(`${refusalMessage(`pool-tuner ${command}`, errors)}\n`);
  return errors;
}
