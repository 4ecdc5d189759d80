/**
 * Secrets in the input files, found by secretlint's recommended rule preset (a maintained detector: private keys,
 * GCP service-account keys, GitHub, Slack, SendGrid, npm, Shopify, OpenAI, Linear, 1Password tokens and basic-auth
 * URLs) on top of Pool Tuner's own patterns, names and entropy check (`shared/secrets/`). secretlint is the last
 * release line that supports Node 20 (10.x) and runs asynchronously, so this lives beside the file loading.
 *
 * Cached per file content (SHA-256 of the text): the fragments in memory for the life of the process (the MCP
 * server and the editor scan the same files again and again), and secretlint's findings on disk as offsets only
 * (never the secret text) for the CLI, whose every run would otherwise lint every file again (`SecretScanCache`).
 * Pool Tuner's own detection reads the already-parsed YAML documents of the workspace (`SecretSource.docs`).
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { addFragments, collectSecrets, type SecretSource } from '../secrets/collect.ts';

const CONFIG = { rules: [{ id: recommended.meta.id, rule: recommended, options: {} }] };

/** The pinned secretlint release (package.json; a test keeps them equal): part of every cache key. */
export const SECRETLINT_VERSION = '10.2.2';
/** Bump when Pool Tuner's own detection changes: in-memory entries hold its fragments. */
const SCAN_VERSION = 2;
/** Entries kept in memory and on disk (oldest dropped first). */
const MAX_ENTRIES = 4096;

type Range = readonly [number, number];

/** Substrings of `text` that secretlint reports as credentials. */
export async function secretlintMatches(text: string, filePath = 'config.yaml'): Promise<string[]> {
  return (await secretlintRanges(text, filePath)).map(([s, e]) => text.slice(s, e)).filter((s) => s.length > 0);
}

async function secretlintRanges(text: string, filePath: string): Promise<Range[]> {
  const result = await lintSource({
    source: { content: text, filePath, ext: '.yaml', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  // Let the profiler's observer take this lint's marks now (a small batch), then drop them.
  await new Promise((resolve) => setImmediate(resolve));
  releaseProfilerEntries();
  return result.messages.map((m) => [m.range[0], m.range[1]] as const);
}

function contentKey(file: SecretSource): string {
  const kind = /\.tf$/i.test(file.path) ? 'tf' : 'yaml';
  return createHash('sha256').update(`${kind}\u0000`).update(file.text).digest('hex');
}

function trim<V>(map: Map<string, V>): void {
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

/**
 * secretlint's ranges per content hash, optionally persisted in `dir` as JSON (hash → [start, end] offsets; no
 * file text and no secret). Written atomically (temp file + rename); a missing, unreadable or malformed file is
 * an empty cache, and an entry whose offsets do not fit the text is ignored.
 */
export class SecretScanCache {
  private readonly fragments = new Map<string, string[]>();
  private ranges: Map<string, Range[]> | undefined;
  private dirty = false;

  constructor(private readonly dir?: string) {}

  private get file(): string | undefined {
    return this.dir ? path.join(this.dir, `secretlint-${SECRETLINT_VERSION}.json`) : undefined;
  }

  private async load(): Promise<Map<string, Range[]>> {
    if (this.ranges) return this.ranges;
    this.ranges = new Map();
    if (!this.file) return this.ranges;
    try {
      const data = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
          if (/^[0-9a-f]{64}$/.test(k) && Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && r.every((n) => Number.isInteger(n) && n >= 0))) this.ranges.set(k, v as Range[]);
        }
      }
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return this.ranges;
  }

  /** Every secret fragment in `file` (Pool Tuner's detection + secretlint), cached by content. */
  async scan(file: SecretSource): Promise<string[]> {
    const key = contentKey(file);
    const memo = this.fragments.get(`${SCAN_VERSION}:${key}`);
    if (memo) return memo;
    const ranges = await this.load();
    let found = ranges.get(key);
    if (!found || found.some(([s, e]) => e > file.text.length || s > e)) {
      found = await secretlintRanges(file.text, file.path);
      ranges.delete(key);
      ranges.set(key, found);
      trim(ranges);
      this.dirty = true;
    }
    const out = new Set(collectSecrets([file]));
    for (const [s, e] of found) if (e > s) addFragments(out, file.text.slice(s, e));
    const list = [...out];
    this.fragments.set(`${SCAN_VERSION}:${key}`, list);
    trim(this.fragments);
    return list;
  }

  /** Writes the ranges to disk when something new was scanned (no-op without a folder). */
  async save(): Promise<void> {
    if (!this.file || !this.ranges || !this.dirty) return;
    this.dirty = false;
    await mkdir(this.dir!, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(Object.fromEntries(this.ranges)), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

/**
 * Where the CLI keeps the cache: `POOL_TUNER_CACHE_DIR`, else `$XDG_CACHE_HOME/pool-tuner` or `~/.cache/pool-tuner`;
 * undefined (no disk cache) when `POOL_TUNER_CACHE_DIR` is `off`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env['POOL_TUNER_CACHE_DIR'];
  if (set === 'off') return undefined;
  if (set) return path.resolve(set);
  return path.join(env['XDG_CACHE_HOME'] || path.join(homedir(), '.cache'), 'pool-tuner');
}

/**
 * secretlint's profiler (loaded with its core) keeps every performance mark of every lint in an array that its
 * observer searches linearly for each new mark, so a process that lints many files slows down quadratically
 * (measured: 2.2 s of a 300-file scan spent there, more on each later scan) and its memory grows. The arrays are
 * read only by secretlint's own CLI; they are emptied after each lint, once its marks were delivered.
 */
function releaseProfilerEntries(): void {
  for (const list of profilerLists()) list.length = 0;
}

function profilerLists(): unknown[][] {
  const profiler = secretLintProfiler as unknown as { entries?: unknown; measures?: unknown; executionPromises?: unknown };
  return [profiler.entries, profiler.measures, profiler.executionPromises].filter((l): l is unknown[] => Array.isArray(l));
}

/** How many entries secretlint's profiler holds (tests: stays bounded however many files were linted). */
export function secretlintProfilerEntries(): number {
  return profilerLists().reduce((n, l) => n + l.length, 0);
}

/** The process-wide in-memory cache (no disk), used when no cache is given. */
const shared = new SecretScanCache();

/** Every secret in the files: Pool Tuner's own detection plus secretlint's, as fragments ready for a Redactor. */
export async function scanSecrets(files: Iterable<SecretSource>, cache: SecretScanCache = shared): Promise<string[]> {
  const found = new Set<string>();
  for (const f of files) for (const s of await cache.scan(f)) found.add(s);
  return [...found];
}
