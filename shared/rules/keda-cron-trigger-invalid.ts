import type { Rule } from './types.ts';
import type { Scaler, Trigger } from '../config/model.ts';
import { poolOfScaler } from './lib/helpers.ts';
import { KEDA_CRON_KEYS } from './lib/keda.ts';
import { cronError, timezoneError } from '../simulate/cron.ts';

/**
 * kedacore/keda v2.20.0 pkg/scalers/cron_scaler.go: `cronMetadata` requires timezone, start, end and
 * desiredReplicas; Validate() rejects start == end and desiredReplicas < 0; start and end are parsed by robfig/cron/v3
 * ParseStandard (5 fields) and the timezone by time.LoadLocation (IANA). A trigger that fails any of them makes the
 * ScaledObject (or CremaConfig) fail to build its scalers, so the schedule never raises the count. Other keys are ignored.
 */
export const rule: Rule = {
  meta: {
    id: 'keda-cron-trigger-invalid',
    title: 'cron trigger KEDA rejects',
    category: 'correctness',
    defaultSeverity: 'error',
    needs: 'config',
    description: 'KEDA refuses a cron trigger without timezone, start, end and desiredReplicas, with a start or end that is not a 5-field cron expression, an unknown time zone, start equal to end, or a negative count, so the scheduled capacity never arrives.',
    remediation: 'Write timezone (an IANA name such as Etc/UTC), start and end (5-field cron expressions, different) and desiredReplicas (a whole number ≥ 0, as a string) under the trigger\'s metadata.',
    fixable: 'none',
  },
  check(ctx) {
    for (const sc of ctx.ws.scalers) {
      for (const t of sc.triggers) {
        if (t.type !== 'cron') continue;
        for (const p of problems(t)) {
          const mp = [...sc.basePath, 'triggers', t.index, 'metadata'];
          ctx.report({
            message: `Cron trigger ${t.name ?? `#${t.index}`} of scaler "${sc.name}": ${p.message}; KEDA rejects it (kedacore/keda v2.20.0 cron_scaler.go).`,
            file: sc.ref.file,
            span: p.key && t.metadataKeys.includes(p.key) ? ctx.span(sc, [...mp, p.key], 'value') : spanOfTrigger(ctx, sc, t),
            pool: poolOfScaler(ctx, sc)?.name,
            data: { scaler: sc.name, trigger: t.name ?? `#${t.index}`, ...(p.key ? { key: p.key } : {}) },
          });
        }
      }
    }
  },
};

function spanOfTrigger(ctx: Parameters<Rule['check']>[0], sc: Scaler, t: Trigger) {
  return ctx.span(sc, [...sc.basePath, 'triggers', t.index, 'type']);
}

/** What KEDA would reject in one cron trigger, each with the key to underline. */
export function problems(t: Trigger): { key?: string; message: string }[] {
  const c = t.cron ?? {};
  const out: { key?: string; message: string }[] = [];
  for (const k of KEDA_CRON_KEYS) if (!t.metadataKeys.includes(k)) out.push({ message: `no \`${k}\`` });
  if (c.timezone !== undefined) {
    const e = timezoneError(c.timezone);
    if (e) out.push({ key: 'timezone', message: e });
  }
  for (const k of ['start', 'end'] as const) {
    const v = c[k];
    const e = v !== undefined ? cronError(v) : undefined;
    if (e) out.push({ key: k, message: `\`${k}\` is not a cron expression (${e})` });
  }
  if (c.start !== undefined && c.start.trim() === c.end?.trim()) out.push({ key: 'end', message: 'start and end are the same' });
  if (t.metadataKeys.includes('desiredReplicas') && (c.desiredReplicas === undefined || c.desiredReplicas < 0)) {
    out.push({ key: 'desiredReplicas', message: `desiredReplicas ${JSON.stringify(c.desiredReplicasRaw)} is not a whole number ≥ 0` });
  }
  return out;
}
