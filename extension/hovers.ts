/**
 * Hovers on the fields the tuner reasons about: what the metrics (or, without them, the declared settings) say
 * about the value under the cursor, e.g. the observed p99 processing time on `ackDeadlineSeconds`.
 * Fields are located with the core's `docOf(…).fieldSpan` on the model objects' own paths; nothing here walks YAML.
 */
import { editorRedactor } from './redact.ts';
import * as vscode from 'vscode';
import { docOf, type PathSeg, type Pool, type PoolFigures, type Span, type Workspace } from '../shared/index.ts';
import { WORKER_POOL_PATHS } from '../shared/index.ts';
import { fileKey, spanToRange } from './convert.ts';
import { count, percent, processingLine, rate, seconds } from './figures-text.ts';
import type { ReviewState, WorkspaceModel } from './workspace-model.ts';

interface FieldHover {
  ref: { file: string; docIndex: number };
  path: PathSeg[];
  lines: (pool: Pool, f: PoolFigures | undefined, source: string | undefined) => string[];
}

function noMetrics(source: string | undefined): string {
  return source ? `no data for this pool in ${source}` : 'no metrics (choose a source: *Pool Tuner: Select metrics source…*)';
}

/** The hover-able fields of one pool, with what each shows. */
function fieldsOf(pool: Pool): FieldHover[] {
  const out: FieldHover[] = [];
  for (const sub of pool.subscriptions) {
    out.push({
      ref: sub.ref, path: [...sub.basePath, 'ackDeadlineSeconds'],
      lines: (p, f, src) => {
        const proc = processingLine(f);
        const declared = p.settings?.processingTimeSec;
        return [
          `**Processing time** of pool \`${p.name}\`: ${proc ? `${proc}, observed` : noMetrics(src)}`,
          ...(declared !== undefined ? [`Declared in pool-tuner.yaml: ${seconds(declared)} per message`] : []),
          ...(f?.redeliveryRatio !== undefined ? [`Redeliveries (expired ack deadlines): ${percent(f.redeliveryRatio)}`] : []),
        ];
      },
    });
    out.push({
      ref: sub.ref, path: [...sub.basePath, 'deadLetterPolicy', 'maxDeliveryAttempts'],
      lines: (p, f, src) => [
        `**Failures** of pool \`${p.name}\`: ${f?.failureRatio !== undefined ? `${percent(f.failureRatio)} of deliveries nacked` : noMetrics(src)}`,
        ...(f?.deadLetterPerSec !== undefined ? [`Dead-lettered: ${rate(f.deadLetterPerSec)}`] : []),
      ],
    });
  }
  const sc = pool.scaler;
  if (sc) {
    const backlog = (p: Pool, f: PoolFigures | undefined, src: string | undefined): string[] => f?.backlogMessages
      ? [`**Backlog** of pool \`${p.name}\`: p95 ${count(f.backlogMessages.p95)}, max ${count(f.backlogMessages.max)} messages`,
        `Arrivals ${rate(f.arrivalRatePerSec?.mean)}, acked ${rate(f.throughputPerSec?.mean)}, per instance ${rate(f.throughputPerInstancePerSec)}`]
      : [`**Backlog** of pool \`${p.name}\`: ${noMetrics(src)}`];
    const instances = (p: Pool, f: PoolFigures | undefined, src: string | undefined): string[] => [
      `**Instances** of pool \`${p.name}\`: ${f?.instanceCount ? `mean ${count(f.instanceCount.mean)}, max ${count(f.instanceCount.max)}` : noMetrics(src)}`,
      ...(f?.cpuUtilization ? [`CPU utilization p95 ${percent(f.cpuUtilization.p95)}`] : []),
    ];
    out.push({ ref: sc.ref, path: [...sc.basePath, 'minReplicaCount'], lines: instances });
    out.push({ ref: sc.ref, path: [...sc.basePath, 'maxReplicaCount'], lines: instances });
    for (const t of sc.triggers) {
      out.push({ ref: sc.ref, path: [...sc.basePath, 'triggers', t.index, 'metadata', 'value'], lines: backlog });
    }
  }
  const wp = pool.workerPool;
  if (wp) {
    const instances = (p: Pool, f: PoolFigures | undefined, src: string | undefined): string[] => [
      `**Instances** of pool \`${p.name}\`: ${f?.instanceCount ? `mean ${count(f.instanceCount.mean)}, max ${count(f.instanceCount.max)}` : noMetrics(src)}`,
      ...(f?.cpuUtilization ? [`CPU utilization p95 ${percent(f.cpuUtilization.p95)}, memory p95 ${percent(f.memoryUtilization?.p95)}`] : []),
      ...(f?.oldestUnackedAgeSec ? [`Oldest unacked message: max ${seconds(f.oldestUnackedAgeSec.max)}`] : []),
    ];
    out.push({ ref: wp.ref, path: [...WORKER_POOL_PATHS.manualInstanceCount], lines: instances });
    out.push({ ref: wp.ref, path: [...WORKER_POOL_PATHS.minScale], lines: instances });
    out.push({ ref: wp.ref, path: [...WORKER_POOL_PATHS.maxScale], lines: instances });
  }
  return out;
}

/** Key-to-value span of `path` when the field is written (YAML or Terraform). */
function fieldSpan(ws: Workspace, ref: FieldHover['ref'], path: PathSeg[]): Span | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  return docOf(ws, ref)?.fieldSpan(path);
}

export function hoverAt(state: ReviewState, file: string, offset: number): { span: Span; markdown: string } | undefined {
  for (const pool of state.ws.pools) {
    for (const field of fieldsOf(pool)) {
      if (field.ref.file !== file) continue;
      const span = fieldSpan(state.ws, field.ref, field.path);
      if (!span || offset < span.start || offset > span.end) continue;
      const figures = state.metrics?.forPool(pool.name);
      const lines = field.lines(pool, figures, state.metrics?.source);
      return { span, markdown: lines.join('  \n') + `\n\n*Pool Tuner · metrics: ${state.metrics?.source ?? 'none'}*` };
    }
  }
  return undefined;
}

export class PoolHovers implements vscode.HoverProvider {
  constructor(private readonly model: WorkspaceModel) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.model.ensureFresh(doc);
    if (!state) return undefined;
    const h = hoverAt(state, fileKey(doc.uri), doc.offsetAt(position));
    return h ? new vscode.Hover(new vscode.MarkdownString(editorRedactor.text(h.markdown)), spanToRange(doc, h.span)) : undefined;
  }
}
