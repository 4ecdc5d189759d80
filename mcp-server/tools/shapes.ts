/** Output pieces several tools share: where something is in the source, and findings/proposals as tools show them. */
import { markFileContent } from '../file-content.ts';
import { z } from 'zod';
import { docOf, docsUrl, type DocRef, type Finding, type PathSeg, type Span } from '../../shared/index.ts';
import type { LoadedWorkspace } from '../roots.ts';
import type { ProposalStore } from '../proposals.ts';

export const SourceSchema = z.object({
  file: z.string().describe('File path relative to the server root'),
  line: z.number().int().positive().describe('1-based line'),
  column: z.number().int().positive().describe('1-based column'),
});
export type Source = z.infer<typeof SourceSchema>;

export const RangeSchema = z.object({
  file: z.string().describe('File path relative to the server root'),
  start: z.object({ line: z.number().int().positive(), column: z.number().int().positive() }).describe('1-based start'),
  end: z.object({ line: z.number().int().positive(), column: z.number().int().positive() }).describe('1-based end (exclusive)'),
});

/** Where a span starts, 1-based (through the core's PositionMapper, the only line/column arithmetic). */
export function sourceOf(loaded: LoadedWorkspace, file: string, span: Span): Source {
  const { start } = loaded.pos.region(file, span);
  return { file, line: start.line, column: start.column };
}

/** Where a model document starts (its first content line). */
export function sourceOfDoc(loaded: LoadedWorkspace, ref: DocRef): Source {
  const start = docOf(loaded.ws, ref)?.start ?? 0;
  return sourceOf(loaded, ref.file, { start, end: start });
}

/** Where the node at `path` inside a document starts (falls back to the document start). */
export function sourceOfPath(loaded: LoadedWorkspace, ref: DocRef, path: readonly PathSeg[]): Source {
  const d = docOf(loaded.ws, ref);
  if (!d || path.length === 0) return sourceOfDoc(loaded, ref);
  return sourceOf(loaded, ref.file, d.span(path, 'value'));
}

export const ProposalRefSchema = z.object({
  title: z.string().describe('What the change does and why this value'),
  proposalId: z.string().describe('Opaque id for apply_proposal (valid while this server runs and the files are unchanged)'),
  diff: z.string().describe('Unified diff of the change'),
});
export type ProposalRef = z.infer<typeof ProposalRefSchema>;

export const FindingViewSchema = z.object({
  ruleId: z.string().describe('Rule id; also the docs page name'),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  pool: z.string().optional(),
  range: RangeSchema,
  docsUrl: z.string().describe('Rule documentation'),
  fix: ProposalRefSchema.optional().describe('Meaning-preserving change'),
  suggestions: z.array(ProposalRefSchema).optional().describe('Behaviour changes, offered one at a time'),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional().describe('The numbers behind the message'),
});
export type FindingView = z.infer<typeof FindingViewSchema>;

/** A finding as tools show it: 1-based range, docs link, and each edit stored as an applicable proposal. */
export function findingView(loaded: LoadedWorkspace, store: ProposalStore, f: Finding): FindingView {
  const region = loaded.pos.region(f.file, f.span);
  const toRef = (fix: NonNullable<Finding['fix']>): ProposalRef => {
    const p = store.put(loaded, { title: fix.title, origin: f.ruleId, pool: f.pool, edits: fix.edits });
    return { title: fix.title, proposalId: p.id, diff: markFileContent(p.diff) };
  };
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    pool: f.pool,
    range: { file: f.file, start: region.start, end: region.end },
    docsUrl: docsUrl(f.ruleId),
    fix: f.fix && f.fix.edits.length > 0 ? toRef(f.fix) : undefined,
    suggestions: f.suggestions?.filter((s) => s.edits.length > 0).map(toRef),
    data: f.data,
  };
}
