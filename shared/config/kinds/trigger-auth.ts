/**
 * KEDA `TriggerAuthentication` / `ClusterTriggerAuthentication` (keda.sh/v1alpha1,
 * https://keda.sh/docs/2.20/concepts/authentication/) and CREMA's `spec.triggerAuthentications` entries → `TriggerAuth`.
 * Reads names and the pod identity provider only: credential values never enter the model.
 */
import type { TriggerAuth } from '../model.ts';
import type { PathSeg } from '../yaml-source.ts';
import { arrayAt, asRecord, objectAt, stringAt, type NormalizeContext } from './context.ts';

export function normalizeTriggerAuth(ctx: NormalizeContext, root: Record<string, unknown>): TriggerAuth | undefined {
  const authKind = root['kind'] === 'ClusterTriggerAuthentication' ? 'ClusterTriggerAuthentication' : 'TriggerAuthentication';
  return read(ctx, root, [], authKind);
}

/** The `spec.triggerAuthentications` of a CremaConfig: the names its triggers' `authenticationRef` can use. */
export function cremaTriggerAuths(ctx: NormalizeContext, root: Record<string, unknown>): TriggerAuth[] {
  const spec = asRecord(root['spec']);
  const crema = stringAt(ctx, asRecord(root['metadata']), 'name', ['metadata']) ?? '';
  return arrayAt(ctx, spec, 'triggerAuthentications', ['spec']).flatMap((raw, i) => {
    const r = asRecord(raw);
    const a = r ? read(ctx, r, ['spec', 'triggerAuthentications', i], 'TriggerAuthentication') : undefined;
    return a ? [{ ...a, cremaConfig: crema }] : [];
  });
}

function read(ctx: NormalizeContext, root: Record<string, unknown>, basePath: PathSeg[], authKind: TriggerAuth['authKind']): TriggerAuth | undefined {
  const metadata = objectAt(ctx, root, 'metadata', basePath);
  const name = stringAt(ctx, metadata, 'name', [...basePath, 'metadata']);
  if (!name) return undefined;
  const spec = objectAt(ctx, root, 'spec', basePath);
  const podIdentity = objectAt(ctx, spec, 'podIdentity', [...basePath, 'spec']);
  return {
    kind: 'TriggerAuth',
    authKind,
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    basePath,
    name,
    namespace: stringAt(ctx, metadata, 'namespace', [...basePath, 'metadata']),
    podIdentityProvider: stringAt(ctx, podIdentity, 'provider', [...basePath, 'spec', 'podIdentity']),
    specKeys: Object.keys(spec ?? {}),
  };
}
