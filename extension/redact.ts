/**
 * What the extension shows or logs withholds credentials: one redactor learns each workspace's secrets as the
 * model rebuilds (`collectSecrets`: names, formats, entropy; the secretlint scan stays out of the editor bundle,
 * whose size sets activation time) and scrubs hovers, diagnostics messages and every log line.
 */
import type * as vscode from 'vscode';
import { collectEnvSecrets, collectSecrets, Redactor, type Workspace } from '../shared/index.ts';

export const editorRedactor = new Redactor();

/** The text each file had when its secrets were learned: unchanged files are not scanned again. */
const learned = new Map<string, string>();

/**
 * Learns the secrets of the files whose text changed since the last call (the parsed documents of the workspace
 * model are reused, nothing is parsed here). Learned values stay withheld after they leave a file.
 */
export function learnSecrets(ws: Workspace): void {
  const changed = [...ws.files.values()].filter((f) => learned.get(f.path) !== f.text);
  if (changed.length === 0) return;
  const paths = new Set(changed.map((f) => f.path));
  editorRedactor.add(collectSecrets(changed)).add(collectEnvSecrets({ ...ws, workerPools: ws.workerPools.filter((wp) => paths.has(wp.ref.file)) }));
  for (const f of changed) learned.set(f.path, f.text);
  for (const k of learned.keys()) if (!ws.files.has(k)) learned.delete(k);
}

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The channel with every string argument of its logging methods redacted. */
export function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !LOG_METHODS.has(prop) || typeof v !== 'function') return typeof v === 'function' ? v.bind(target) : v;
      return (...args: unknown[]) => (v as (...a: unknown[]) => unknown).apply(target, args.map((a) => (typeof a === 'string' ? editorRedactor.text(a) : a)));
    },
  });
}
