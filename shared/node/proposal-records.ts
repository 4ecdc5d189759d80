/**
 * Proposal records on disk: `.pool-tuner/proposals/<id>.json` beside pool-tuner.yaml (docs/proposal-records.md).
 * Written atomically by every front that applies a proposal; read back by `pool-tuner verify`, the MCP
 * `verify_pool` tool and the editor.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Workspace } from '../config/workspace.ts';
import { RECORDS_DIR, settingsFolder } from '../verify/record.ts';
import { ProposalRecordSchema, type ProposalRecord } from '../verify/schema.ts';
import { writeFileAtomic } from './files.ts';

/** Absolute folder of the records for a workspace loaded relative to `baseAbs`. */
export function recordsDirFor(baseAbs: string, ws: Workspace): string {
  const folder = settingsFolder(ws);
  // The editor keys files by absolute path; the CLI and the MCP server by paths relative to a base folder.
  if (path.isAbsolute(folder)) return path.join(folder, ...RECORDS_DIR.split('/'));
  return path.join(baseAbs, ...folder.split('/').filter(Boolean), ...RECORDS_DIR.split('/'));
}

/** Writes `record` as <dir>/<id>.json (temp file + rename); returns the path written. */
export async function writeProposalRecord(dir: string, record: ProposalRecord): Promise<string> {
  const safe = record.id.replace(/[^A-Za-z0-9._-]/g, '_');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${safe}.json`);
  await writeFileAtomic(file, `${JSON.stringify(ProposalRecordSchema.parse(record), null, 2)}\n`);
  return file;
}

export interface RecordsRead {
  records: ProposalRecord[];
  /** One message per unreadable or invalid file, naming the file and the field. */
  errors: string[];
}

/** Every valid record in `dir` (none when the folder does not exist). */
export async function readProposalRecords(dir: string): Promise<RecordsRead> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return { records: [], errors: [] };
  }
  const out: RecordsRead = { records: [], errors: [] };
  for (const name of names) {
    const file = path.join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (err) {
      out.errors.push(`${file}: not JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    const parsed = ProposalRecordSchema.safeParse(value);
    if (parsed.success) out.records.push(parsed.data);
    else out.errors.push(...parsed.error.issues.slice(0, 3).map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return out;
}

/** The most recently applied record per pool (shared/verify/record.ts). */
export { latestRecordPerPool as latestPerPool } from '../verify/record.ts';
