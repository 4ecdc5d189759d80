/** The metrics status bar item's text, tooltip and warning state (extension/status-text.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statusPresentation } from '../../extension/status-text.ts';

describe('metrics status bar item', () => {
  it('hidden without pool config files', () => {
    assert.equal(statusPresentation({ kind: 'snapshot', label: 'snapshot s.json', detail: 'x' }, 0).visible, false);
  });

  it('a working source: pulse icon, no warning', () => {
    const p = statusPresentation({ kind: 'live', label: 'live: acme', detail: 'Cloud Monitoring, project acme, last 24 h' }, 3);
    assert.deepEqual([p.visible, p.text, p.warning], [true, '$(pulse) Pool Tuner: live: acme', false]);
    assert.doesNotMatch(p.tooltip, /unavailable/);
    assert.match(p.tooltip, /3 pool config files/);
  });

  it('metrics off: no warning (nothing was asked for)', () => {
    const p = statusPresentation({ kind: 'none', label: 'no metrics', detail: 'Metrics are off (poolTuner.metrics.source).' }, 1);
    assert.deepEqual([p.text, p.warning], ['$(circle-slash) Pool Tuner: no metrics', false]);
    assert.match(p.tooltip, /1 pool config file ·/);
  });

  it('live metrics unavailable (no credentials, API error): warning state with the reason, config-only fallback said', () => {
    const reason = 'No Google Cloud credentials for project acme: run `gcloud auth application-default login`';
    const p = statusPresentation({ kind: 'live', label: 'live: acme (failed)', detail: `Cloud Monitoring: ${reason}`, error: reason }, 12);
    assert.equal(p.warning, true);
    assert.equal(p.text, '$(warning) Pool Tuner: live: acme (failed)');
    assert.ok(p.tooltip.includes(`**Metrics unavailable**: ${reason}.`), p.tooltip);
    assert.match(p.tooltip, /use the config files alone/);
  });

  it('an unreadable or invalid snapshot warns too', () => {
    const p = statusPresentation({ kind: 'none', label: 'snapshot invalid', detail: 'm.json: pools.a.instanceCount: expected number', error: 'pools.a.instanceCount: expected number' }, 2);
    assert.deepEqual([p.text, p.warning], ['$(warning) Pool Tuner: snapshot invalid', true]);
  });
});
