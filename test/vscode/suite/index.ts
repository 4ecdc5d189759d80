/**
 * Mocha entry loaded by VS Code's extension host (extensionTestsPath). Resolving/rejecting sets the exit code in
 * desktop VS Code; under code-server the outside runner reads the JSON results file this writes
 * (VSCODE_TEST_RESULTS_FILE) and the bare "N passed, N failed" line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runSuite(path.resolve(__dirname, 'extension.suite.js'));
}

/** Runs one bundled suite file with mocha and writes the results file. */
export function runSuite(file: string): Promise<void> {
  const resultsFile = process.env['VSCODE_TEST_RESULTS_FILE'];
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const failures: { title: string; err: string }[] = [];
    let passes = 0;
    let skipped = 0;
    const runner = mocha.run((failed) => {
      const out = { passed: passes, failed, skipped, failures, finishedAt: new Date().toISOString() };
      if (resultsFile) {
        try {
          fs.writeFileSync(resultsFile, JSON.stringify(out, null, 2));
        } catch (err) {
          console.error('cannot write results', err);
        }
      }
      console.log(`${passes} passed, ${failed} failed, ${skipped} skipped`);
      if (failed > 0) reject(new Error(`${failed} tests failed.`));
      else resolve();
    });
    runner.on('pass', () => passes++);
    runner.on('pending', () => skipped++);
    runner.on('fail', (t, err: unknown) => failures.push({ title: t.fullTitle(), err: String((err instanceof Error && err.stack) || err) }));
  });
}
