/**
 * Everything the CLI prints goes through here: one redactor per process learns the secrets of every workspace a
 * command loads (`load.ts`) and withholds them, and anything credential-shaped, from stdout and stderr alike.
 */
import { Redactor } from '../shared/secrets/redactor.ts';
import { wrapText } from '../shared/report/wrap.ts';

export const outputRedactor = new Redactor();

export function print(text: string): void {
  process.stdout.write(outputRedactor.text(text));
}

export function errOut(text: string): void {
  process.stderr.write(outputRedactor.text(text));
}

/** Columns text output wraps to: the terminal's width, 80 when stdout is not a terminal (piped, redirected, CI). */
export function textWidth(): number {
  return process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : 80;
}

/** Human-readable output (never JSON, SARIF or Markdown): wrapped to `textWidth()`, diffs kept whole. */
export function printText(text: string): void {
  print(wrapText(text, textWidth()));
}
