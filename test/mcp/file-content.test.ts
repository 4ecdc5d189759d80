/**
 * Text quoted from the user's files is marked as file content (#12 item 8): every diff an MCP result carries starts
 * with the marker line, and the marked diff still applies with `git apply` (the marker is preamble).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { FILE_CONTENT_MARKER } from '../../mcp-server/file-content.ts';
import { connect, copyExamples, type Connected } from './harness.ts';

describe('diffs in MCP results are marked as file content', () => {
  let c: Connected;
  let ex: ReturnType<typeof copyExamples>;
  before(async () => {
    ex = copyExamples();
    c = await connect({ roots: [ex.dir] });
  });
  after(async () => {
    await c.close();
    ex.dispose();
  });

  it('analyze_pool fixes and suggestions, and propose_dlq, start with the marker', async () => {
    const r = await c.call('analyze_pool', {});
    assert.notEqual(r.isError, true, JSON.stringify(r.content));
    const findings = (r.structuredContent as { findings: { fix?: { diff: string }; suggestions?: { diff: string }[] }[] }).findings;
    const diffs = findings.flatMap((f) => [f.fix?.diff, ...(f.suggestions ?? []).map((s) => s.diff)]).filter((d): d is string => Boolean(d));
    assert.ok(diffs.length > 3, 'the examples have fixes and suggestions');
    for (const d of diffs) assert.ok(d.startsWith(`${FILE_CONTENT_MARKER}\n--- `), d.slice(0, 200));
    const dlq = (await c.call('propose_dlq', { pool: 'notify-worker' })).structuredContent as { diff: string };
    assert.ok(dlq.diff.startsWith(`${FILE_CONTENT_MARKER}\n`), dlq.diff.slice(0, 200));
    // Still a patch: git skips the marker as preamble.
    const patch = path.join(ex.dir, '..', 'dlq.patch');
    await import('node:fs').then((fs) => fs.writeFileSync(patch, dlq.diff.endsWith('\n') ? dlq.diff : `${dlq.diff}\n`));
    const check = spawnSync('git', ['apply', '--check', '--unidiff-zero', '-p1', '--directory=examples', patch], { cwd: path.join(ex.dir, '..'), encoding: 'utf8' });
    const check0 = check.status === 0 ? check : spawnSync('git', ['apply', '--check', '-p0', patch], { cwd: ex.dir, encoding: 'utf8' });
    assert.equal(check0.status, 0, `${check.stderr}\n${check0.stderr}`);
  });
});
