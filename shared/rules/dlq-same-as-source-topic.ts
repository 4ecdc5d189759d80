import type { Rule } from './types.ts';
import { poolOfSubscription, projectOfPath, rawScalar, withLastSegment } from './lib/helpers.ts';
import { overlapsPlaceholder, PLACEHOLDERS_EQUAL } from '../config/templates.ts';
import { shortName } from '../config/quantity.ts';
import { docOf } from '../config/workspace.ts';
import { projectExpression, terraformDeadLetterSubscription, terraformDeadLetterTopic } from '../config/hcl/dead-letter.ts';
import { mergeSameOffset, type TextEdit } from '../config/edits.ts';

/** docs/sources.md#dead-letter-topics: the dead-letter topic "must be a different topic from the source topic". */
export const rule: Rule = {
  meta: {
    id: 'dlq-same-as-source-topic',
    title: 'Dead-letter topic is the subscription\'s own topic',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'Pub/Sub requires the dead-letter topic to differ from the source topic; a poison message would loop back into the queue it failed in.',
    remediation: 'Point deadLetterPolicy at a separate dead-letter topic and attach a subscription to it.',
    fixable: 'suggestion',
  },
  check(ctx) {
    for (const sub of ctx.ws.subscriptions) {
      if (!sub.deadLetterTopic || !sub.deadLetterTopicPath) continue;
      const topicPath = sub.format === 'kcc' ? ['spec', 'topicRef', 'name'] : [...sub.basePath, 'topic'];
      // Identical placeholder expressions are the same value (`pubsubtopic-${uniqueId}` twice): compared as written.
      const template = ctx.ws.templates.get(sub.ref.file);
      const text = ctx.ws.files.get(sub.ref.file)?.text ?? '';
      const written = (path: readonly (string | number)[]) => {
        const sp = ctx.span(sub, path);
        return { sp, v: shortName(text.slice(sp.start, sp.end).replace(/^["']|["']$/g, '')) };
      };
      const dw = written(sub.deadLetterTopicPath);
      const tw = written(topicPath);
      const onPlaceholder = template !== undefined && (overlapsPlaceholder(template.placeholders, dw.sp) || overlapsPlaceholder(template.placeholders, tw.sp));
      const same = onPlaceholder ? dw.v !== '' && dw.v === tw.v : sub.deadLetterTopic === sub.topic;
      if (!same) continue;
      const dlqRaw = String(rawScalar(ctx, sub, sub.deadLetterTopicPath) ?? sub.deadLetterTopic);
      const topicRaw = String(rawScalar(ctx, sub, topicPath) ?? sub.topic);
      // Same short name in two different projects is two topics.
      const dlqProject = projectOfPath(dlqRaw);
      const topicProject = projectOfPath(topicRaw);
      if (dlqProject && topicProject && dlqProject !== topicProject) continue;
      // On a placeholder the model holds a stand-in: the new name keeps the expression as written.
      const target = `${onPlaceholder ? tw.v : sub.topic}-dlq`;
      const setTopic = ctx.setEdit(sub, sub.deadLetterTopicPath, withLastSegment(dlqRaw, target));
      // Terraform: a reference to the topic resource, declared (in the subscription's project expression) when the
      // module has none, never `projects/<var.project's default>/topics/…` nor a bare name written out.
      const project = projectExpression(ctx.ws, sub.ref);
      const tf = setTopic && docOf(ctx.ws, sub.ref)?.language === 'terraform' ? terraformDeadLetterTopic(ctx.ws, sub.ref.file, target, project) : undefined;
      const declare = tf && terraformDeadLetterSubscription(ctx.ws, sub.ref.file, target, tf.reference, project);
      const added = mergeSameOffset([tf?.append, declare].filter((e): e is TextEdit => e !== undefined));
      const edits = !setTopic ? [] : tf ? [{ ...setTopic, newText: tf.reference }, ...added] : [setTopic];
      ctx.report({
        message: `Subscription "${sub.name}" dead-letters into its own topic "${sub.topic}"; Pub/Sub needs a different dead-letter topic.`,
        file: sub.ref.file,
        span: ctx.span(sub, sub.deadLetterTopicPath),
        pool: poolOfSubscription(ctx, sub)?.name,
        suggestions: edits.length ? [{ title: `Dead-letter into ${target} (a separate topic; ${declared(tf?.append !== undefined, declare !== undefined)})`, edits }] : undefined,
        // The engine drops findings on placeholders; this one compares two identical placeholder expressions.
        data: { subscription: sub.name, topic: sub.topic ?? '', dlqTopic: sub.deadLetterTopic, ...(onPlaceholder ? { [PLACEHOLDERS_EQUAL]: true } : {}) },
      });
    }
  },
};

/** What the suggestion's edits declare, and what is left to create. */
function declared(topic: boolean, subscription: boolean): string {
  if (topic && subscription) return 'declares it and a subscription on it';
  if (topic) return 'declares it; add a subscription on it';
  if (subscription) return 'declares a subscription on it';
  return 'create it and a subscription on it';
}
