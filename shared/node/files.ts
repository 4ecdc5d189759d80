/**
 * Node-side file access shared by the CLI and the MCP server (the pure core never imports this folder):
 * walking folders with .gitignore, reading with clear errors, and atomic writes.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SourceFile } from '../config/workspace.ts';

export const YAML_EXTENSIONS = ['.yaml', '.yml'];
/** Config files the walk reads: YAML and Terraform (`.tf`). */
export const CONFIG_EXTENSIONS = [...YAML_EXTENSIONS, '.tf'];
/** Files larger than this are reported, not parsed (guards memory; real configs are kilobytes). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const READ_BATCH = 64;

export class FileAccessError extends Error {
  constructor(readonly code: 'NOT_FOUND' | 'UNREADABLE' | 'TOO_LARGE', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileAccessError';
  }
}

export interface LoadResult {
  sources: SourceFile[];
  errors: FileAccessError[];
}

/** Loads every YAML file under the given paths (files or folders), honouring .gitignore files on the way. */
export async function loadSources(paths: readonly string[], cwd = process.cwd()): Promise<LoadResult> {
  const sources: SourceFile[] = [];
  const errors: FileAccessError[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch (cause) {
      errors.push(new FileAccessError('NOT_FOUND', `${p}: no such file or folder`, { cause }));
      continue;
    }
    const files = (stat.isDirectory() ? await walk(abs, [], abs) : [abs]).filter((f) => !seen.has(f));
    for (const f of files) seen.add(f);
    // Read in parallel batches: one await per file dominated loading 3,000 files (bench/review).
    for (let i = 0; i < files.length; i += READ_BATCH) {
      const batch = await Promise.all(files.slice(i, i + READ_BATCH).map((f) => readSource(f, cwd)));
      for (const r of batch) {
        if (r instanceof FileAccessError) errors.push(r);
        else sources.push(r);
      }
    }
  }
  return { sources, errors };
}

async function readSource(abs: string, cwd: string): Promise<SourceFile | FileAccessError> {
  const rel = path.relative(cwd, abs) || abs;
  const display = rel.startsWith('..') ? abs : rel;
  try {
    const stat = await fs.stat(abs);
    if (stat.size > MAX_FILE_BYTES) {
      return new FileAccessError('TOO_LARGE', `${display}: ${(stat.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit; skipped`);
    }
    return { path: display.split(path.sep).join('/'), text: await fs.readFile(abs, 'utf8') };
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    return new FileAccessError('UNREADABLE', `${display}: cannot read (${msg})`, { cause });
  }
}

async function walk(dir: string, stack: { base: string; ig: Ignore }[], root: string): Promise<string[]> {
  const out: string[] = [];
  const local = [...stack];
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    try {
      local.push({ base: dir, ig: ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8')) });
    } catch {
      // unreadable .gitignore: walk as if absent
    }
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name === '.git' || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    const ignored = local.some(({ base, ig }) => {
      const rel = path.relative(base, full).split(path.sep).join('/');
      return rel && ig.ignores(e.isDirectory() ? `${rel}/` : rel);
    });
    if (ignored) continue;
    if (e.isDirectory()) out.push(...(await walk(full, local, root)));
    else if (e.isFile() && CONFIG_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(full);
  }
  return out;
}

/** Writes a file atomically: a temp file in the same folder, then rename over the original. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    let mode: number | undefined;
    try {
      mode = (await fs.stat(file)).mode;
    } catch {
      mode = undefined;
    }
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
