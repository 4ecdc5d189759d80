import type { Rule } from './types.ts';

/** Re-emits structural problems in known kinds (wrong types, missing required fields, unknown settings). */
export const rule: Rule = {
  meta: {
    id: 'invalid-field',
    title: 'Field has the wrong type or shape',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'gcloud, CREMA (strict YAML) and Config Connector reject documents whose fields have the wrong type; the deploy fails or the field is ignored.',
    remediation: 'Give the field the type the message names, or remove it.',
    fixable: 'none',
  },
  check(ctx) {
    for (const p of ctx.ws.problems) {
      if (p.ruleId === 'invalid-field') ctx.report({ message: p.message, file: p.file, span: p.span, data: p.data });
    }
  },
};
