/**
 * Renders tune output for people: a current-vs-proposed table per pool, the reasons, warnings and the diff
 * (text for terminals, Markdown for PR comments). JSON is `TuneOutput` itself (schema.ts).
 */
import type { Figures, PoolSettingsValues, Proposal, ScalingChoice, TuneOutput } from './schema.ts';
import type { Band, PredictedBands } from '../model/bands-schema.ts';
import { calibrationRows } from '../model/calibration.ts';
import { identificationLines, identificationText } from '../model/identify-text.ts';

const num = (x: number) => (!Number.isFinite(x) ? '∞' : Math.abs(x) >= 100 ? Math.round(x).toString() : Number(x.toPrecision(2)).toString());
const sec = (x: number | undefined) => (x === undefined ? '—' : `${num(x)} s`);
const usd = (x: number) => `$${x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2)}`;

function scalingText(s: ScalingChoice | undefined): string {
  if (!s) return '—';
  if (s.mode === 'manual') return `manual, ${s.instances} instance${s.instances === 1 ? '' : 's'}`;
  const cron = (s.schedules ?? []).map((x) => ` + cron ${x.start} → ${x.end} (${x.timezone}) at ${x.desiredReplicas}`).join('');
  return `CREMA value ${s.targetValue}, min ${s.minReplicas}, max ${s.maxReplicas}, down ${s.scaleDownStabilizationSec} s${cron}`;
}

/** The schedule beside the best reactive configuration on the same replays (stages/schedule.ts). */
function scheduleRows(p: Proposal): string[][] {
  const sc = p.schedule;
  if (!sc?.reactive) return [];
  const row = (label: string, x: NonNullable<typeof sc.reactive>) => [label, scalingText(x.scaling), usd(x.costUsdPerMonth), sec(x.queueWaitP95Sec), sec(x.maxMessageAgeSec), `${Math.round(x.sloMetShare * 100)}%`];
  return [row(sc.proposed ? '  reactive' : '→ reactive', sc.reactive), ...(sc.scheduled ? [row(sc.proposed ? '→ scheduled' : '  scheduled', sc.scheduled)] : [])];
}

function settingRows(cur: PoolSettingsValues, rec: PoolSettingsValues, status: Proposal['status']): [string, string, string][] {
  const sized = status !== 'needs-metrics';
  const retry = (v: PoolSettingsValues) => (v.minimumBackoffSec === undefined ? 'none (immediate)' : `${v.minimumBackoffSec}–${v.maximumBackoffSec} s`);
  const dlq = (v: PoolSettingsValues) => (v.maxDeliveryAttempts === undefined ? 'none' : `${v.maxDeliveryAttempts} → ${v.deadLetterTopic ?? '?'}`);
  return [
    ['concurrency', cur.concurrency?.toString() ?? 'unset (1000)', sized ? rec.concurrency?.toString() ?? '—' : 'needs metrics'],
    ['scaling', scalingText(cur.scaling), sized ? scalingText(rec.scaling) : 'needs metrics'],
    ['ack deadline', sec(cur.ackDeadlineSec), sec(rec.ackDeadlineSec)],
    ['retry backoff', retry(cur), retry(rec)],
    ['dead-letter', dlq(cur), dlq(rec)],
  ];
}

function figureRows(p: Proposal): [string, string, string, string][] {
  const c = p.currentFigures;
  const f = p.predictedFigures;
  const slo = p.slo;
  const row = (label: string, get: (x: Figures) => string, target = ''): [string, string, string, string] => [label, c ? get(c) : '—', f ? get(f) : '—', target];
  return [
    row('queue wait p95', (x) => sec(x.queueWaitP95Sec), slo.queueWaitP95Sec !== undefined ? `≤ ${slo.queueWaitP95Sec} s` : ''),
    row('queue wait p99', (x) => sec(x.queueWaitP99Sec)),
    row('max message age', (x) => sec(x.maxMessageAgeSec), slo.maxMessageAgeSec !== undefined ? `≤ ${slo.maxMessageAgeSec} s` : ''),
    row('latency p95', (x) => (x.latencyP95Sec !== undefined ? sec(x.latencyP95Sec) : '—'), slo.latencyP95Sec !== undefined ? `≤ ${slo.latencyP95Sec} s` : ''),
    row('duplicates', (x) => `${num(x.duplicates)} (${num(x.duplicateRatio * 100)}%)`, slo.duplicateRatioMax !== undefined ? `≤ ${num(slo.duplicateRatioMax * 100)}%` : ''),
    row('dead-lettered', (x) => num(x.deadLettered)),
    row('mean instances', (x) => num(x.meanInstances)),
    row('cost / month', (x) => usd(x.costUsdPerMonth)),
    row('SLO met', (x) => (x.sloMet ? 'yes' : 'NO')),
  ];
}

