/**
 * Scope of "not in these files": a workspace is a partial view. A name is reported missing only when the files (or
 * pool-tuner.yaml) declare that kind of resource for the same project, or when a declared name is a near miss of it
 * (a typo needs no project). Names pool-tuner.yaml lists under `external` exist outside the files.
 */
import { shortName } from '../../config/quantity.ts';
import type { RuleContext } from '../types.ts';
import { projectOfPath } from './helpers.ts';

export interface Declared {
  names: string[];
  /** Projects the files declare this kind of resource in; undefined entries are dropped (project unknown). */
  projects: Set<string>;
}

/** Whether `raw` (a short name or resource path) is listed under `external.<kind>` in pool-tuner.yaml. */
export function isExternal(ctx: RuleContext, kind: 'subscriptions' | 'workerPools', raw: string): boolean {
  const listed = ctx.ws.settings?.settings.external?.[kind] ?? [];
  const project = projectOfPath(raw);
  return listed.some((l) => l === raw || (shortName(l) === shortName(raw) && (!projectOfPath(l) || !project || projectOfPath(l) === project)));
}

/** The project a reference points into: its own `projects/P/…` prefix, else pool-tuner.yaml's `project`. */
export function projectOfRef(ctx: RuleContext, raw: string): string | undefined {
  return projectOfPath(raw) ?? ctx.ws.settings?.settings.project;
}

/** True when the files declare resources of this kind in the project `raw` points into. */
export function declaredInProject(ctx: RuleContext, declared: Declared, raw: string): boolean {
  const project = projectOfRef(ctx, raw);
  return project !== undefined && declared.projects.has(project);
}
