import type { Rule } from './types.ts';

/** Re-emits the parser's syntax problems (broken YAML, binary files, alias bombs) as findings. */
export const rule: Rule = {
  meta: {
    id: 'yaml-syntax',
    title: 'File is not valid YAML',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'A document that does not parse is invisible to gcloud, CREMA and every other rule: nothing in it is checked or applied.',
    remediation: 'Fix the YAML syntax at the reported position.',
    fixable: 'none',
  },
  check(ctx) {
    for (const p of ctx.ws.problems) {
      if (p.ruleId === 'yaml-syntax') ctx.report({ message: p.message, file: p.file, span: p.span, data: p.data, severity: p.severity });
    }
  },
};
