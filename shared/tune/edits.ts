/**
 * Turns a recommendation into minimal edits of the user's own files through the one edit model
 * (`setValueEdit` / `setTreeEdits`): only the values that change are touched, so comments, quoting and layout
 * survive. Paths: `WP` (worker pool annotations and containers), `scaler.basePath` (the ScaledObject spec),
 * `subscription.basePath` (gcloud: top level; Config Connector: `spec`), and `pool.concurrency` for the env var.
 */
import type { TextEdit } from '../config/edits.ts';
import type { Pool, Subscription } from '../config/model.ts';
import { docOf, type Workspace } from '../config/workspace.ts';
import { labelFor, projectExpression, referenceTopic, terraformDeadLetterSubscription, terraformDeadLetterTopic, topicResourceLabel } from '../config/hcl/dead-letter.ts';
import type { YamlTree } from '../config/yaml-edit.ts';
import type { PathSeg } from '../config/yaml-source.ts';
import { WP } from '../config/kinds/worker-pool.ts';
import { applyEdits, editsByFile, mergeSameOffset } from '../config/edits.ts';
import { overlapsPlaceholder } from '../config/templates.ts';
import { fnv1a64 } from '../report/fingerprint.ts';
import { unifiedDiff } from './diff.ts';
import { effectiveAckSec, effectiveDeliveryAttempts } from '../rules/lib/helpers.ts';
import { primarySubscription, scalingTrigger } from './current.ts';
import { targetKeyOf } from '../config/triggers.ts';
import type { PoolSettingsValues, Schedule } from './schema.ts';

export interface EditPlan {
  edits: TextEdit[];
  /** Settings the edit model could not express (e.g. no env var to hold concurrency). */
  warnings: string[];
}

