import { markFileContent } from '../file-content.ts';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { applyEdits, editsByFile, OverlappingEditsError } from '../../shared/index.ts';
import * as path from 'node:path';
import { FileWriteError, isUserWriteFailure, writeFilesAtomic } from '../../shared/node/write-all.ts';
import { writeProposalRecord } from '../../shared/node/proposal-records.ts';
import { defineTool, ToolError } from '../tool.ts';
import { boundedString, LIMITS_NOTE } from '../limits.ts';
import { secretValues } from '../redact.ts';
import { sha256 } from '../proposals.ts';
import { parseWorkspace } from '../../shared/index.ts';

export const applyProposalTool = defineTool({
  name: 'apply_proposal',
  title: 'Apply proposal',
  description: 'Writes one proposal (from analyze_pool or a propose_* tool) to the config files. Refuses when any file changed ' +
    'since the proposal was made (its sha256 no longer matches): propose again then. All files or none (temp files, ' +
    'rename, rollback); returns the diff applied. Only available when the server runs with --allow-write. ' + LIMITS_NOTE,
  input: z.object({
    proposalId: boundedString('Proposal id from analyze_pool (fix/suggestions) or a propose_* tool', 128).min(1),
  }),
  output: z.object({
    proposalId: z.string(),
    title: z.string(),
    files: z.array(z.object({
      file: z.string().describe('File path relative to the server root'),
      sha256Before: z.string(),
      sha256After: z.string(),
    })),
    diff: z.string().describe('Unified diff that was applied'),
    record: z.string().optional().describe('The proposal record written for verify_pool (.pool-tuner/proposals/<id>.json, relative to the root); tuner proposals only'),
    recordError: z.string().optional().describe('Why the record could not be written (the edits are applied)'),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
  writes: true,
  // Serialised per server: two proposals on one file must not both pass the sha256 check and then both write.
  run: (args, ctx) => ctx.exclusive(async () => {
    const p = ctx.proposals.get(args.proposalId);
    if (!p) {
      throw new ToolError(`No proposal '${args.proposalId}'. Proposals live only in this server session and are forgotten once applied; call analyze_pool or a propose_* tool for a fresh id.`);
    }
    // Check every file first, then write: a stale file refuses the whole proposal.
    const plan: { file: string; abs: string; before: string; after: string }[] = [];
    for (const [file, edits] of editsByFile(p.edits)) {
      const abs = await ctx.roots.fileOf(p.base, file);
      let before: string;
      try {
        before = await fs.readFile(abs, 'utf8');
      } catch (err) {
        if (isUserWriteFailure(err)) throw new ToolError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code}). Nothing was written.`);
        throw err;
      }
      ctx.addSecrets(await secretValues(parseWorkspace([{ path: file, text: before }])));
      const expected = p.files.find((f) => f.file === file)?.sha256;
      const actual = sha256(before);
      if (actual !== expected) {
        throw new ToolError(`${file} changed since proposal ${p.id} was made (sha256 ${expected?.slice(0, 12)}… then, ${actual.slice(0, 12)}… now). Nothing was written. Run ${p.origin.startsWith('propose_') ? p.origin : 'analyze_pool'} again for a proposal based on the current file.`);
      }
      try {
        plan.push({ file, abs, before, after: applyEdits(before, edits) });
      } catch (err) {
        if (err instanceof OverlappingEditsError) throw new ToolError(`Proposal ${p.id} cannot be applied: ${err.message}. Nothing was written.`);
        throw err;
      }
    }
    // All files or none: checked, staged in temp files, renamed; a failed rename puts back the files replaced.
    try {
      await writeFilesAtomic(plan.map((s) => ({ abs: s.abs, label: s.file, before: s.before, after: s.after })));
    } catch (err) {
      if (err instanceof FileWriteError) throw new ToolError(`Proposal ${p.id} was not applied: ${err.message} Fix that and call apply_proposal with the same id again.`);
      throw err;
    }
    ctx.proposals.delete(p.id);
    let record: string | undefined;
    let recordError: string | undefined;
    if (p.record) {
      try {
        record = path.relative(p.base, await writeProposalRecord(p.record.dir, p.record.build(new Date().toISOString()))).split(path.sep).join('/');
      } catch (err) {
        recordError = err instanceof Error ? err.message : String(err);
        ctx.log.error(`applied ${p.id} but its record was not written: ${recordError}`);
      }
    }
    ctx.log.info(`applied ${p.id} (${p.title}) to ${plan.map((s) => s.file).join(', ')}`);
    return {
      proposalId: p.id,
      title: p.title,
      files: plan.map((s) => ({ file: s.file, sha256Before: sha256(s.before), sha256After: sha256(s.after) })),
      diff: markFileContent(p.diff),
      ...(record ? { record } : {}),
      ...(recordError ? { recordError } : {}),
    };
  }),
});
