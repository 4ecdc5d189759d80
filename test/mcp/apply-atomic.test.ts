/**
 * Writes are all-or-nothing across files (issue 21): apply_proposal and `tune --apply` on a proposal touching
 * several files, one of which cannot be written, change no file, write no record, name the file root-relative
 * (never an absolute path, never "a Pool Tuner bug"), and the same proposal applies once the file is fixed.
 * As root, chmod 0444 stops no write by itself, so the second file is made to fail for real: read-only by its
 * mode (which Pool Tuner honours for root too), immutable (`chattr +i`), and in a read-only bind mount; a failure
 * in the rename phase, which the OS will not produce on demand, is injected to test the rollback.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { snapshotViewFromText } from '../../shared/index.ts';
import type { MetricsAccess } from '../../mcp-server/metrics.ts';
import { connect, copyExamples, textOf } from './harness.ts';
import { FileWriteError, writeFilesAtomic, type WriteFs } from '../../shared/node/write-all.ts';
import { cleanup, runCli, tempWorkspace } from '../cli/harness.ts';

after(cleanup);

function snapshotAccess(dir: string, file: string): MetricsAccess {
  return { source: file, live: false, view: async (loaded) => snapshotViewFromText(readFileSync(path.join(dir, file), 'utf8'), file, loaded.ws) };
}

const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;

/** Ways to make a file unwritable that hold for root; each returns an undo, or undefined when unavailable here. */
const BLOCKERS: Record<string, (file: string) => (() => void) | undefined> = {
  'read-only mode (0444)': (file) => {
    chmodSync(file, 0o444);
    return () => chmodSync(file, 0o644);
  },
  'immutable (chattr +i)': (file) => (ok('chattr', ['+i', file]) ? () => void ok('chattr', ['-i', file]) : undefined),
  'a read-only bind mount': (file) => {
    if (!ok('mount', ['--bind', file, file])) return undefined;
    if (!ok('mount', ['-o', 'remount,bind,ro', file, file])) {
      ok('umount', [file]);
      return undefined;
    }
    return () => void ok('umount', [file]);
  },
};

