/**
 * Everything the CLI prints goes through here: one redactor per process learns the secrets of every workspace a
 * command loads (`load.ts`) and withholds them, and anything credential-shaped, from stdout and stderr alike.
 */
import { Redactor } from '../shared/secrets/redactor.ts';

export const outputRedactor = new Redactor();

export function print(text: string): void {
  process.stdout.write(outputRedactor.text(text));
}

export function errOut(text: string): void {
  process.stderr.write(outputRedactor.text(text));
}
