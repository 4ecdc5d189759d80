/** Loads and reviews the fixed golden workspace test/fixtures/review/ (paths relative to the repo root). */
import { loadSources } from '../../shared/node/files.ts';
import { parseWorkspace, type SourceFile } from '../../shared/config/workspace.ts';
import { review } from '../../shared/rules/engine.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { PositionMapper } from '../../shared/report/format-position.ts';

export const REVIEW_FIXTURE = 'test/fixtures/review';

export async function reviewFixture(dir = REVIEW_FIXTURE, rules?: readonly Rule[]) {
  const { sources, errors } = await loadSources([dir]);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  return reviewSources(sources, rules);
}

export function reviewSources(sources: SourceFile[], rules?: readonly Rule[]) {
  const ws = parseWorkspace(sources);
  const result = review(ws, { rules });
  const pos = new PositionMapper((f) => ws.files.get(f)?.text ?? sources.find((s) => s.path === f)?.text);
  return { ws, sources, pos, ...result };
}
