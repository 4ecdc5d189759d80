// The spec reporter, except that a todo test that fails (a known miss, kept visible on purpose) is reported as the
// todo it is, not listed under "✖ failing tests": a green run ends without a failure banner. Failures are untouched.
// Used by scripts/run-tests.mjs (--test-reporter=./scripts/test-reporter.mjs).
import { Transform } from 'node:stream';
import { spec as Spec } from 'node:test/reporters';

class GreenTodoReporter extends Transform {
  constructor() {
    super({ writableObjectMode: true });
    this.inner = new Spec();
    this.inner.on('data', (chunk) => this.push(chunk));
  }

  _transform(event, _encoding, done) {
    const known = event.type === 'test:fail' && event.data?.todo !== undefined && event.data.todo !== false;
    if (!known) {
      this.inner.write(event, done);
      return;
    }
    // The todo line says why it is known; its stack is noise on a green run.
    const { error: _error, ...details } = event.data.details ?? {};
    this.inner.write({ ...event, type: 'test:pass', data: { ...event.data, details } }, done);
  }

  _flush(done) {
    this.inner.once('end', () => done());
    this.inner.end();
  }
}

export default new GreenTodoReporter();
