/** Test helper: loads a folder (YAML and Terraform) with the real wasm parser, as the CLI does. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseWorkspace, type Workspace } from '../../shared/config/workspace.ts';
import { loadHclParser } from '../../shared/node/hcl-parser.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';

export function configFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'metrics' || n === 'traces' ? [] : configFiles(p);
    return /\.(ya?ml|tf)$/.test(n) ? [p] : [];
  });
}

export function loadDir(dir: string, hcl: HclParser): Workspace {
  return parseWorkspace(configFiles(dir).map((p) => ({ path: p, text: readFileSync(p, 'utf8') })), { hcl });
}

export const parser = (): Promise<HclParser> => loadHclParser();
