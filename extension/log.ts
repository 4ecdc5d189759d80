/** The extension's output channel ("Pool Tuner"): timestamped lines, levels handled by VS Code's LogOutputChannel. */
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Pool Tuner', { log: true });
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
