/**
 * File access confined to the roots the server was started with. Every path a client names is resolved with
 * realpath (so `..` and symlinks are followed to where they really lead) and refused unless it lands inside a
 * root. Folder walks skip symlinks (`shared/node/files.ts` lists only regular files and folders).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_EXTENSIONS, loadSources } from '../shared/node/files.ts';
import { ensureHclParser } from '../shared/node/hcl-parser.ts';
import { createHash } from 'node:crypto';
import { parseWorkspace, PositionMapper, type SourceFile, type Workspace } from '../shared/index.ts';
import { ToolError } from './tool.ts';

export interface LoadedWorkspace {
  ws: Workspace;
  pos: PositionMapper;
  /** Absolute folder the workspace's file paths are relative to. */
  base: string;
  /** Files that could not be read (messages only; paths are relative). */
  ioErrors: string[];
}

/** Parsed workspaces kept per exact file set and contents (a list_pools between edits re-parses nothing). */
const PARSED_ENTRIES = 8;

export class Roots {
  private resolved?: Promise<string[]>;
  private readonly parsed = new Map<string, Workspace>();

  constructor(private readonly given: readonly string[], private readonly cwd: string) {
    if (given.length === 0) throw new Error('createServer needs at least one root');
  }

  /** Real absolute paths of the roots (resolved once, lazily: creating a server has no side effects). */
  real(): Promise<string[]> {
    this.resolved ??= Promise.all(this.given.map(async (r) => {
      try {
        return await fs.realpath(path.resolve(this.cwd, r));
      } catch (cause) {
        throw new Error(`root ${r}: no such file or folder`, { cause });
      }
    }));
    return this.resolved;
  }

  /** Folder that display paths are relative to: the root itself, or the deepest folder holding every root. */
  async base(): Promise<string> {
    const real = await this.real();
    const dirs = await Promise.all(real.map(async (r) => ((await fs.stat(r)).isDirectory() ? r : path.dirname(r))));
    return dirs.reduce((acc, d) => {
      let a = acc;
      while (!isInside(a, d)) a = path.dirname(a);
      return a;
    });
  }

  /** Short names of the roots, for error messages. */
  async describe(): Promise<string> {
    const base = await this.base();
    const real = await this.real();
    return real.map((r) => path.relative(base, r) || path.basename(r) || r).join(', ');
  }

  /**
   * Resolves a client-supplied path to a real absolute path inside a root, or throws a ToolError saying why not.
   * Relative paths are taken against the display base (the same base the tools' `file` fields use).
   */
  async confine(p: string): Promise<string> {
    if (p.includes('\0')) throw new ToolError('The path contains a NUL character. Use a plain relative path such as "orders/worker-pool.yaml".');
    const base = await this.base();
    const abs = path.resolve(base, p);
    // A missing path and one outside the roots get the same answer, so errors reveal nothing about what exists
    // outside them.
    const refuse = async () => new ToolError(`No such file or folder '${p}' inside the allowed roots (${await this.describe()}). Use list_pools to see the files that exist.`);
    let real: string;
    try {
      real = await fs.realpath(abs);
    } catch {
      throw await refuse();
    }
    if (!isInsideAny(real, await this.real())) throw await refuse();
    return real;
  }

  /** Loads and parses the YAML files under `p` (confined) or under every root. */
  async load(p?: string): Promise<LoadedWorkspace> {
    const base = await this.base();
    const targets = p === undefined ? await this.real() : [await this.confine(p)];
    if (p !== undefined) {
      const st = await fs.stat(targets[0]!);
      // Only config files are read on request: a named .env or key file inside a root is not parsed and echoed.
      if (st.isFile() && !CONFIG_EXTENSIONS.includes(path.extname(targets[0]!).toLowerCase())) {
        throw new ToolError(`'${p}' is not a YAML or Terraform file (${CONFIG_EXTENSIONS.join(', ')}). Pass a config file or a folder.`);
      }
    }
    const { sources, errors } = await loadSources(targets, base);
    const ws = await this.parse(sources);
    const pos = new PositionMapper((f) => ws.files.get(f)?.text);
    return { ws, pos, base, ioErrors: errors.map((e) => e.message) };
  }

  /**
   * Parses the sources, or returns the workspace parsed from exactly these files and contents before (the core
   * treats a Workspace as immutable once built). Keyed by a hash of every path and text.
   */
  private async parse(sources: SourceFile[]): Promise<Workspace> {
    const hash = createHash('sha256');
    for (const s of sources) hash.update(s.path).update('\0').update(s.text).update('\0');
    const key = hash.digest('hex');
    const hit = this.parsed.get(key);
    if (hit) {
      this.parsed.delete(key);
      this.parsed.set(key, hit);
      return hit;
    }
    if (sources.some((s) => s.path.endsWith('.tf'))) await ensureHclParser();
    const ws = parseWorkspace(sources);
    this.parsed.set(key, ws);
    while (this.parsed.size > PARSED_ENTRIES) this.parsed.delete(this.parsed.keys().next().value!);
    return ws;
  }

  /** Absolute path of a workspace file path, re-checked against the roots (it may have become a symlink). */
  async fileOf(base: string, file: string): Promise<string> {
    const abs = path.resolve(base, file);
    const real = await this.confine(abs);
    const st = await fs.lstat(abs);
    if (!st.isFile()) throw new ToolError(`'${file}' is no longer a regular file (a symlink or folder now stands there); refusing to write through it.`);
    return real;
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function isInsideAny(p: string, roots: readonly string[]): boolean {
  return roots.some((r) => isInside(r, p));
}
