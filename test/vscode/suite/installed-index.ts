/** Mocha entry for the installed-.vsix suite (test/vscode/run-installed.ts); same results file as index.ts. */
import * as path from 'node:path';
import { runSuite } from './index.ts';

export function run(): Promise<void> {
  return runSuite(path.resolve(__dirname, 'installed.suite.js'));
}