/** Band rows: "median (p95)" over the replays, for today's and the proposed configuration. */
function bandRows(p: Proposal): [string, string, string][] {
  const c = p.currentBands;
  const f = p.predictedBands;
  if (!c && !f) return [];
  const b = (x: PredictedBands | undefined, get: (x: PredictedBands) => Band, fmt: (v: number) => string) => (x ? `${fmt(get(x).median)} (${fmt(get(x).p95)})` : '—');
  const pct = (v: number) => `${num(v * 100)}%`;
  return [
    ['queue wait p95', b(c, (x) => x.p95WaitSec, sec), b(f, (x) => x.p95WaitSec, sec)],
    ['max message age', b(c, (x) => x.maxAgeSec, sec), b(f, (x) => x.maxAgeSec, sec)],
    ['duplicates', b(c, (x) => x.duplicateRatio, pct), b(f, (x) => x.duplicateRatio, pct)],
    ['dead-lettered / day', b(c, (x) => x.deadLetteredPerDay, num), b(f, (x) => x.deadLetteredPerDay, num)],
    ['mean instances', b(c, (x) => x.meanInstances, num), b(f, (x) => x.meanInstances, num)],
    ['cost / month', b(c, (x) => x.costUsdPerMonth, usd), b(f, (x) => x.costUsdPerMonth, usd)],
    ['SLO met on', c ? `${c.replays ? Math.round(c.sloMetShare * c.replays) : 0}/${c.replays} replays` : '—', f ? `${Math.round(f.sloMetShare * f.replays)}/${f.replays} replays` : '—'],
  ];
}

/** Scaling modes compared (modes.ts): mode, settings, cost, p95 wait, SLO share. */
function modeRows(p: Proposal): string[][] {
  const m = p.scalingModes;
  if (!m) return [];
  const name = { manual: 'manual', crema: 'CREMA (queue depth)', cpu: 'CPU autoscaling' } as const;
  return m.options.map((o) => [
    `${o.mode === m.recommended && !o.settings.startsWith('today:') ? '→ ' : '  '}${name[o.mode]}${o.current ? ' (today)' : ''}`,
    o.settings,
    o.costUsdPerMonth !== undefined ? usd(o.costUsdPerMonth) : '—',
    sec(o.queueWaitP95Sec),
    o.assessed ? `${Math.round((o.sloMetShare ?? 0) * 100)}%` : (o.note ?? 'not assessed'),
  ]);
}

