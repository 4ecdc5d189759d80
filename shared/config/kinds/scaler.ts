/**
 * Autoscalers: CREMA `CremaConfig` (one Scaler per `spec.scaledObjects[i]`, docs/sources.md#crema) and plain KEDA
 * `ScaledObject` (docs/sources.md#keda-scaledobject-defaults). Both carry a KEDA ScaledObject spec.
 */
import type { Scaler, ScalingRules, Trigger } from '../model.ts';
import type { PathSeg } from '../yaml-source.ts';
import { parseFloatLoose, parseIntLoose, shortName } from '../quantity.ts';
import { arrayAt, asRecord, objectAt, parsedAt, stringAt, type NormalizeContext } from './context.ts';

const INT = 'a whole number';

export function normalizeCrema(ctx: NormalizeContext, root: Record<string, unknown>): Scaler[] {
  const meta = asRecord(root['metadata']);
  const spec = objectAt(ctx, root, 'spec', []);
  const polling = parsedAt(ctx, spec, 'pollingInterval', ['spec'], parseIntLoose, 'a whole number of seconds');
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
  // KEDA default polling interval is 30 s (docs/sources.md#keda-scaledobject-defaults).
  return [{ ...s, pollingIntervalSec: parsedAt(ctx, spec, 'pollingInterval', ['spec'], parseIntLoose, INT) ?? 30, perObjectPollingInterval: false }];
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
    const sub = stringAt(ctx, md, 'subscriptionName', mp);
    return [{
      index,
      type,
      name: stringAt(ctx, t, 'name', tp),
      subscription: sub ? shortName(sub) : undefined,
      mode: stringAt(ctx, md, 'mode', mp),
      targetValue: parsedAt(ctx, md, 'value', mp, parseFloatLoose, 'a number (as a string)'),
      targetValueRaw: md?.['value'],
      activationValue: parsedAt(ctx, md, 'activationValue', mp, parseFloatLoose, 'a number (as a string)'),
      metricType: stringAt(ctx, t, 'metricType', tp),
    }];
  });
  const advanced = objectAt(ctx, spec, 'advanced', basePath);
  const hpa = objectAt(ctx, advanced, 'horizontalPodAutoscalerConfig', [...basePath, 'advanced']);
  const bp = [...basePath, 'advanced', 'horizontalPodAutoscalerConfig', 'behavior'];
  const behavior = objectAt(ctx, hpa, 'behavior', bp.slice(0, -1));
  return {
    kind: 'Scaler',
    format,
    ref: { file: ctx.doc.file, docIndex: ctx.doc.index },
    basePath,
    name: docName ?? (targetRaw ? shortName(targetRaw) : `scaler-${ctx.doc.index}`),
    targetName: targetRaw ? shortName(targetRaw) : undefined,
    targetKind,
    minReplicas: parsedAt(ctx, spec, 'minReplicaCount', basePath, parseIntLoose, INT),
    maxReplicas: parsedAt(ctx, spec, 'maxReplicaCount', basePath, parseIntLoose, INT),
    triggers,
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
