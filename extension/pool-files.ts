/**
 * Which workspace files are pool configs. Files are recognised by content, not name: a cheap text test picks
 * candidates, and the core's kind detection (inside `parseWorkspace`) decides what each document is. A YAML
 * file without any known kind (a CI workflow, a Helm chart) never gets a diagnostic.
 */
import * as vscode from 'vscode';
import type { ExtensionSettings } from './settings.ts';

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

/** Finds candidate files in the workspace and reads them (open documents win over the disk copy). */
export async function scanWorkspace(settings: ExtensionSettings, token?: vscode.CancellationToken): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.fsPath, d] as const));
  const seen = new Set<string>();
  for (const include of settings.include) {
    const uris = await vscode.workspace.findFiles(include, excludePattern(settings), undefined, token);
    for (const uri of uris) {
      if (seen.has(uri.fsPath) || !isYamlPath(uri.fsPath)) continue;
      seen.add(uri.fsPath);
      let text: string;
      const doc = open.get(uri.fsPath);
      if (doc) text = doc.getText();
      else {
        try {
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          continue; // deleted between listing and reading
        }
      }
      if (looksLikePoolConfig(uri.fsPath, text)) found.set(uri.fsPath, text);
    }
  }
  return found;
}
