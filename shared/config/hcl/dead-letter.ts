/**
 * A dead-letter topic for a Terraform subscription. Pub/Sub takes `dead_letter_topic` only as
 * `projects/{project}/topics/{topic}` and fails when the topic does not exist
 * (https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions#DeadLetterPolicy); a subscription in
 * Terraform usually leaves the project to the provider, so a bare topic name would be rejected at apply. When no
 * `google_pubsub_topic` of that name is in the file's folder (the module), the edit declares one beside the
 * subscription and the policy references it (`google_pubsub_topic.<label>.id`), as the provider's docs write it.
 * A subscription on the dead-letter topic, without which dead-lettered messages are lost, is declared too unless one
 * exists (handling-failures#dead_letter_topic). A subscription with `project = var.project` gets the same: a reference
 * and a topic declared with `project = var.project`, never `projects/<the variable's default>/topics/…` written out
 * (a literal would point every other tfvars at the default's project).
 */
import type { TextEdit } from '../edits.ts';
import { docOf, type Workspace } from '../workspace.ts';
import { TfConfigDoc } from './tf-doc.ts';

/** A Terraform resource label from a topic name (`orders-dlq` → `orders_dlq`). */
export function labelFor(name: string): string {
  const l = name.replace(/[^A-Za-z0-9_-]/g, '_').replace(/-/g, '_');
  return /^[A-Za-z_]/.test(l) ? l : `t_${l}`;
}

/** `.tf` files of the module (folder) that holds `file`. */
function moduleTexts(ws: Workspace, file: string): string[] {
  const dirOf = (p: string) => p.replace(/\\/g, '/').replace(/\/?[^/]*$/, '');
  const dir = dirOf(file);
  return [...ws.files.values()].filter((f) => /\.tf$/i.test(f.path) && dirOf(f.path) === dir).map((f) => f.text);
}

function resourceBlocks(texts: readonly string[], type: string): { label: string; body: string }[] {
  const out: { label: string; body: string }[] = [];
  const re = new RegExp(`resource\\s+"${type}"\\s+"([^"]+)"\\s*\\{([\\s\\S]*?)\\n\\}`, 'g');
  for (const t of texts) for (const m of t.matchAll(re)) out.push({ label: m[1]!, body: m[2]! });
  return out;
}

/** The label of the module's `google_pubsub_topic` named `topic`, if any. */
export function topicResourceLabel(ws: Workspace, file: string, topic: string): string | undefined {
  const name = topic.slice(topic.lastIndexOf('/') + 1);
  return resourceBlocks(moduleTexts(ws, file), 'google_pubsub_topic')
    .find((b) => new RegExp(`\\bname\\s*=\\s*"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(b.body))?.label;
}

export interface TopicPlan {
  /** What `dead_letter_topic` is set to: a reference to the topic resource. */
  reference: string;
  /** The topic's declaration appended to the subscription's file, when the module has none. */
  append?: TextEdit;
}

function appendBlock(ws: Workspace, file: string, comment: string, block: string): TextEdit | undefined {
  const text = ws.files.get(file)?.text;
  if (text === undefined) return undefined;
  const sep = text.endsWith('\n') ? '\n' : '\n\n';
  return { file, span: { start: text.length, end: text.length }, newText: `${sep}# ${comment} (Pool Tuner).\n${block}\n` };
}

/**
 * The subscription resource's own `project = …` expression as written (`var.project`, `local.project`, a literal),
 * so a declared topic lands in the same project for every tfvars, never the variable's default written out.
 */
export function projectExpression(ws: Workspace, ref: { file: string; docIndex: number }): string | undefined {
  const d = docOf(ws, ref);
  if (!(d instanceof TfConfigDoc)) return undefined;
  const body = d.text.slice(d.node.start, d.node.end);
  // A top-level attribute of the resource: the first indented `project =` before any nested block opens.
  for (const line of body.split('\n').slice(1)) {
    if (/\{\s*(#.*)?$/.test(line)) break;
    const m = /^\s+project\s*=\s*(.+?)\s*(?:#.*)?$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/**
 * For a bare dead-letter topic name on a Terraform subscription: the reference to use, and the topic to declare
 * (with the subscription's `project` expression, when it has one).
 */
export function terraformDeadLetterTopic(ws: Workspace, file: string, topic: string, project?: string): TopicPlan | undefined {
  if (topic.includes('/') || !ws.files.has(file)) return undefined;
  const existing = topicResourceLabel(ws, file, topic);
  const label = existing ?? labelFor(topic);
  const reference = `google_pubsub_topic.${label}.id`;
  if (existing) return { reference };
  const attrs = project ? `  project = ${project}\n  name    = "${topic}"` : `  name = "${topic}"`;
  return { reference, append: appendBlock(ws, file, `Dead-letter topic ${topic}`, `resource "google_pubsub_topic" "${label}" {\n${attrs}\n}`) };
}

/**
 * The subscription on a dead-letter topic, declared in the subscription's file unless the module has one with that
 * label. `topicRef`: a reference to the topic resource when one exists or is being declared; otherwise the topic's
 * name (the provider takes a bare name for a topic in the subscription's project).
 */
export function terraformDeadLetterSubscription(ws: Workspace, file: string, topic: string, topicRef: string | undefined, project?: string): TextEdit | undefined {
  const label = labelFor(`${topic}-sub`);
  if (resourceBlocks(moduleTexts(ws, file), 'google_pubsub_subscription').some((b) => b.label === label)) return undefined;
  // An empty ttl: the subscription never expires (unset, an idle one is deleted after 31 days with what it parked:
  // docs/sources.md#subscription-fields).
  const block = `resource "google_pubsub_subscription" "${label}" {\n${project ? `  project                    = ${project}\n` : ''}  name                       = "${topic}-sub"\n  topic                      = ${topicRef ?? JSON.stringify(topic)}\n  message_retention_duration = "604800s"\n\n  expiration_policy {\n    ttl = ""\n  }\n}`;
  return appendBlock(ws, file, `Subscription on the dead-letter topic ${topic}: keeps dead-lettered messages 7 days for inspection and never expires when idle`, block);
}

/** The policy edits with the rendered topic literal replaced by the reference (only inside `dead_letter_topic = …`). */
export function referenceTopic(edits: readonly TextEdit[], topic: string, reference: string): TextEdit[] {
  const literal = JSON.stringify(topic).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(dead_letter_topic\\s*=\\s*)${literal}`);
  return edits.map((e) => (re.test(e.newText) ? { ...e, newText: e.newText.replace(re, `$1${reference}`) } : e));
}
