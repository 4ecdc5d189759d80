/** Loads a workspace for a command: files from paths (default "."), errors printed to stderr. */
import { loadSources } from '../shared/node/files.ts';
import { ensureHclParser } from '../shared/node/hcl-parser.ts';
import { parseWorkspace, type Workspace } from '../shared/config/workspace.ts';
import { PositionMapper } from '../shared/report/format-position.ts';
import { scanSecrets } from '../shared/node/secret-scan.ts';
import { errOut, outputRedactor } from './output.ts';

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
  outputRedactor.add(await scanSecrets(ws.files.values()));
  const pos = new PositionMapper((f) => ws.files.get(f)?.text ?? sources.find((s) => s.path === f)?.text);
  return { ws, pos, ioErrors: errors.length };
}
