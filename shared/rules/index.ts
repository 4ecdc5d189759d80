/** The explicit rule registry. A meta-test checks that every file in this folder is listed here and vice versa. */
import type { Rule } from './types.ts';
import { rule as yamlSyntax } from './yaml-syntax.ts';
import { rule as invalidField } from './invalid-field.ts';
import { rule as noDeadLetterPolicy } from './no-dead-letter-policy.ts';
import { rule as cremaPoolNotManual } from './crema-pool-not-manual.ts';
import { rule as cremaPerObjectPollingInterval } from './crema-per-object-polling-interval.ts';

export const RULES: readonly Rule[] = [
  yamlSyntax,
  invalidField,
  noDeadLetterPolicy,
  cremaPoolNotManual,
  cremaPerObjectPollingInterval,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
