/**
 * Input that commands must not compute with: a pool whose own documents hold an invalid field (a negative instance
 * count, a concurrency env var that is not a number, …) and config files that failed to parse (their pools are
 * missing, so a total would silently leave them out). Cost, tune and simulate name these instead of pricing them
 * at $0 or sizing with a default; the findings themselves come from `review()` (`invalid-field`, `yaml-syntax`).
 */
import { z } from 'zod';
import type { Pool } from './model.ts';
import { mayHoldPoolConfig, type Workspace } from './workspace.ts';
import type { ParseProblem } from './kinds/context.ts';
import { PositionMapper } from '../report/format-position.ts';

/** One problem, positioned for a message: `orders/worker-pool.yaml:12:40: metadata.annotations.…: …`. */
export const InputErrorSchema = z.object({
  file: z.string(),
  line: z.number().int().describe('1-based'),
  column: z.number().int().describe('1-based'),
  field: z.string().optional().describe('The field\'s model path (dot-joined), for an invalid field'),
  message: z.string(),
  pool: z.string().optional().describe('The pool the problem belongs to (absent for a file that failed to parse)'),
});
export type InputError = z.infer<typeof InputErrorSchema>;

/** Invalid fields in the documents of `pool` (worker pool, scaler, subscriptions), outside template placeholders. */
export function poolInputErrors(ws: Workspace, pool: Pool): InputError[] {
  const refs = [pool.workerPool?.ref, pool.scaler?.ref, ...pool.subscriptions.map((s) => s.ref)].filter((r) => r !== undefined);
  const mine = (p: ParseProblem) => p.ruleId === 'invalid-field' && refs.some((r) => r.file === p.file && r.docIndex === p.docIndex) && !onPlaceholder(ws, p);
  const pos = positions(ws);
  return dedupe(ws.problems.filter(mine)).map((p) => ({ ...at(pos, p), ...(typeof p.data?.['field'] === 'string' ? { field: p.data['field'] } : {}), pool: pool.name }));
}

/**
 * Config files whose YAML (or HCL) could not be parsed and that name a kind Pool Tuner reads (a WorkerPool, a
 * CremaConfig, a subscription…): the first error of each. Template notes are not errors; a broken YAML file of
 * another kind (a CI workflow) held no pool, so it is review's finding only.
 */
export function unreadFiles(ws: Workspace): InputError[] {
  const pos = positions(ws);
  const seen = new Set<string>();
  const out: InputError[] = [];
  for (const p of ws.problems) {
    if (p.ruleId !== 'yaml-syntax' || p.severity === 'info' || seen.has(p.file) || !mayHoldPoolConfig(ws.files.get(p.file)?.text ?? '')) continue;
    seen.add(p.file);
    out.push(at(pos, p));
  }
  return out;
}

/** Input errors of every pool in `pools`, in pool order. */
export function inputErrorsOf(ws: Workspace, pools: readonly Pool[]): InputError[] {
  return pools.flatMap((p) => poolInputErrors(ws, p));
}

/** `file:line:column: message` (the message already names the field). */
export function describeInputError(e: InputError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

/** The one sentence adapters print when they refuse to compute a pool with invalid input. */
export function refusalMessage(command: string, errors: readonly InputError[]): string {
  const pools = [...new Set(errors.map((e) => e.pool).filter((p) => p !== undefined))];
  const head = `${command}: not computed for ${pools.length ? pools.map((p) => `"${p}"`).join(', ') : 'these files'}: fix the invalid input first (pool-tuner review lists it)`;
  return [head, ...errors.map((e) => `  ${describeInputError(e)}`)].join('\n');
}

function positions(ws: Workspace): PositionMapper {
  return new PositionMapper((f) => ws.files.get(f)?.text);
}

function at(pos: PositionMapper, p: ParseProblem): InputError {
  const { start } = pos.region(p.file, p.span);
  return { file: p.file, line: start.line, column: start.column, message: p.message };
}

function onPlaceholder(ws: Workspace, p: ParseProblem): boolean {
  const t = ws.templates.get(p.file);
  return t !== undefined && t.placeholders.some((s) => s.start < p.span.end && p.span.start < s.end);
}

function dedupe(ps: ParseProblem[]): ParseProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.file}\u0000${p.span.start}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
