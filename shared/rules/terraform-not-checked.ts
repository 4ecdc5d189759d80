import type { Rule } from './types.ts';
import { docOf } from '../config/workspace.ts';

/**
 * The Terraform counterpart of the templated-YAML note ("reviewed around the placeholders; N not checked"): one
 * note per resource whose values the module cannot settle (a variable without a default, a `dynamic` block, a
 * value from another resource's output), or that was not read at all (a name that cannot be settled, a module
 * call). Findings that depend on those values are withheld (lib/withheld.ts); the others are still reported.
 */
export const rule: Rule = {
  meta: {
    id: 'terraform-not-checked',
    title: 'Terraform values the module cannot settle: not checked',
    category: 'correctness',
    defaultSeverity: 'info',
    needs: 'config',
    description: 'A value that comes from a variable without a default, a dynamic block or a module call is unknown to a review of the module alone: checks that depend on it were not made, and "no problems found" would not mean they pass.',
    remediation: 'Give the variable a default (or review with the values the module is called with: a tfvars-rendered copy, the calling module), or check these values by hand.',
    fixable: 'none',
  },
  check(ctx) {
    for (const u of ctx.ws.unchecked) {
      if (u.items.length === 0) continue;
      const ref = u.doc ? { file: u.doc.file, docIndex: u.doc.index } : undefined;
      const pool = ref ? ctx.pools.find((p) => [p.workerPool?.ref, p.scaler?.ref, ...p.subscriptions.map((s) => s.ref)].some((r) => r && docOf(ctx.ws, r) === u.doc)) : undefined;
      const list = u.items.map((i) => `\`${i.what}\` (${i.reason})`).join('; ');
      ctx.report({
        message: u.whole
          ? `${u.address} was not reviewed: ${list}.`
          : `${u.address}: reviewed around ${u.items.length} value${u.items.length === 1 ? '' : 's'} the module cannot settle, not checked: ${list}. Findings that depend on ${u.items.length === 1 ? 'it are' : 'them are'} withheld; the others are reported.`,
        file: u.file,
        span: u.span,
        pool: pool?.name,
        data: { resource: u.address, notChecked: u.items.length, reviewed: !u.whole },
      });
    }
  },
};
