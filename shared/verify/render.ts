/** Text and Markdown renderings of `pool-tuner verify` (JSON is the VerifyOutput document itself). */
import { OBSERVABLE_FIGURES, type PoolVerification, type VerifyOutput } from './schema.ts';
import { fmtBand, fmtFigure, LABEL } from './format.ts';

const MARK = { inside: '✓ inside', better: '✓ better', worse: '✗ worse' } as const;
const OUTCOME: Record<PoolVerification['outcome'], string> = {
  'as-predicted': 'as predicted',
  'traffic-changed': 'traffic changed (the model reproduces what happened)',
  'model-wrong': 'MODEL WRONG (it does not reproduce what happened)',
};

function rows(v: PoolVerification): string[][] {
  return [
    ['figure', 'predicted (5–95%)', 'observed', 'verdict', 'model on new traffic'],
    ...OBSERVABLE_FIGURES.map((f) => {
      const c = v.checks.find((x) => x.figure === f)!;
      return [LABEL[f], fmtBand(f, c.predicted), fmtFigure(f, c.observed), MARK[c.verdict], c.replayed ? `${fmtBand(f, c.replayed)}${c.reproduced ? '' : ' (not reproduced)'}` : ''];
    }),
  ];
}

export function formatVerifyText(out: VerifyOutput): string {
  const lines: string[] = [];
  for (const v of out.pools) {
    lines.push(`${v.pool}: ${OUTCOME[v.outcome]}; SLO ${v.sloMet ? 'met' : 'MISSED'} — proposal ${v.proposalId}, applied ${v.appliedAt.slice(0, 10)}`);
    const table = rows(v);
    const w = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    for (const r of table) lines.push(`  ${r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()}`);
    for (const n of v.notes) lines.push(`  ${n.startsWith('Drift:') ? '! ' : ''}${n}`);
    lines.push('');
  }
  for (const s of out.skipped) lines.push(`${s.pool}: not verified: ${s.reason}`);
  if (out.pools.length === 0 && out.skipped.length === 0) lines.push('No applied proposals to verify.');
  const failed = out.pools.filter((p) => p.failed).length;
  lines.push(`${out.pools.length} pool${out.pools.length === 1 ? '' : 's'} verified against ${out.metricsSource}: ${failed} missed ${failed === 1 ? 'its' : 'their'} SLO or a prediction.`);
  return `${lines.join('\n')}\n`;
}

export function formatVerifyMarkdown(out: VerifyOutput): string {
  const lines: string[] = [`### Pool Tuner verify (${out.metricsSource})`, ''];
  for (const v of out.pools) {
    lines.push(`**${v.pool}**: ${OUTCOME[v.outcome]}; SLO ${v.sloMet ? 'met' : '**missed**'} (proposal \`${v.proposalId}\`, applied ${v.appliedAt.slice(0, 10)})`, '');
    const [head, ...body] = rows(v);
    lines.push(`| ${head!.join(' | ')} |`, `| ${head!.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`), '');
    for (const n of v.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  for (const s of out.skipped) lines.push(`- ${s.pool}: not verified: ${s.reason}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
