/**
 * Bad tool arguments become one human line (an isError tool result, MCP 2025-11-25): the field, what it must be, what was
 * given; never a raw zod issue dump.
 */
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

function where(path: readonly PropertyKey[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'arguments';
}

function sentence(i: Issue): string {
  const custom = !/^(Too small|Too big|Invalid input|Invalid option|Unrecognized key|Expected)/.test(i.message);
  if (custom) return i.message;
  switch (i.code) {
    case 'too_small': return i.origin === 'string' ? `must be at least ${String(i.minimum)} characters` : i.origin === 'array' ? `needs at least ${String(i.minimum)} items` : `must be ${i.inclusive ? '≥' : '>'} ${String(i.minimum)}`;
    case 'too_big': return i.origin === 'string' ? `must be at most ${String(i.maximum)} characters` : i.origin === 'array' ? `takes at most ${String(i.maximum)} items` : `must be ${i.inclusive ? '≤' : '<'} ${String(i.maximum)}`;
    case 'invalid_type': return `must be ${i.expected === 'int' ? 'a whole number' : `a ${i.expected}`}`;
    case 'invalid_value': return `must be one of ${i.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys': return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'not_multiple_of': return `must be a multiple of ${String(i.divisor)}`;
    default: return i.message;
  }
}

/** "Invalid arguments for simulate_pool: overrides[0].value: ackDeadline must be a whole number from 10 to 600 (seconds); got 5". */
export function invalidParamsMessage(tool: string, error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return `Invalid arguments for ${tool}.`;
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `Invalid arguments for ${tool}: ${where(first.path)}: ${sentence(first)}${more}.`;
}
