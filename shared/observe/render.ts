/** The Markdown report of `observe`: per pool, each alert's threshold, derivation, test result and verdict. Words from the data only. */
import { KIND_TITLE } from './policy.ts';
import type { ObserveOutput, PoolObservability } from './schema.ts';

const num = (x: number) => `${Number(x.toPrecision(4))}`;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function recordedCell(a: PoolObservability['alerts'][number]): string {
  if (!a.recorded) return '—';
  if (a.recorded.fires === 0) return 'quiet';
  const times = a.recorded.at.slice(0, 4).map((t) => t.slice(11, 16)).join(', ');
  return `${a.recorded.fires}× (${times}${a.recorded.at.length > 4 ? ', …' : ''})`;
}

function replaysCell(a: PoolObservability['alerts'][number]): string {
  if (!a.replays) return '—';
  const unhealthy = a.replays.replays - a.replays.healthy;
  return `${a.replays.fired} of ${a.replays.replays}${unhealthy ? ` (${unhealthy} miss the SLO)` : ''}`;
}

/** The threshold as read: a ratio in percent, the pinned alert at the maximum, the stalled one by its window. */
export function thresholdText(a: Pick<PoolObservability['alerts'][number], 'kind' | 'threshold' | 'unit' | 'windowSec'>): string {
  if (a.kind === 'stalled') return `no ack in ${a.windowSec / 60} min`;
  if (a.kind === 'pinned-at-max') return `at ${a.threshold + 0.5} instances`;
  if (a.unit === 'ratio') return `${num(a.threshold * 100)}%`;
  return `${num(a.threshold)} ${a.unit}`;
}

export function formatPoolMarkdown(p: PoolObservability): string {
  const lines = [`## ${p.pool}`, ''];
  const subs = p.subscriptions && p.subscriptions.length > 1 ? p.subscriptions : undefined;
  if (subs) lines.push(`Watches subscriptions ${subs.map((x) => `\`${x}\``).join(', ')} (one incident per subscription)${p.workerPool ? ` and worker pool \`${p.workerPool}\`` : ''}.${p.fitted ? '' : ' Thresholds not fitted.'}`, '');
  else if (p.subscription) lines.push(`Watches subscription \`${p.subscription}\`${p.workerPool ? ` and worker pool \`${p.workerPool}\`` : ''}.${p.fitted ? '' : ' Thresholds not fitted.'}`, '');
  for (const n of p.notes) lines.push(`- ${n}`);
  if (p.notes.length) lines.push('');
  if (p.alerts.length) {
    lines.push('| alert | threshold | recorded day | replays of the tuned config fired | verdict |', '| --- | --- | --- | --- | --- |');
    for (const a of p.alerts) {
      const adj = a.adjustment ? ` (was ${thresholdText({ ...a, threshold: a.adjustment.from })})` : '';
      lines.push(`| ${KIND_TITLE[a.kind]} | ${thresholdText(a)}${adj} | ${recordedCell(a)} | ${replaysCell(a)} | ${a.verdict} |`);
    }
    lines.push('');
    for (const a of p.alerts) {
      lines.push(`- **${a.kind}**: ${cell(a.derivation)}${a.adjustment ? ` Adjusted: ${cell(a.adjustment.why)}.` : ''}`);
    }
    lines.push('');
  }
  for (const s of p.skipped) lines.push(`- not generated: ${s.kind} (${s.why})`);
  if (p.skipped.length) lines.push('');
  return lines.join('\n');
}

export function formatObserveMarkdown(out: ObserveOutput): string {
  const head = [
    '# Alerts and dashboards (pool-tuner observe)',
    '',
    `Metrics: ${out.metricsSource}. Notification channels: ${out.notificationChannels.length ? out.notificationChannels.map((c) => `\`${c}\``).join(', ') : 'none set (notificationChannels in pool-tuner.yaml)'}.`,
    '',
  ];
  return `${[...head, ...out.pools.map(formatPoolMarkdown)].join('\n').trimEnd()}\n`;
}
