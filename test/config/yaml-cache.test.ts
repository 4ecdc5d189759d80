/** parseWorkspace's `yamlCache`: unchanged files are not parsed again, and the result equals a fresh parse. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseWorkspace, review, type YamlFile } from '../../shared/index.ts';
import { poolFiles } from '../../bench/extension/pools.ts';

const files = [...poolFiles(5)].map(([path, text]) => ({ path, text }));

function summary(ws: ReturnType<typeof parseWorkspace>): unknown {
  return { pools: ws.pools.map((p) => p.name), problems: ws.problems, findings: review(ws).findings.map((f) => [f.ruleId, f.file, f.span.start, f.message]) };
}

describe('parseWorkspace yamlCache', () => {
  it('reuses the parsed file while its text is unchanged and re-parses an edited one', () => {
    const cache = new Map<string, YamlFile>();
    const first = parseWorkspace(files, { yamlCache: cache });
    assert.equal(cache.size, files.length);
    const before = new Map(cache);
    const edited = files.map((f) => (f.path === 'pools/pool-001/subscription.yaml' ? { ...f, text: f.text.replace('maxDeliveryAttempts: 5', 'maxDeliveryAttempts: 9') } : f));
    const second = parseWorkspace(edited, { yamlCache: cache });
    for (const f of edited) {
      if (f.path === 'pools/pool-001/subscription.yaml') assert.notEqual(cache.get(f.path), before.get(f.path));
      else assert.equal(cache.get(f.path), before.get(f.path), f.path);
      assert.equal(second.files.get(f.path), cache.get(f.path));
    }
    // Same model and findings as without the cache, before and after the edit.
    assert.deepEqual(summary(first), summary(parseWorkspace(files)));
    assert.deepEqual(summary(second), summary(parseWorkspace(edited)));
    assert.notDeepEqual(summary(first), summary(second)); // the edit removed the at-minimum finding
  });

  it('keeps templated files on their original text', () => {
    const cache = new Map<string, YamlFile>();
    const tpl = { path: 'chart/templates/pool.yaml', text: 'apiVersion: run.googleapis.com/v1\nkind: WorkerPool\nmetadata:\n  name: {{ .Values.name }}\n' };
    const a = parseWorkspace([tpl], { yamlCache: cache });
    const b = parseWorkspace([tpl], { yamlCache: cache });
    assert.equal(b.files.get(tpl.path), a.files.get(tpl.path));
    assert.equal(b.files.get(tpl.path)!.text, tpl.text);
    assert.deepEqual(b.problems, a.problems);
  });
});