function snapshotOf(dir: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe('apply_proposal: all files or none', () => {
  let ex: ReturnType<typeof copyExamples>;
  before(() => {
    ex = copyExamples();
    rmSync(path.join(ex.dir, '.pool-tuner'), { recursive: true, force: true });
  });
  after(() => ex.dispose());

  for (const [name, block] of Object.entries(BLOCKERS)) {
    it(`the second file ${name}: nothing written, no record, the file named; the same id applies once fixed`, async (t) => {
      const c = await connect({ roots: [ex.dir], metrics: snapshotAccess(ex.dir, 'metrics/snapshot.json'), allowWrite: true });
      try {
        const p = await c.call('propose_scaling', { pool: 'orders-worker' });
        assert.ok(!p.isError, textOf(p));
        const id = (p.structuredContent as { proposalId: string }).proposalId;
        const files = [...new Set((p.structuredContent as { diff: string }).diff.split('\n').filter((l) => l.startsWith('+++ ')).map((l) => l.slice(4).replace(/^b\//, '').trim()))].sort();
        assert.ok(files.length >= 2, `a proposal touching two files: ${files.join(', ')}`);
        const second = files[files.length - 1]!;
        const undo = block(path.join(ex.dir, second));
        if (!undo) {
          t.skip(`${name} is not available here`);
          return;
        }
        const before = snapshotOf(ex.dir, files);
        let r;
        try {
          r = await c.call('apply_proposal', { proposalId: id });
        } finally {
          undo();
        }
        assert.equal(r.isError, true);
        const text = textOf(r);
        assert.match(text, new RegExp(`^Proposal ${id} was not applied: ${second.replace(/[./]/g, '\\$&')}: .*Nothing was written`));
        assert.doesNotMatch(text, /bug/i);
        assert.ok(!text.includes(ex.dir) && !text.includes(tmpdir()), `no absolute path: ${text}`);
        assert.deepEqual(snapshotOf(ex.dir, files), before, 'every file as it was');
        assert.equal(existsSync(path.join(ex.dir, '.pool-tuner')), false, 'no record without the change');
        assert.deepEqual(readdirSync(path.dirname(path.join(ex.dir, files[0]!))).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
        // Fixed: the same proposal applies (not refused as stale) and the record is written.
        const again = await c.call('apply_proposal', { proposalId: id });
        assert.ok(!again.isError, textOf(again));
        assert.ok((again.structuredContent as { record?: string }).record);
        for (const f of files) assert.notEqual(readFileSync(path.join(ex.dir, f), 'utf8'), before[f], `${f} written`);
        // Back to the original files for the next case.
        for (const [f, text] of Object.entries(before)) writeFileSync(path.join(ex.dir, f), text);
        rmSync(path.join(ex.dir, '.pool-tuner'), { recursive: true, force: true });
      } finally {
        await c.close();
      }
    });
  }
});

describe('tune --apply: all files or none', () => {
  it('a read-only second file: exit 2 naming it, no file changed, no record', () => {
    const dir = tempWorkspace(path.resolve('examples'));
    rmSync(path.join(dir, '.pool-tuner'), { recursive: true, force: true });
    const files = ['orders/crema.yaml', 'orders/subscription.yaml', 'orders/worker-pool.yaml'];
    const before = snapshotOf(dir, files);
    chmodSync(path.join(dir, 'orders/worker-pool.yaml'), 0o444);
    const r = runCli(['tune', '.', '--metrics', 'metrics/snapshot.json', '--pool', 'orders-worker', '--apply', '--jobs', '1'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--apply: orders\/worker-pool\.yaml: is read-only .*Nothing was written/);
    assert.doesNotMatch(r.stderr, /bug|\/tmp\//i);
    assert.deepEqual(snapshotOf(dir, files), before);
    assert.equal(existsSync(path.join(dir, '.pool-tuner')), false);
  });
});

describe('writeFilesAtomic', () => {
  function files(n: number) {
    const dir = mkdtempSync(path.join(tmpdir(), 'pool-tuner-write-'));
    return Array.from({ length: n }, (_, i) => {
      const abs = path.join(dir, `f${i}.yaml`);
      writeFileSync(abs, `before ${i}\n`);
      return { abs, label: `f${i}.yaml`, before: `before ${i}\n`, after: `after ${i}\n`, dir };
    });
  }

  it('a rename failing on the third file puts back the two already replaced and leaves no temp file', async () => {
    const w = files(3);
    let renames = 0;
    const failing: WriteFs = {
      ...(fsp as unknown as WriteFs),
      rename: async (from, to) => {
        if (to === w[2]!.abs && renames++ === 0) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return fsp.rename(from, to);
      },
    };
    await assert.rejects(writeFilesAtomic(w, failing), (err: unknown) => {
      assert.ok(err instanceof FileWriteError);
      assert.equal(err.file, 'f2.yaml');
      assert.deepEqual(err.rolledBack.sort(), ['f0.yaml', 'f1.yaml']);
      assert.match(err.message, /^f2\.yaml: permission denied \(replacing it\)\. Nothing was written/);
      return true;
    });
    for (const f of w) assert.equal(readFileSync(f.abs, 'utf8'), f.before);
    assert.deepEqual(readdirSync(w[0]!.dir).sort(), ['f0.yaml', 'f1.yaml', 'f2.yaml']);
  });

  it('a temp file that cannot be written (full disk) writes nothing', async () => {
    const w = files(2);
    const full: WriteFs = {
      ...(fsp as unknown as WriteFs),
      writeFile: async (file, text, o) => {
        if (file.includes('f1.yaml')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
        return fsp.writeFile(file, text, o);
      },
    };
    await assert.rejects(writeFilesAtomic(w, full), /^FileWriteError: f1\.yaml: no space left/);
    for (const f of w) assert.equal(readFileSync(f.abs, 'utf8'), f.before);
    assert.deepEqual(readdirSync(w[0]!.dir).sort(), ['f0.yaml', 'f1.yaml']);
  });

  it('a target that is a directory is refused before anything is staged', async () => {
    const w = files(2);
    rmSync(w[1]!.abs);
    await fsp.mkdir(w[1]!.abs);
    await assert.rejects(writeFilesAtomic(w), /f1\.yaml: is not a regular file/);
    assert.equal(readFileSync(w[0]!.abs, 'utf8'), w[0]!.before);
  });

  it('writes every file and keeps each mode', async () => {
    const w = files(2);
    chmodSync(w[1]!.abs, 0o640);
    await writeFilesAtomic(w);
    for (const f of w) assert.equal(readFileSync(f.abs, 'utf8'), f.after);
    assert.equal((await fsp.stat(w[1]!.abs)).mode & 0o777, 0o640);
  });
});