function table(rows: string[][], header: string[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}`);
}

export function formatTuneText(out: TuneOutput): string {
  const lines: string[] = [];
  for (const p of out.pools) {
    lines.push(`${p.pool}: ${p.status} (${p.id})`);
    if (p.feasibility) lines.push(`  feasibility: ${p.feasibility.text}`);
    lines.push(...table(settingRows(p.current, p.recommended, p.status), ['setting', 'current', 'proposed']));
    if (p.currentFigures || p.predictedFigures) {
      lines.push('');
      lines.push(...table(figureRows(p), ['simulated', 'current', 'proposed', 'SLO']));
    }
    if (p.identification) lines.push('', '  identified from the recording:', ...identificationText(p.identification, '    '));
    if (p.calibration) {
      lines.push('', `  calibration (${p.calibration.minutes} recorded min): ${p.calibration.summary}${p.calibration.withinTolerance ? '' : ' — LOW CONFIDENCE'}`);
      lines.push(...table(calibrationRows(p.calibration), ['today replayed', 'simulated', 'recorded', 'error']));
    }
    const br = bandRows(p);
    if (br.length) {
      lines.push('');
      lines.push(...table(br, [`over ${p.predictedBands?.replays ?? p.currentBands?.replays} replays: median (p95)`, 'current', 'proposed']));
    }
    const mr = modeRows(p);
    if (mr.length) {
      lines.push('');
      lines.push(...table(mr, ['scaling mode', 'settings', 'cost / month', 'p95 wait', 'SLO on replays']));
      lines.push(`  Mode: ${p.scalingModes!.why}`);
    }
    const sr = scheduleRows(p);
    if (sr.length) {
      const peaks = p.schedule!.peaks.filter((x) => x.period === p.schedule!.peaks[0]!.period);
      lines.push('', ...peaks.map((x) => `  regular peak: ${x.evidence}`));
      lines.push(...table(sr, [`over ${p.schedule!.replays} replays`, 'settings', 'cost / month', 'p95 wait (p95)', 'max age (p95)', 'SLO on replays']));
    } else if (p.schedule) lines.push('', `  regular peak: ${p.schedule.text}`);
    if (p.rationale.length) {
      lines.push('', '  Why:');
      for (const r of p.rationale) lines.push(`  - ${r.setting}: ${r.text}`);
    }
    for (const w of p.warnings) lines.push(`  ! ${w}`);
    if (p.diff) lines.push('', ...p.diff.trimEnd().split('\n').map((l) => `  ${l}`));
    lines.push('');
  }
  const t = out.totals;
  lines.push(...notTunedLines(out));
  if (t.currentCostUsdPerMonth !== undefined && t.proposedCostUsdPerMonth !== undefined && (t.currentCostUsdPerMonth > 0 || t.proposedCostUsdPerMonth > 0)) {
    lines.push(`Total: ${usd(t.proposedCostUsdPerMonth)}/month proposed vs ${usd(t.currentCostUsdPerMonth)} today (simulated; metrics: ${out.metricsSource})${unpricedNote(out)}${notTunedNote(out)}.`);
  } else if (unpricedNote(out)) {
    lines.push(`Total: price not known (${out.pools.filter((p) => p.unpriced).map((p) => p.pool).join(', ')}); metrics: ${out.metricsSource}.`);
  } else {
    lines.push(`Metrics: ${out.metricsSource}.`);
  }
  return `${lines.join('\n')}\n`;
}

const mdCell = (s: string) => s.replace(/\|/g, '\\|');

export function formatTuneMarkdown(out: TuneOutput): string {
  const lines: string[] = ['# Pool Tuner proposals', ''];
  for (const p of out.pools) {
    lines.push(`## ${p.pool}: ${p.status}`, '', `Proposal \`${p.id}\``, '');
    if (p.feasibility) lines.push(`**Feasibility**: ${p.feasibility.text}`, '');
    lines.push('| setting | current | proposed |', '| --- | --- | --- |');
    for (const [a, b, c] of settingRows(p.current, p.recommended, p.status)) lines.push(`| ${mdCell(a)} | ${mdCell(b)} | ${mdCell(c)} |`);
    if (p.currentFigures || p.predictedFigures) {
      lines.push('', '| simulated | current | proposed | SLO |', '| --- | --- | --- | --- |');
      for (const r of figureRows(p)) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
    }
    if (p.identification) {
      lines.push('', '**Identified from the recording**', '', '| parameter | value | basis | evidence |', '| --- | --- | --- | --- |');
      for (const l of identificationLines(p.identification)) lines.push(`| ${[l.parameter, l.value, l.basis, l.evidence].map(mdCell).join(' | ')} |`);
      for (const n of p.identification.notes) lines.push('', `> ${mdCell(n)}`);
    }
    if (p.calibration) {
      lines.push('', `Calibration over ${p.calibration.minutes} recorded minutes: ${p.calibration.summary}${p.calibration.withinTolerance ? '' : ' (low confidence)'}`, '', '| today replayed | simulated | recorded | error |', '| --- | --- | --- | --- |');
      for (const r of calibrationRows(p.calibration)) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
    }
    const br = bandRows(p);
    if (br.length) {
      lines.push('', `| over ${p.predictedBands?.replays ?? p.currentBands?.replays} replays: median (p95) | current | proposed |`, '| --- | --- | --- |');
      for (const r of br) lines.push(`| ${r.map(mdCell).join(' | ')} |`);
    }
    const mr = modeRows(p);
    if (mr.length) {
      lines.push('', '| scaling mode | settings | cost / month | p95 wait | SLO on replays |', '| --- | --- | --- | --- | --- |');
      for (const r of mr) lines.push(`| ${r.map((c) => mdCell(c.trim())).join(' | ')} |`);
      lines.push('', `**Scaling mode**: ${p.scalingModes!.why}`);
    }
    if (p.rationale.length) {
      lines.push('', '**Why**', '');
      for (const r of p.rationale) lines.push(`- **${r.setting}**: ${r.text}`);
    }
    if (p.warnings.length) {
      lines.push('', '**Warnings**', '');
      for (const w of p.warnings) lines.push(`- ${w}`);
    }
    if (p.diff) lines.push('', '```diff', p.diff.trimEnd(), '```');
    lines.push('');
  }
  const nt = notTunedLines(out);
  if (nt.length) lines.push('**Not tuned**', '', ...nt.map((l) => `- ${l}`), '');
  const t = out.totals;
  lines.push(t.currentCostUsdPerMonth !== undefined && t.proposedCostUsdPerMonth !== undefined
    ? `Totals: ${usd(t.proposedCostUsdPerMonth)}/month proposed vs ${usd(t.currentCostUsdPerMonth)} today (metrics: ${out.metricsSource})${unpricedNote(out)}${notTunedNote(out)}.`
    : `Totals: no pool has simulated costs (metrics: ${out.metricsSource})${notTunedNote(out)}.`);
  return `${lines.join('\n')}\n`;
}

/** One line per pool not tuned (invalid input) or file not read (failed to parse). */
function notTunedLines(out: TuneOutput): string[] {
  return (out.notTuned ?? []).map((e) => `${e.pool ?? e.file}: not tuned: ${e.pool ? 'invalid input' : 'the file failed to parse'} (${e.file}:${e.line}:${e.column}: ${e.message})`);
}

function notTunedNote(out: TuneOutput): string {
  const names = [...new Set((out.notTuned ?? []).map((e) => e.pool ?? e.file))];
  return names.length ? `, not counting ${names.join(', ')} (not tuned, see above)` : '';
}

/** ", not counting a, b (price not known)" when some pools have no known price (they are left out of the totals). */
function unpricedNote(out: TuneOutput): string {
  const names = out.pools.filter((p) => p.unpriced).map((p) => p.pool);
  return names.length ? `, not counting ${names.join(', ')} (price not known)` : '';
}