export function buildEdits(ws: Workspace, pool: Pool, current: PoolSettingsValues, next: PoolSettingsValues): EditPlan {
  const edits: TextEdit[] = [];
  const warnings: string[] = [];
  const set = (at: { ref: { file: string; docIndex: number } }, path: readonly PathSeg[], value: YamlTree, what: string) => {
    const e = docOf(ws, at.ref)?.treeEdits(path, value);
    if (e) edits.push(...e);
    else warnings.push(`Set ${what} by hand: the file's layout allows no safe automatic edit.`);
  };
  const wp = pool.workerPool;
  if (next.concurrency !== undefined && next.concurrency !== current.concurrency) {
    if (wp && pool.concurrency) {
      set(wp, [...WP.containers, pool.concurrency.containerIndex, 'env', pool.concurrency.envIndex, 'value'], String(next.concurrency), `${pool.concurrency.envName}=${next.concurrency}`);
    } else {
      warnings.push(`Pass ${next.concurrency} as the client's max outstanding messages (e.g. env MAX_OUTSTANDING_MESSAGES): the pool config has no concurrency env var to edit.`);
    }
  }
  const s = next.scaling;
  const cur = current.scaling;
  // Compared with the effective current value: an unset mode already is manual with 1 instance (docs/sources.md#worker-pool-scaling-modes).
  if (s?.mode === 'manual' && wp && wp.platform !== 'gke' && (cur?.mode !== 'manual' || cur.instances !== s.instances)) {
    // One tree under `annotations`, so a missing mapping is created once for both keys.
    const annotations: Record<string, string> = wp.scalingMode !== 'manual' ? { 'run.googleapis.com/scalingMode': 'manual' } : {};
    annotations['run.googleapis.com/manualInstanceCount'] = String(s.instances);
    set(wp, WP.annotations, annotations, `run.googleapis.com/manualInstanceCount: '${s.instances}' (scalingMode: manual)`);
  }
  if (s?.mode === 'crema' && pool.scaler) {
    const sc = pool.scaler;
    const c = cur?.mode === 'crema' ? cur : undefined;
    // First: an insertion after the last trigger shares its offset with keys added after `triggers` (mergeSameOffset keeps order).
    const cronEdit = scheduleEdit(ws, pool, c?.schedules ?? [], s.schedules ?? []);
    if (cronEdit === null) warnings.push(`Add the cron trigger${(s.schedules ?? []).length > 1 ? 's' : ''} ${(s.schedules ?? []).map((x) => `start "${x.start}", end "${x.end}", timezone ${x.timezone}, desiredReplicas "${x.desiredReplicas}"`).join('; ')} to the triggers of scaler "${sc.name}" by hand: no safe automatic edit.`);
    else if (cronEdit) edits.push(...cronEdit);
    const trigger = scalingTrigger(pool);
    if (trigger && c?.targetValue !== s.targetValue) {
      set(sc, [...sc.basePath, 'triggers', trigger.index, 'metadata', targetKeyOf(trigger)], String(s.targetValue), `the trigger ${targetKeyOf(trigger)} to "${s.targetValue}"`);
    }
    // Compared with the effective current values (defaults applied), so an unchanged default is not written out.
    if (c?.minReplicas !== s.minReplicas) set(sc, [...sc.basePath, 'minReplicaCount'], s.minReplicas, `minReplicaCount: ${s.minReplicas}`);
    if (c?.maxReplicas !== s.maxReplicas) set(sc, [...sc.basePath, 'maxReplicaCount'], s.maxReplicas, `maxReplicaCount: ${s.maxReplicas}`);
    if (c?.scaleDownStabilizationSec !== s.scaleDownStabilizationSec) {
      set(sc, [...sc.basePath, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown', 'stabilizationWindowSeconds'], s.scaleDownStabilizationSec, `scaleDown.stabilizationWindowSeconds: ${s.scaleDownStabilizationSec}`);
    }
    // docs/sources.md#worker-pool-scaling-modes: "If you use CREMA … switch to manual scaling" — CREMA writes manualInstanceCount.
    const changed = (s.schedules?.length ?? 0) > (c?.schedules?.length ?? 0) || !c || c.targetValue !== s.targetValue || c.minReplicas !== s.minReplicas || c.maxReplicas !== s.maxReplicas || c.scaleDownStabilizationSec !== s.scaleDownStabilizationSec;
    // A GKE workload has no scaling mode: the HPA KEDA creates sets its replicas.
    if (changed && wp && wp.platform !== 'gke' && wp.scalingMode !== 'manual') set(wp, WP.scalingMode, 'manual', 'run.googleapis.com/scalingMode: manual');
  }
  const primary = primarySubscription(pool);
  for (const sub of pool.subscriptions) edits.push(...subscriptionEdits(ws, sub, sub === primary, next, warnings));
  const dlqSub = primary ? dlqSubscriptionEdit(ws, primary, next) : undefined;
  if (dlqSub) edits.push(dlqSub);
  return { edits: mergeSameOffset(withoutPlaceholders(ws, edits, warnings)), warnings };
}

/** Edits that would write inside or over a template placeholder are left to the user (docs/templates: never edited). */
function withoutPlaceholders(ws: Workspace, edits: TextEdit[], warnings: string[]): TextEdit[] {
  const kept = edits.filter((e) => {
    const t = ws.templates.get(e.file);
    if (!t || !overlapsPlaceholder(t.placeholders, e.span)) return true;
    const at = t.placeholders.find((p) => e.span.start < p.end && (e.span.end > p.start || e.span.start >= p.start))!;
    warnings.push(`Change ${e.file} by hand: the edit would write over the template placeholder ${ws.files.get(e.file)?.text.slice(at.start, at.end) ?? ''} (set it in the chart's values).`);
    return false;
  });
  return kept;
}

const scheduleKey = (x: Schedule) => `${x.start}|${x.end}|${x.timezone}|${x.desiredReplicas}`;

/**
 * The proposed KEDA cron triggers the scaler does not have yet, appended to its `triggers` list as users write them
 * (https://keda.sh/docs/latest/scalers/cron/: metadata timezone, start, end, desiredReplicas, values as strings),
 * after the last trigger at its indentation. YAML files and Terraform heredocs holding the CremaConfig YAML
 * (`parameter_data = <<-EOT`) are the same text here; in a `yamlencode({...})` object the triggers are an HCL tuple,
 * and the cron triggers are appended to it as HCL objects (hclCronAppend). Undefined: nothing to add; null: no safe
 * edit (an inline or flow list).
 */
function scheduleEdit(ws: Workspace, pool: Pool, current: readonly Schedule[], next: readonly Schedule[]): TextEdit[] | undefined | null {
  const sc = pool.scaler;
  if (!sc || next.map(scheduleKey).join() === current.map(scheduleKey).join() || !next.length) return undefined;
  // Today's cron triggers are rewritten in place (first ones first); only the rest is appended.
  const crons = sc.triggers.filter((t) => t.type === 'cron');
  const inPlace: TextEdit[] = [];
  for (const [i, t] of crons.slice(0, next.length).entries()) {
    const x = next[i]!;
    const e = docOf(ws, sc.ref)?.treeEdits([...sc.basePath, 'triggers', t.index, 'metadata'], { timezone: x.timezone, start: x.start, end: x.end, desiredReplicas: String(x.desiredReplicas) });
    if (!e) return null;
    inPlace.push(...e);
  }
  const add = next.slice(crons.length);
  if (!add.length) return inPlace;
  const last = sc.triggers[sc.triggers.length - 1];
  const d = docOf(ws, sc.ref);
  const text = ws.files.get(sc.ref.file)?.text;
  if (!last || !d || text === undefined) return null;
  const tuple = d.span([...sc.basePath, 'triggers']);
  // An HCL tuple (`triggers = [`), not a YAML flow list inside a heredoc (`triggers: [`).
  if (sc.ref.file.endsWith('.tf') && text[tuple.start] === '[' && /=\s*$/.test(text.slice(text.lastIndexOf('\n', tuple.start - 1) + 1, tuple.start))) {
    const e = hclCronAppend(text, tuple, add);
    return e ? [...inPlace, { file: sc.ref.file, ...e }] : null;
  }
  const keyAt = d.span([...sc.basePath, 'triggers', last.index, 'type'], 'key').start;
  let dash = keyAt - 1;
  while (dash >= 0 && text[dash] === ' ') dash--;
  const lineStart = text.lastIndexOf('\n', dash) + 1;
  const indent = text.slice(lineStart, dash);
  if (text[dash] !== '-' || !/^ *$/.test(indent)) return null;
  // The item ends before the first later line indented no deeper than its dash (blank lines belong to what follows).
  let at = text.indexOf('\n', keyAt) + 1;
  while (at > 0 && at < text.length) {
    const eol = text.indexOf('\n', at);
    const line = text.slice(at, eol < 0 ? text.length : eol);
    if (line.trim() !== '' && line.length - line.trimStart().length <= indent.length) break;
    if (eol < 0) { at = text.length; break; }
    at = eol + 1;
  }
  if (at <= 0) return null;
  const lines = add.flatMap((x) => [
    `${indent}- type: cron`, `${indent}  metadata:`, `${indent}    timezone: ${x.timezone}`,
    `${indent}    start: ${JSON.stringify(x.start)}`, `${indent}    end: ${JSON.stringify(x.end)}`, `${indent}    desiredReplicas: "${x.desiredReplicas}"`,
  ]);
  const sep = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return [...inPlace, { file: sc.ref.file, span: { start: at, end: at }, newText: `${sep}${lines.join('\n')}\n` }];
}

/**
 * Cron triggers appended to an HCL tuple of trigger objects inside `yamlencode({...})`, as `terraform fmt` lays them
 * out: after the last object, either `[{ … }, { … }]` (objects opening on the tuple's line) or one object per line
 * (`[\n  { … },\n]`). Undefined for any other layout. Values are HCL strings (KEDA metadata values are strings);
 * cron expressions and zone names hold no `${` or `%{` that would start a template.
 */
function hclCronAppend(text: string, tuple: { start: number; end: number }, add: readonly Schedule[]): { span: { start: number; end: number }; newText: string } | undefined {
  const close = tuple.end - 1;
  if (text[close] !== ']') return undefined;
  let last = close - 1;
  while (last > tuple.start && /\s|,/.test(text[last]!)) last--;
  if (text[last] !== '}') return undefined;
  const lineOf = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const indentOf = (o: number) => /^[ \t]*/.exec(text.slice(lineOf(o)))![0];
  const object = (x: Schedule, ind: string) => {
    const pad = (k: string) => k.padEnd('desiredReplicas'.length);
    return [`{`, `${ind}  type = "cron"`, `${ind}  metadata = {`,
      ...([['timezone', x.timezone], ['start', x.start], ['end', x.end], ['desiredReplicas', String(x.desiredReplicas)]] as const).map(([k, v]) => `${ind}    ${pad(k)} = ${JSON.stringify(v)}`),
      `${ind}  }`, `${ind}}`].join('\n');
  };
  if (lineOf(last) === lineOf(close)) {
    // `}]` on one line: the objects continue it, `}, {`.
    const ind = indentOf(last);
    return { span: { start: last + 1, end: last + 1 }, newText: add.map((x) => `, ${object(x, ind)}`).join('') };
  }
  // One object per line: each new one on its own line at the last object's indentation, with a trailing comma if the last has one.
  const ind = indentOf(last);
  const trailing = text.slice(last + 1, close).includes(',');
  const body = add.map((x) => `${ind}${object(x, ind)}${trailing ? ',' : ''}`).join('\n');
  return trailing
    ? { span: { start: lineOf(close), end: lineOf(close) }, newText: `${body}\n` }
    : { span: { start: last + 1, end: last + 1 }, newText: `,\n${add.map((x) => `${ind}${object(x, ind)}`).join(',\n')}` };
}

/**
 * Policy edits for one subscription of the pool. The primary subscription (the one the values were read from)
 * takes the recommendation as is; another subscription of the same pool is only raised towards it (a longer
 * deadline, more attempts) and gets a retry or dead-letter policy only where it has none, with its own
 * `<topic>-dlq`.
 */
function subscriptionEdits(ws: Workspace, sub: Subscription, primary: boolean, next: PoolSettingsValues, warnings: string[]): TextEdit[] {
  if (sub.push) return [];
  const d = docOf(ws, sub.ref);
  if (!d) return [];
  const out: TextEdit[] = [];
  const set = (path: readonly PathSeg[], value: YamlTree, what: string) => {
    const e = d.treeEdits([...sub.basePath, ...path], value);
    if (e) out.push(...e);
    else warnings.push(`Set ${what} on subscription "${sub.name}" by hand: no safe automatic edit.`);
  };
  const ack = effectiveAckSec(sub);
  if (next.ackDeadlineSec !== undefined && next.ackDeadlineSec !== ack && (primary || ack < next.ackDeadlineSec)) {
    set(['ackDeadlineSeconds'], next.ackDeadlineSec, `ackDeadlineSeconds: ${next.ackDeadlineSec}`);
  }
  if (!sub.hasRetryPolicy && next.minimumBackoffSec !== undefined && next.maximumBackoffSec !== undefined) {
    set(['retryPolicy'], { minimumBackoff: `${next.minimumBackoffSec}s`, maximumBackoff: `${next.maximumBackoffSec}s` }, 'retryPolicy');
  }
  // A dead-letter topic that is the source topic (Pub/Sub requires another one) is replaced by the proposed one.
  if (primary && sub.hasDeadLetterPolicy && sub.deadLetterTopicPath && next.deadLetterTopic && next.deadLetterTopic !== sub.deadLetterTopic) {
    const value = sub.format === 'kcc' || !sub.project ? next.deadLetterTopic : `projects/${sub.project}/topics/${next.deadLetterTopic}`;
    const e = d.setEdit(sub.deadLetterTopicPath, value);
    // Terraform: a reference to the topic resource (declared when missing), never the variable's default written out.
    const tf = e && d.language === 'terraform' ? terraformDeadLetterTopic(ws, sub.ref.file, next.deadLetterTopic, projectExpression(ws, sub.ref)) : undefined;
    if (e && tf) out.push({ ...e, newText: tf.reference }, ...(tf.append ? [tf.append] : []));
    else if (e) out.push(e);
    else warnings.push(`Set the dead-letter topic of subscription "${sub.name}" to ${next.deadLetterTopic} by hand: no safe automatic edit.`);
  }
  if (next.maxDeliveryAttempts !== undefined) {
    const attempts = effectiveDeliveryAttempts(sub);
    if (!sub.hasDeadLetterPolicy && next.deadLetterTopic) {
      const topic = primary ? next.deadLetterTopic : `${sub.topic ?? sub.name}-dlq`;
      const policy: YamlTree = sub.format === 'kcc'
        ? { deadLetterTopicRef: { name: topic }, maxDeliveryAttempts: next.maxDeliveryAttempts }
        : { deadLetterTopic: sub.project && d.language !== 'terraform' ? `projects/${sub.project}/topics/${topic}` : topic, maxDeliveryAttempts: next.maxDeliveryAttempts };
      // Terraform: reference a topic resource (declared here when missing, in the subscription's own project
      // expression), never a bare name nor `projects/<var.project's default>/…` written out.
      const tf = d.language === 'terraform' ? terraformDeadLetterTopic(ws, sub.ref.file, topic, projectExpression(ws, sub.ref)) : undefined;
      const e = d.treeEdits([...sub.basePath, 'deadLetterPolicy'], policy);
      if (!e) warnings.push(`Set deadLetterPolicy on subscription "${sub.name}" by hand: no safe automatic edit.`);
      else if (tf) out.push(...referenceTopic(e, topic, tf.reference), ...(tf.append ? [tf.append] : []));
      else out.push(...e);
    } else if (sub.hasDeadLetterPolicy && next.maxDeliveryAttempts !== attempts && (primary || attempts < next.maxDeliveryAttempts)) {
      set(['deadLetterPolicy', 'maxDeliveryAttempts'], next.maxDeliveryAttempts, `maxDeliveryAttempts: ${next.maxDeliveryAttempts}`);
    }
  }
  return out;
}

/**
 * The subscription a new dead-letter topic needs (messages published to a topic without a subscription are lost:
 * https://cloud.google.com/pubsub/docs/handling-failures#dead_letter_topic), appended as a new YAML document to the
 * primary subscription's file, in the same format, when the proposal touches the dead-letter policy. Nothing when a
 * subscription in the inputs already reads the topic.
 */
function dlqSubscriptionEdit(ws: Workspace, sub: Subscription, next: PoolSettingsValues): TextEdit | undefined {
  const topic = next.deadLetterTopic ?? sub.deadLetterTopic;
  // Only when the proposal touches the dead-letter policy (a new topic, or new attempts on the existing one).
  const touches = (next.deadLetterTopic !== undefined && next.deadLetterTopic !== sub.deadLetterTopic) || (sub.hasDeadLetterPolicy && next.maxDeliveryAttempts !== undefined && next.maxDeliveryAttempts !== effectiveDeliveryAttempts(sub));
  if (!topic || !touches || topic === sub.topic || sub.push) return undefined;
  if (ws.pools.some((p) => p.subscriptions.some((s) => s.topic === topic))) return undefined;
  const file = ws.files.get(sub.ref.file);
  const language = docOf(ws, sub.ref)?.language;
  // Terraform declares it as a resource, on the topic resource (the module's, or the one the new policy declares).
  if (file && language === 'terraform' && !topic.includes('/')) {
    const existing = topicResourceLabel(ws, sub.ref.file, topic);
    const declaredNow = next.deadLetterTopic === topic;
    const ref = existing ? `google_pubsub_topic.${existing}.id` : declaredNow ? `google_pubsub_topic.${labelFor(topic)}.id` : undefined;
    return terraformDeadLetterSubscription(ws, sub.ref.file, topic, ref, projectExpression(ws, sub.ref));
  }
  if (!file || language !== 'yaml') return undefined;
  const name = `${topic}-sub`;
  // `expirationPolicy` set with an empty ttl: never expires (unset, an idle subscription is deleted after 31 days with
  // what it parked: docs/sources.md#subscription-fields).
  const doc = sub.format === 'kcc'
    ? ['apiVersion: pubsub.cnrm.cloud.google.com/v1beta1', 'kind: PubSubSubscription', 'metadata:', `  name: ${name}`, 'spec:', '  topicRef:', `    name: ${topic}`, '  messageRetentionDuration: 604800s', '  expirationPolicy:', '    ttl: ""']
    : [`name: ${sub.project ? `projects/${sub.project}/subscriptions/` : ''}${name}`, `topic: ${sub.project ? `projects/${sub.project}/topics/` : ''}${topic}`, 'ackDeadlineSeconds: 60', 'messageRetentionDuration: 604800s', 'expirationPolicy:', '  ttl: ""'];
  const text = file.text;
  const sep = text.endsWith('\n') ? '' : '\n';
  return {
    file: sub.ref.file, span: { start: text.length, end: text.length },
    newText: `${sep}---\n# Dead-letter subscription for ${topic} (Pool Tuner): keeps dead-lettered messages for inspection (7 days); never expires when idle.\n${doc.join('\n')}\n`,
  };
}

export interface RenderedEdits {
  diff: string;
  baseFileHashes: Record<string, string>;
  /** New text per edited file. */
  newTexts: Map<string, string>;
}

/** Applies the edits in memory, file by file, and renders one unified diff (files in path order). */
export function renderEdits(ws: Workspace, edits: readonly TextEdit[]): RenderedEdits {
  const baseFileHashes: Record<string, string> = {};
  const newTexts = new Map<string, string>();
  const parts: string[] = [];
  const byFile = [...editsByFile(edits)].sort(([a], [b]) => a.localeCompare(b));
  for (const [file, fileEdits] of byFile) {
    const text = ws.files.get(file)?.text;
    if (text === undefined) continue;
    const next = applyEdits(text, fileEdits);
    baseFileHashes[file] = fnv1a64(text);
    newTexts.set(file, next);
    parts.push(unifiedDiff(file, text, next));
  }
  return { diff: parts.join(''), baseFileHashes, newTexts };
}

/** Opaque, stable proposal id: a hash of the pool name, its edits and the hashes of the files they apply to. */
export function proposalId(pool: string, edits: readonly TextEdit[], baseFileHashes: Record<string, string>): string {
  const canon = JSON.stringify({
    pool,
    edits: edits.map((e) => [e.file, e.span.start, e.span.end, e.newText]),
    base: Object.entries(baseFileHashes).sort(([a], [b]) => a.localeCompare(b)),
  });
  return `tune-${fnv1a64(canon)}`;
}
