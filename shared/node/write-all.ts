/**
 * All-or-nothing writes across files (apply_proposal, `tune --apply`): every target is checked first (a file, still
 * writable by its mode and by the OS), every new text is staged in a temp file beside its target, and only then
 * are the temp files renamed over the targets. A failure while staging writes nothing; a failure while renaming
 * puts back the files already replaced (from their text before) and removes the temp files. A user's problem (a
 * read-only or immutable file, a read-only folder or file system, permission denied) is a `FileWriteError` naming
 * the file as the caller labels it (root-relative), never an absolute path or "a bug".
 */
import { constants as fsConstants, promises as nodeFs, type Stats } from 'node:fs';
import * as path from 'node:path';

/** One file to replace: `abs` on disk, `label` in messages (the root-relative path), `before` its current text. */
export interface FileWrite {
  abs: string;
  label: string;
  before: string;
  after: string;
}

/** The fs calls used, so tests can inject a failure the OS would not produce for root. */
export interface WriteFs {
  stat(file: string): Promise<Stats>;
  access(file: string, mode: number): Promise<void>;
  writeFile(file: string, text: string, options: { encoding: 'utf8'; mode?: number; flag?: string }): Promise<void>;
  chmod(file: string, mode: number): Promise<void>;
  chown(file: string, uid: number, gid: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string, options: { force: boolean }): Promise<void>;
}

const USER_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOENT', 'ENOSPC', 'EDQUOT', 'EBUSY', 'ETXTBSY', 'EEXIST', 'EXDEV']);

/** A write refused or failed for a reason the user can fix; `written` is always empty when it is thrown. */
export class FileWriteError extends Error {
  readonly code = 'WRITE_FAILED';
  constructor(readonly file: string, readonly reason: string, readonly rolledBack: string[] = []) {
    super(`${file}: ${reason}. Nothing was written${rolledBack.length ? ` (${rolledBack.join(', ')} put back as they were)` : ''}.`);
    this.name = 'FileWriteError';
  }
}

function errnoOf(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

function reasonOf(code: string | undefined, what: string): string {
  switch (code) {
    case 'EACCES': return `permission denied (${what})`;
    case 'EPERM': return `not permitted (${what}: the file or its folder is immutable or protected)`;
    case 'EROFS': return `on a read-only file system (${what})`;
    case 'ENOSPC': case 'EDQUOT': return `no space left (${what})`;
    case 'ENOENT': return `no longer exists (${what})`;
    default: return `cannot ${what} (${code ?? 'error'})`;
  }
}

/** True when `err` is an I/O failure the user can fix (so adapters report it as such, not as a bug). */
export function isUserWriteFailure(err: unknown): boolean {
  return err instanceof FileWriteError || USER_CODES.has(errnoOf(err) ?? '');
}

/**
 * Writes every file or none (see the module comment). Resolves when every target holds its new text.
 * @throws FileWriteError for a target the user must fix; other errors are rethrown after the rollback.
 */
export async function writeFilesAtomic(writes: readonly FileWrite[], fs: WriteFs = nodeFs as unknown as WriteFs): Promise<void> {
  // 1. Check every target: a regular file, writable by its mode bits (a user's "read-only" holds for root too)
  //    and by the OS (an immutable file, a read-only mount).
  const stats: Stats[] = [];
  for (const w of writes) {
    let st: Stats;
    try {
      st = await fs.stat(w.abs);
    } catch (err) {
      throw new FileWriteError(w.label, reasonOf(errnoOf(err), 'reading it'));
    }
    if (!st.isFile()) throw new FileWriteError(w.label, 'is not a regular file');
    if ((st.mode & 0o222) === 0) throw new FileWriteError(w.label, 'is read-only (make it writable to apply the change)');
    try {
      await fs.access(w.abs, fsConstants.W_OK);
    } catch (err) {
      throw new FileWriteError(w.label, reasonOf(errnoOf(err), 'checking it is writable'));
    }
    stats.push(st);
  }
  // 2. Stage every new text in a temp file beside its target (same file system, so the rename is atomic).
  const stamp = `${process.pid}.${Date.now()}`;
  const temps = writes.map((w) => path.join(path.dirname(w.abs), `.${path.basename(w.abs)}.${stamp}.tmp`));
  const removeTemps = () => Promise.all(temps.map((t) => fs.rm(t, { force: true }).catch(() => undefined)));
  for (const [i, w] of writes.entries()) {
    const st = stats[i]!;
    try {
      await fs.writeFile(temps[i]!, w.after, { encoding: 'utf8', mode: st.mode & 0o7777, flag: 'wx' });
      await fs.chmod(temps[i]!, st.mode & 0o7777);
      if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.())) {
        await fs.chown(temps[i]!, st.uid, st.gid).catch(() => undefined); // keep the owner (root only)
      }
    } catch (err) {
      await removeTemps();
      if (USER_CODES.has(errnoOf(err) ?? '')) throw new FileWriteError(w.label, reasonOf(errnoOf(err), 'writing a temp file in its folder'));
      throw err;
    }
  }
  // 3. Rename each temp over its target; on a failure, put back the ones already replaced.
  const done: number[] = [];
  for (const [i, w] of writes.entries()) {
    try {
      await fs.rename(temps[i]!, w.abs);
      done.push(i);
    } catch (err) {
      const restored: string[] = [];
      for (const j of done.reverse()) {
        const back = `${temps[j]!}.restore`;
        try {
          await fs.writeFile(back, writes[j]!.before, { encoding: 'utf8', mode: stats[j]!.mode & 0o7777 });
          await fs.rename(back, writes[j]!.abs);
          restored.push(writes[j]!.label);
        } catch {
          await fs.rm(back, { force: true }).catch(() => undefined);
        }
      }
      await removeTemps();
      const lost = done.map((j) => writes[j]!.label).filter((l) => !restored.includes(l));
      if (lost.length) throw new Error(`${w.label}: cannot replace it (${errnoOf(err) ?? String(err)}) and ${lost.join(', ')} could not be put back: they hold the new text`, { cause: err });
      if (USER_CODES.has(errnoOf(err) ?? '')) throw new FileWriteError(w.label, reasonOf(errnoOf(err), 'replacing it'), restored);
      throw err;
    }
  }
}
