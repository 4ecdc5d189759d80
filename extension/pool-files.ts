/**
 * Which workspace files are pool configs. Files are recognised by content, not name: a cheap text test picks
 * candidates, and the core's kind detection (inside `parseWorkspace`) decides what each document is. A YAML
 * file without any known kind (a CI workflow, a Helm chart) never gets a diagnostic.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULTS, type ExtensionSettings } from './settings-schema.ts';

/** Files read at once by a scan (local disk reads overlap; a 300-file workspace reads in a few batches). */
const READ_CONCURRENCY = 32;

/**
 * Markers of the kinds the core reads (docs/sources.md#worker-pool-yaml: WorkerPool, CremaConfig, KEDA ScaledObject, Config Connector
 * PubSubSubscription, `gcloud pubsub subscriptions describe` output, pool-tuner settings). A pre-filter only.
 */
const KIND_MARKERS = [
  /^\s*kind:\s*["']?(WorkerPool|CremaConfig|ScaledObject|PubSubSubscription|PoolTunerSettings)["']?\s*(#.*)?$/m,
  /^\s*apiVersion:\s*["']?pool-tuner\//m,
  /^name:\s*["']?projects\/[^/\s]+\/subscriptions\/[^/\s"']+/m,
];

/** Terraform resources the core reads (worker pools, subscriptions, CremaConfigs in parameter versions). */
const TF_MARKER = /resource\s+"google_(cloud_run_v2_worker_pool|pubsub_subscription|parameter_manager_(regional_)?parameter_version)"/;

/** True when `text` may hold a document of a known kind, or the file is the project settings file. */
export function looksLikePoolConfig(fsPath: string, text: string): boolean {
  if (/(^|[\\/])pool-tuner\.ya?ml$/.test(fsPath)) return true;
  if (/\.tf$/i.test(fsPath)) return TF_MARKER.test(text);
  return KIND_MARKERS.some((re) => re.test(text));
}

/** A config file the extension reads: YAML or Terraform. */
export function isYamlPath(fsPath: string): boolean {
  return /\.(ya?ml|tf)$/i.test(fsPath);
}

/** Exclude globs as one pattern for `findFiles`. */
export function excludePattern(settings: ExtensionSettings): string | undefined {
  if (settings.exclude.length === 0) return undefined;
  return settings.exclude.length === 1 ? settings.exclude[0] : `{${settings.exclude.join(',')}}`;
}

/** Whether an open document is in scope: a YAML file on disk matching include and not exclude. */
export function inScope(doc: vscode.TextDocument, settings: ExtensionSettings): boolean {
  if (doc.uri.scheme !== 'file' || !isYamlPath(doc.uri.fsPath)) return false;
  const matches = (glob: string): boolean => vscode.languages.match({ pattern: glob, scheme: 'file' }, doc) > 0;
  return settings.include.some(matches) && !settings.exclude.some(matches);
}

/** Reads a file: straight from disk for `file:` URIs (no round trip through the file service), else via VS Code. */
async function readText(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'file') return readFile(uri.fsPath, 'utf8');
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

// Folders the default poolTuner.files.exclude skips (every node_modules and .git folder, at any depth).
const DEFAULT_SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** True when include and exclude are the defaults, whose meaning `walkFolder` implements. */
function defaultGlobs(settings: ExtensionSettings): boolean {
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return same(settings.include, DEFAULTS.include) && same(settings.exclude, DEFAULTS.exclude);
}

/**
 * Every YAML and Terraform file under `dir`, skipping the default-excluded folders: what `findFiles` returns for the
 * default globs, without starting the editor's search service (its first search took about 1.3 s of a 300-file
 * workspace's 2.2 s first review in bench/extension). Symbolic links to files are followed, to folders not (no cycles).
 */
async function walkFolder(dir: string, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable or gone
  }
  await Promise.all(entries.map(async (e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!DEFAULT_SKIPPED_FOLDERS.has(e.name)) await walkFolder(p, out);
    } else if (isYamlPath(e.name) && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isFile()))) {
      out.push(p);
    }
  }));
}

/** The candidate files: walked on disk for local folders with the default globs, else through `findFiles`. */
async function listCandidates(settings: ExtensionSettings, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (defaultGlobs(settings) && folders.every((f) => f.uri.scheme === 'file')) {
    const paths: string[] = [];
    await Promise.all(folders.map((f) => walkFolder(f.uri.fsPath, paths)));
    return paths.map((p) => vscode.Uri.file(p));
  }
  const lists = await Promise.all(settings.include.map((include) => vscode.workspace.findFiles(include, excludePattern(settings), undefined, token)));
  return lists.flat();
}

/** Finds candidate files in the workspace and reads them, several at a time (open documents win over the disk copy). */
export async function scanWorkspace(settings: ExtensionSettings, token?: vscode.CancellationToken): Promise<Map<string, string>> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.fsPath, d] as const));
  const seen = new Set<string>();
  const uris: vscode.Uri[] = [];
  for (const uri of await listCandidates(settings, token)) {
    if (seen.has(uri.fsPath) || !isYamlPath(uri.fsPath)) continue;
    seen.add(uri.fsPath);
    uris.push(uri);
  }
  const texts: (string | undefined)[] = new Array(uris.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < uris.length) {
      const i = next++;
      const uri = uris[i]!;
      const doc = open.get(uri.fsPath);
      try {
        texts[i] = doc ? doc.getText() : await readText(uri);
      } catch {
        texts[i] = undefined; // deleted between listing and reading
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
  // Sorted by path, so the model's order does not depend on which read finished first.
  const found = new Map<string, string>();
  const order = uris.map((u, i) => [u.fsPath, texts[i]] as const).sort(([a], [b]) => a.localeCompare(b));
  for (const [file, text] of order) if (text !== undefined && looksLikePoolConfig(file, text)) found.set(file, text);
  return found;
}

/**
 * The project settings files (pool-tuner.yaml / .yml) in the folders of `files` and above them, up to the
 * workspace folder holding each: what a review of the open documents needs before the scan has found them.
 */
export async function settingsFilesAbove(files: readonly string[], roots: readonly string[]): Promise<Map<string, string>> {
  const folders = new Set<string>();
  for (const file of files) {
    const root = roots.filter((r) => file.startsWith(r + path.sep)).sort((a, b) => b.length - a.length)[0];
    if (!root) continue;
    for (let dir = path.dirname(file); dir.startsWith(root); dir = path.dirname(dir)) {
      folders.add(dir);
      if (dir === root) break;
    }
  }
  const out = new Map<string, string>();
  await Promise.all([...folders].flatMap((dir) => ['pool-tuner.yaml', 'pool-tuner.yml'].map(async (name) => {
    const file = path.join(dir, name);
    try {
      out.set(file, await readFile(file, 'utf8'));
    } catch {
      // none here
    }
  })));
  return out;
}
