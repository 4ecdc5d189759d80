/**
 * The per-server proposal store. Tools that propose a change (rule suggestions from analyze_pool, the tuner's
 * propose_* tools) store the edits here under an opaque id together with the sha256 of each file's text the
 * edits were computed on; apply_proposal looks the id up and refuses when a file has changed since.
 * One store per `createServer` call: no module state.
 */
import { createHash } from 'node:crypto';
import { applyEdits, editsByFile, unifiedDiff, type ProposalRecord, type TextEdit } from '../shared/index.ts';
import { MAX_STORED_PROPOSALS } from './limits.ts';
import type { LoadedWorkspace } from './roots.ts';

export interface StoredProposal {
  id: string;
  title: string;
  /** What made it: a rule id or a tuner tool. */
  origin: string;
  pool?: string;
  /** Absolute folder the edit file paths are relative to. */
  base: string;
  files: { file: string; sha256: string }[];
  edits: TextEdit[];
  diff: string;
  /** For tuner proposals: builds the proposal record written on apply, and the folder it goes to. */
  record?: { dir: string; build(appliedAt: string): ProposalRecord };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ProposalStore {
  private readonly byId = new Map<string, StoredProposal>();

  /**
   * Stores edits computed on `loaded` and returns the proposal (id and unified diff). The id is derived from the
   * files' content and the edits, so proposing the same change twice gives the same id. `id` overrides it
   * (the tuner's own opaque id), `diff` the diff already rendered for it.
   */
  put(loaded: LoadedWorkspace, p: { title: string; origin: string; pool?: string; edits: readonly TextEdit[]; id?: string; diff?: string; record?: StoredProposal['record'] }): StoredProposal {
    const files: StoredProposal['files'] = [];
    const diffs: string[] = [];
    // Files in path order, as the tuner's renderEdits writes them.
    for (const [file, edits] of [...editsByFile(p.edits)].sort(([a], [b]) => a.localeCompare(b))) {
      const text = loaded.ws.files.get(file)?.text ?? '';
      files.push({ file, sha256: sha256(text) });
      diffs.push(unifiedDiff(file, text, applyEdits(text, edits)));
    }
    const id = p.id ?? `prop_${sha256(JSON.stringify([loaded.base, files, p.edits, p.title])).slice(0, 20)}`;
    const stored: StoredProposal = { id, title: p.title, origin: p.origin, pool: p.pool, base: loaded.base, files, edits: [...p.edits], diff: p.diff ?? diffs.join(''), ...(p.record ? { record: p.record } : {}) };
    this.byId.delete(id);
    this.byId.set(id, stored);
    while (this.byId.size > MAX_STORED_PROPOSALS) this.byId.delete(this.byId.keys().next().value!);
    return stored;
  }

  get(id: string): StoredProposal | undefined {
    return this.byId.get(id);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  clear(): void {
    this.byId.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}
