/** Thin adapter over the core's unified diff (shared/tune/diff.ts) with the file name as `a/…` and `b/…`. */
import { unifiedDiff } from '../shared/index.ts';

export function unifiedDiffOf(file: string, oldText: string, newText: string): string {
  return unifiedDiff(file, oldText, newText);
}
