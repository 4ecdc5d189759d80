/**
 * Autoscalers: CREMA `CremaConfig` (one Scaler per `spec.scaledObjects[i]`, docs/sources.md#crema) and plain KEDA
 * `ScaledObject` (docs/sources.md#keda-scaledobject-defaults). Both carry a KEDA ScaledObject spec.
 */
import type { Scaler, ScalingRules, Trigger } from '../model.ts';
import type { PathSeg } from '../yaml-source.ts';
import { parseCountLoose, parseIntLoose, parseNonNegativeFloatLoose, parsePositiveFloatLoose, parsePositiveIntLoose, shortName } from '../quantity.ts';
import { arrayAt, asRecord, objectAt, parsedAt, stringAt, type NormalizeContext } from './context.ts';

const INT = 'a whole number';
const COUNT = 'a whole number ≥ 0';

export function normalizeCrema(ctx: NormalizeContext, root: Record<string, unknown>): Scaler[] {
  const meta = asRecord(root['metadata']);
  const spec = objectAt(ctx, root, 'spec', []);
  const polling = parsedAt(ctx, spec, 'pollingInterval', ['spec'], parsePositiveIntLoose, 'a whole number of seconds ≥ 1');
  const objects = arrayAt(ctx, spec, 'scaledObjects', ['spec']);
  if (spec && objects.length === 0) ctx.invalid(['spec', 'scaledObjects'], 'A CremaConfig needs at least one entry in `spec.scaledObjects`.', 'key');
  return objects.flatMap((raw, i) => {
    const basePath: PathSeg[] = ['spec', 'scaledObjects', i, 'spec'];
    const obj = asRecord(raw);
    const soSpec = objectAt(ctx, obj, 'spec', ['spec', 'scaledObjects', i]);
    if (!soSpec) {
      ctx.invalid(['spec', 'scaledObjects', i], `\`spec.scaledObjects[${i}]\` needs a \`spec\`.`);
      return [];
    }
    const s = scaledObjectSpec(ctx, soSpec, basePath, 'crema', stringAt(ctx, meta, 'name', ['metadata']));
    return s ? [{ ...s, pollingIntervalSec: polling, perObjectPollingInterval: soSpec['pollingInterval'] !== undefined }] : [];
  });
}

export function normalizeKeda(ctx: NormalizeContext, root: Record<string, unknown>): Scaler[] {
  const meta = asRecord(root['metadata']);
  const spec = objectAt(ctx, root, 'spec', []);
  if (!spec) {
    ctx.invalid(['spec'], 'A ScaledObject needs a `spec`.', 'key');
    return [];
  }
  const s = scaledObjectSpec(ctx, spec, ['spec'], 'keda', stringAt(ctx, meta, 'name', ['metadata']));
  if (!s) return [];
  s.namespace = stringAt(ctx, meta, 'namespace', ['metadata']);
  // KEDA default polling interval is 30 s (docs/sources.md#keda-scaledobject-defaults).
  return [{ ...s, pollingIntervalSec: parsedAt(ctx, spec, 'pollingInterval', ['spec'], parsePositiveIntLoose, 'a whole number of seconds ≥ 1') ?? 30, perObjectPollingInterval: false }];
}

