/** Formats other than text and JSON (markdown, sarif, github): filled in by the reporting work. */
import type { Finding } from '../shared/rules/finding.ts';
import type { PositionMapper } from '../shared/report/format-position.ts';
import { UsageError } from './usage.ts';

export function formatOther(format: string, _findings: Finding[], _pos: PositionMapper, _skipped: string[]): string {
  throw new UsageError(`--format ${format} is not available yet`);
}
