import type { Rule, RuleContext } from './types.ts';
import type { Scaler } from '../config/model.ts';
import { yamlDocOf } from '../config/workspace.ts';
import type { TextEdit } from '../config/edits.ts';
import { poolOfScaler, rawScalar, replaceEntryLinesEdit } from './lib/helpers.ts';
import { kedaVersionOf, kedaVersionSource, SUBSCRIPTION_SIZE_REMOVED_IN, versionAtLeast } from './lib/keda.ts';

/**
 * kedacore/keda `pkg/scalers/gcp_pubsub_scaler.go`: `subscriptionSize` is deprecated (v2.16.0 logs it and rejects it
 * beside mode/value; v2.19.0 announces removal and reads it as mode SubscriptionSize + value N, overriding both);
 * v2.20.0 tags it `deprecated=…is removed in v2.20`, which fails the trigger (scalersconfig/typed_config.go).
 * The fix writes the same meaning in the keys every version reads: `mode: SubscriptionSize` and `value: "N"`.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-subscription-size-deprecated',
    title: 'Deprecated subscriptionSize on a gcp-pubsub trigger',
    category: 'correctness',
    defaultSeverity: 'warning',
    needs: 'config',
    description: 'KEDA removed subscriptionSize in 2.20: a trigger that still sets it fails to load there (and in CREMA, which runs KEDA 2.20); before 2.20 it silently overrides mode and value.',
    remediation: 'Replace subscriptionSize: "N" with mode: SubscriptionSize and value: "N" (the same target).',
    fixable: 'fix',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (t.type !== 'gcp-pubsub' || !t.metadataKeys.includes('subscriptionSize')) continue;
        const mp = [...sc.basePath, 'triggers', t.index, 'metadata'];
        const raw = rawScalar(ctx, sc, [...mp, 'subscriptionSize']);
        const version = kedaVersionOf(ctx, sc);
        const removed = versionAtLeast(version, SUBSCRIPTION_SIZE_REMOVED_IN);
        const conflicts = t.metadataKeys.filter((k) => k === 'mode' || k === 'value');
        const n = typeof raw === 'number' || typeof raw === 'string' ? String(raw) : undefined;
        const replace = n !== undefined ? keepComment(ctx, sc, replaceEntryLinesEdit(ctx, sc, [...mp, 'subscriptionSize'], ['mode: SubscriptionSize', `value: ${JSON.stringify(n)}`])) : undefined;
        const removals = conflicts.map((k) => ctx.removeEdit(sc, [...mp, k]));
        const edits: TextEdit[] | undefined = replace && removals.every((e) => e !== undefined) ? [replace, ...(removals as TextEdit[])] : undefined;
        const when = removed === true
          ? `KEDA ${version} rejects it (removed in ${SUBSCRIPTION_SIZE_REMOVED_IN}; ${kedaVersionSource(ctx, sc)})`
          : removed === false
            ? `deprecated in KEDA ${version} and removed in ${SUBSCRIPTION_SIZE_REMOVED_IN}`
            : `deprecated, and removed in KEDA ${SUBSCRIPTION_SIZE_REMOVED_IN} (an error there; ${kedaVersionSource(ctx, sc)})`;
        const clash = conflicts.length > 0 ? `; beside ${conflicts.join(' and ')} it is rejected by KEDA ≤2.16 and overrides ${conflicts.length > 1 ? 'them' : 'it'} in 2.19` : '';
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" sets subscriptionSize: ${when}${clash}.`,
          severity: removed === true ? 'error' : undefined,
          file: sc.ref.file,
          span: ctx.span(sc, [...mp, 'subscriptionSize'], 'key'),
          pool: poolOfScaler(ctx, sc)?.name,
          // Meaning-preserving: KEDA reads subscriptionSize N as mode SubscriptionSize, value N (v2.19.0).
          fix: edits && n !== undefined ? { title: `Write mode: SubscriptionSize and value: "${n}" (the same target, in the keys KEDA 2.20 reads)`, edits } : undefined,
          data: { scaler: sc.name, subscriptionSize: n ?? '', kedaVersion: version ?? '' },
        });
      }
    }
  },
};

/** Keeps a trailing comment of the replaced line (`subscriptionSize: "5"   # per pod`) on the new `value` line. */
function keepComment(ctx: RuleContext, sc: Scaler, edit: TextEdit | undefined): TextEdit | undefined {
  const d = edit ? yamlDocOf(ctx.ws, sc.ref) : undefined;
  if (!edit || !d) return edit;
  const old = d.file.text.slice(edit.span.start, edit.span.end);
  const comment = /^[^\n#]*?(\s+#[^\n]*)\n?$/.exec(old)?.[1];
  return comment ? { ...edit, newText: edit.newText.replace(/\n$/, `${comment}\n`) } : edit;
}
