/**
 * What the extension shows or logs withholds credentials: one redactor learns each workspace's secrets as the
 * model rebuilds (`collectSecrets`: names, formats, entropy; the secretlint scan stays out of the editor bundle,
 * whose size sets activation time) and scrubs hovers, diagnostics messages and every log line.
 */
import type * as vscode from 'vscode';
import { collectSecrets, Redactor, type Workspace } from '../shared/index.ts';

export const editorRedactor = new Redactor();

export function learnSecrets(ws: Workspace): void {
  editorRedactor.add(collectSecrets(ws.files.values()));
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
