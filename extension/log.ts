/** The extension's output channel ("Pool Tuner"): timestamped lines, levels handled by VS Code's LogOutputChannel; credentials withheld. */
import * as vscode from 'vscode';
import { redactingLog } from './redact.ts';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return redactingLog(vscode.window.createOutputChannel('Pool Tuner', { log: true }));
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