function scaledObjectSpec(ctx: NormalizeContext, spec: Record<string, unknown>, basePath: PathSeg[], format: 'crema' | 'keda', docName: string | undefined): Omit<Scaler, 'pollingIntervalSec' | 'perObjectPollingInterval'> | undefined {
  const target = objectAt(ctx, spec, 'scaleTargetRef', basePath);
  const targetRaw = stringAt(ctx, target, 'name', [...basePath, 'scaleTargetRef']);
  if (!targetRaw) ctx.invalid([...basePath, 'scaleTargetRef', 'name'], 'The scaler needs `scaleTargetRef.name` (projects/P/locations/R/workerpools/NAME).', 'key');
  const kindMatch = targetRaw ? /\/(workerpools|services)\/[^/]+$/i.exec(targetRaw) : null;
  const targetKind = kindMatch ? (kindMatch[1]!.toLowerCase() as 'workerpools' | 'services') : 'unknown';
  const triggers: Trigger[] = arrayAt(ctx, spec, 'triggers', basePath).flatMap((raw, index) => {
    const tp = [...basePath, 'triggers', index];
    const t = asRecord(raw);
    const type = stringAt(ctx, t, 'type', tp);
    if (!t || !type) {
      ctx.invalid(tp, `\`triggers[${index}]\` needs a \`type\`.`, 'key');
      return [];
    }
    const md = objectAt(ctx, t, 'metadata', tp);
    const mp = [...tp, 'metadata'];
    const auth = objectAt(ctx, t, 'authenticationRef', tp);
    const common = {
      index,
      type,
      name: stringAt(ctx, t, 'name', tp),
      metricType: stringAt(ctx, t, 'metricType', tp),
      metadataKeys: Object.keys(md ?? {}),
      authenticationRef: stringAt(ctx, auth, 'name', [...tp, 'authenticationRef']),
      authenticationRefKind: stringAt(ctx, auth, 'kind', [...tp, 'authenticationRef']),
    };
    if (type === 'prometheus') return [{ ...common, ...prometheusAsPubSub(ctx, md, mp) }];
    if (type === 'cron') return [{ ...common, cron: cronMetadata(md) }];
    const sub = stringAt(ctx, md, 'subscriptionName', mp);
    const topic = stringAt(ctx, md, 'topicName', mp);
    const value = parsedAt(ctx, md, 'value', mp, parsePositiveFloatLoose, 'a number above 0 (as a string)');
    // KEDA ≤2.19 reads a deprecated `subscriptionSize: N` as mode SubscriptionSize + value N (gcp_pubsub_scaler.go).
    const size = type === 'gcp-pubsub' ? parsedAt(ctx, md, 'subscriptionSize', mp, parsePositiveFloatLoose, 'a number above 0 (as a string)') : undefined;
    const sizeWritten = type === 'gcp-pubsub' && md?.['subscriptionSize'] !== undefined;
    return [{
      ...common,
      subscription: sub ? shortName(sub) : undefined,
      topic: topic ? shortName(topic) : undefined,
      mode: sizeWritten ? 'SubscriptionSize' : stringAt(ctx, md, 'mode', mp),
      targetValue: sizeWritten ? size : value,
      targetValueRaw: sizeWritten ? md?.['subscriptionSize'] : md?.['value'],
      valueKey: sizeWritten ? 'subscriptionSize' as const : md?.['value'] !== undefined ? 'value' as const : undefined,
      activationValue: parsedAt(ctx, md, 'activationValue', mp, parseNonNegativeFloatLoose, 'a number ≥ 0 (as a string)'),
    }];
  });
  const advanced = objectAt(ctx, spec, 'advanced', basePath);
  const hpa = objectAt(ctx, advanced, 'horizontalPodAutoscalerConfig', [...basePath, 'advanced']);
  const bp = [...basePath, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior'];
  const behavior = objectAt(ctx, hpa, 'behavior', bp.slice(0, -1));
  const fb = objectAt(ctx, spec, 'fallback', basePath);
  const fp = [...basePath, 'fallback'];
  const modifiers = asRecord(advanced?.['scalingModifiers']);
  return {
    kind: 'Scaler',
    format,
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    basePath,
    name: docName ?? (targetRaw ? shortName(targetRaw) : `scaler-${ctx.doc.index}`),
    targetName: targetRaw ? shortName(targetRaw) : undefined,
    targetKind,
    minReplicas: parsedAt(ctx, spec, 'minReplicaCount', basePath, parseCountLoose, COUNT),
    maxReplicas: parsedAt(ctx, spec, 'maxReplicaCount', basePath, parseCountLoose, COUNT),
    triggers,
    idleReplicas: parsedAt(ctx, spec, 'idleReplicaCount', basePath, parseCountLoose, COUNT),
    cooldownPeriodSec: parsedAt(ctx, spec, 'cooldownPeriod', basePath, parseCountLoose, 'a whole number of seconds ≥ 0'),
    pollingIntervalWritten: spec['pollingInterval'] !== undefined,
    specKeys: Object.keys(spec),
    targetRefKind: stringAt(ctx, target, 'kind', [...basePath, 'scaleTargetRef']),
    ...(fb ? { fallback: {
      keys: Object.keys(fb),
      failureThreshold: parsedAt(ctx, fb, 'failureThreshold', fp, parseIntLoose, INT),
      replicas: parsedAt(ctx, fb, 'replicas', fp, parseCountLoose, COUNT),
      behavior: stringAt(ctx, fb, 'behavior', fp),
    } } : {}),
    ...(modifiers?.['formula'] !== undefined ? { scalingModifiersFormula: true } : {}),
    scaleUp: rules(ctx, behavior, 'scaleUp', bp),
    scaleDown: rules(ctx, behavior, 'scaleDown', bp),
  };
}

function rules(ctx: NormalizeContext, behavior: Record<string, unknown> | undefined, key: string, bp: PathSeg[]): ScalingRules | undefined {
  const r = objectAt(ctx, behavior, key, bp);
  if (!r) return undefined;
  const p = [...bp, key];
  return {
    stabilizationWindowSec: parsedAt(ctx, r, 'stabilizationWindowSeconds', p, parseIntLoose, 'a whole number of seconds'),
    selectPolicy: stringAt(ctx, r, 'selectPolicy', p),
    policies: arrayAt(ctx, r, 'policies', p).flatMap((raw, i) => {
      const pp = asRecord(raw);
      const type = stringAt(ctx, pp, 'type', [...p, 'policies', i]);
      const value = parsedAt(ctx, pp, 'value', [...p, 'policies', i], parseIntLoose, INT);
      const periodSec = parsedAt(ctx, pp, 'periodSeconds', [...p, 'policies', i], parseIntLoose, INT);
      return type && value !== undefined && periodSec !== undefined ? [{ type, value, periodSec }] : [];
    }),
  };
}

/**
 * A `prometheus` trigger on Google Cloud Managed Service for Prometheus that reads a Pub/Sub subscription metric,
 * the migration KEDA suggests for the deprecated gcp-pubsub scaler (keda.sh/blog/2025-09-15-gcp-deprecations):
 * `{"__name__"="pubsub.googleapis.com/subscription/num_undelivered_messages",…,"subscription_id"="S"}` with
 * `threshold` as the per-instance target. Other Prometheus queries keep only the threshold.
 */
function prometheusAsPubSub(ctx: NormalizeContext, md: Record<string, unknown> | undefined, mp: PathSeg[]): Partial<Trigger> {
  const query = stringAt(ctx, md, 'query', mp) ?? '';
  const threshold = parsedAt(ctx, md, 'threshold', mp, parsePositiveFloatLoose, 'a number above 0 (as a string)');
  const m = /pubsub\.googleapis\.com[/:]subscription[/_]([a-z_]+)/.exec(query);
  const sub = /subscription_id"?\s*=~?\s*"([^"]+)"/.exec(query);
  if (!m || !sub) return {};
  const mode = m[1]!.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return {
    pubsubQuery: true,
    subscription: sub[1],
    mode: mode === 'NumUndeliveredMessages' ? 'SubscriptionSize' : mode,
    targetValue: threshold,
    targetValueRaw: md?.['threshold'],
    valueKey: md?.['threshold'] !== undefined ? 'threshold' : undefined,
    activationValue: parsedAt(ctx, md, 'activationThreshold', mp, parseNonNegativeFloatLoose, 'a number ≥ 0 (as a string)'),
  };
}

/** A `cron` trigger's metadata, read leniently (the keda-cron-trigger-invalid rule says what KEDA would reject). */
function cronMetadata(md: Record<string, unknown> | undefined): NonNullable<Trigger['cron']> {
  const str = (k: string) => (typeof md?.[k] === 'string' ? md[k] : typeof md?.[k] === 'number' ? String(md[k]) : undefined);
  const raw = md?.['desiredReplicas'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : undefined;
  return { start: str('start'), end: str('end'), timezone: str('timezone'), ...(n !== undefined ? { desiredReplicas: n } : {}), ...(raw !== undefined ? { desiredReplicasRaw: raw } : {}) };
}
