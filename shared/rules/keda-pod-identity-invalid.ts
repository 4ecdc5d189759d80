import type { Rule } from './types.ts';
import type { TriggerAuth } from '../config/model.ts';
import { isPubSubTrigger } from '../config/triggers.ts';
import { Redactor } from '../secrets/redactor.ts';
import { closestName, poolOfScaler } from './lib/helpers.ts';
import { authCandidates, KEDA_POD_IDENTITY_PROVIDERS, KEDA_POD_IDENTITY_REMOVED, POD_IDENTITY_REMOVED_IN, versionAtLeast } from './lib/keda.ts';

/**
 * `podIdentity.provider` of a TriggerAuthentication / ClusterTriggerAuthentication (or a CremaConfig's
 * `triggerAuthentications`) must be one KEDA's CRD accepts: azure-workload, gcp, aws, aws-eks or none
 * (kedacore/keda v2.20.2 apis/keda/v1alpha1/triggerauthentication_types.go, `+kubebuilder:validation:Enum`); the API
 * server rejects the object otherwise. `azure` and `aws-kiam` were accepted until v2.14 and removed in v2.15.
 * And a Pub/Sub trigger reads Cloud Monitoring only with `gcp` pod identity or Google credentials: with another
 * provider and no credential source KEDA fails with "google application credentials not found"
 * (pkg/scalers/gcp/gcp_common.go `GetGCPAuthorization`, v2.20.2).
 * Values are shown only when they are plain provider-like words, and through the secret redactor.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-pod-identity-invalid',
    title: 'TriggerAuthentication pod identity provider KEDA rejects or Pub/Sub cannot use',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'A podIdentity provider outside KEDA\'s list is refused by the API server, so the triggers that use it have no credentials; a non-Google provider on a Pub/Sub trigger cannot read Cloud Monitoring.',
    remediation: 'Use provider gcp (GKE Workload Identity) for Pub/Sub triggers; otherwise one of azure-workload, aws, aws-eks or none.',
    fixable: 'suggestion',
  },
  check(ctx) {
    const kedaVersion = ctx.ws.settings?.settings.kedaVersion;
    for (const a of ctx.ws.triggerAuths) {
      const provider = a.podIdentityProvider;
      if (provider === undefined) continue;
      const path = [...a.basePath, 'spec', 'podIdentity', 'provider'];
      if (KEDA_POD_IDENTITY_PROVIDERS.includes(provider)) continue;
      const removed = KEDA_POD_IDENTITY_REMOVED[provider];
      // A KEDA before 2.15 still accepts the removed providers.
      if (removed && versionAtLeast(kedaVersion, POD_IDENTITY_REMOVED_IN) === false) continue;
      const replacement = removed ?? closestName(provider, KEDA_POD_IDENTITY_PROVIDERS);
      const edit = replacement && !removed ? ctx.setEdit(a, path, replacement) : undefined;
      ctx.report({
        message: `${label(a)}: podIdentity provider ${shown(provider)} is not one KEDA accepts (${KEDA_POD_IDENTITY_PROVIDERS.join(', ')}; KEDA v2.20)${removed ? `; it was removed in KEDA ${POD_IDENTITY_REMOVED_IN}, use ${removed}` : ''}.`,
        severity: removed && kedaVersion === undefined ? 'warning' : undefined,
        file: a.ref.file,
        span: ctx.span(a, path),
        suggestions: edit && replacement ? [{ title: `Use provider ${replacement} (the accepted value with the nearest spelling)`, edits: [edit] }] : undefined,
        data: { name: a.name, kind: a.authKind, accepted: KEDA_POD_IDENTITY_PROVIDERS.join(',') },
      });
    }
    // Pub/Sub triggers whose authentication can only be a non-Google pod identity.
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (!t.authenticationRef || !isPubSubTrigger(t)) continue;
        const a = authCandidates(ctx.ws.triggerAuths, sc, t).find((x) => x.name === t.authenticationRef);
        const p = a?.podIdentityProvider;
        if (!a || p === undefined || p === 'gcp' || p === 'none' || !KEDA_POD_IDENTITY_PROVIDERS.includes(p)) continue;
        if (a.specKeys.some((k) => k !== 'podIdentity')) continue; // other credential sources may carry Google credentials
        const path = [...a.basePath, 'spec', 'podIdentity', 'provider'];
        const edit = ctx.setEdit(a, path, 'gcp');
        ctx.report({
          message: `Trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}" reads Pub/Sub metrics with ${label(a)}, whose only credential is the ${p} pod identity: KEDA's Google scalers need provider gcp or Google credentials ("google application credentials not found", KEDA v2.20).`,
          severity: 'warning',
          file: a.ref.file,
          span: ctx.span(a, path),
          pool: poolOfScaler(ctx, sc)?.name,
          suggestions: edit ? [{ title: 'Use provider gcp (GKE Workload Identity; grant the KEDA operator\'s service account monitoring.viewer)', edits: [edit] }] : undefined,
          data: { scaler: sc.name, authentication: a.name, provider: p },
        });
      }
    }
  },
};

function label(a: TriggerAuth): string {
  return a.cremaConfig !== undefined ? `triggerAuthentications entry "${a.name}" of CremaConfig "${a.cremaConfig}"` : `${a.authKind} "${a.name}"`;
}

/** A provider value as text: quoted when it is a plain word, never a credential (the redactor's patterns apply). */
function shown(v: string): string {
  return /^[A-Za-z0-9-]{1,32}$/.test(v) ? `"${new Redactor().text(v)}"` : '(value not shown)';
}
