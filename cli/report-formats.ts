/** Formats other than text and JSON (markdown, sarif, github): picks the pure formatter in shared/report/. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../shared/rules/finding.ts';
import type { PositionMapper } from '../shared/report/format-position.ts';
import { RULES } from '../shared/rules/index.ts';
import { formatMarkdown } from '../shared/report/markdown.ts';
import { formatSarif } from '../shared/report/sarif.ts';
import { formatGithub } from '../shared/report/github.ts';
import { UsageError } from './usage.ts';

/**
 * The tool version reported in SARIF: `POOL_TUNER_VERSION` (as for `--version`), else package.json's, which
 * sits one folder up from both `cli/` (tsx) and `dist/` (the bundle).
 */
export function toolVersion(): string {
  const fromEnv = process.env['POOL_TUNER_VERSION'];
  if (fromEnv) return fromEnv;
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function formatOther(format: string, findings: Finding[], pos: PositionMapper, skipped: string[]): string {
  switch (format) {
    case 'markdown':
      return formatMarkdown(findings, pos, skipped);
    case 'sarif': {
      // Relative artifact URIs resolve against the folder the review ran in (SARIF originalUriBaseIds).
      const srcRootUri = pathToFileURL(process.cwd()).href.replace(/\/?$/, '/');
      return formatSarif(findings, pos, { toolVersion: toolVersion(), rules: RULES, skippedForMetrics: skipped, srcRootUri });
    }
    case 'github':
      return formatGithub(findings, pos, skipped);
    default:
      throw new UsageError(`--format ${format} is not a known format (text, json, markdown, sarif, github)`);
  }
}
