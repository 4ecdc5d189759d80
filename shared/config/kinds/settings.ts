/** `pool-tuner.yaml` → validated `ProjectSettings`; each zod issue becomes an `invalid-field` finding at its path. */
import { ProjectSettingsSchema, type ProjectSettings } from '../settings-schema.ts';
import type { PathSeg } from '../yaml-source.ts';
import type { NormalizeContext } from './context.ts';

export function normalizeSettings(ctx: NormalizeContext, root: Record<string, unknown>): ProjectSettings {
  let value: unknown = root;
  // Drop each invalid field and validate again, so one typo does not discard the rest of the settings.
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = ProjectSettingsSchema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    const path = issue.path.filter((p): p is PathSeg => typeof p === 'string' || typeof p === 'number');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    if (keys.length > 0) {
      for (const k of keys) {
        ctx.invalid([...path, k], `Unknown setting \`${[...path, k].join('.')}\` in pool-tuner.yaml.`, 'key');
      }
      value = withoutPaths(value, keys.map((k) => [...path, k]));
    } else {
      ctx.invalid(path, `\`${path.join('.') || '(root)'}\`: ${issue.message}.`);
      value = withoutPaths(value, [path]);
    }
  }
  return {};
}

function withoutPaths(value: unknown, paths: PathSeg[][]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const path of paths) {
    if (path.length === 0) return {};
    let node: unknown = copy;
    for (const seg of path.slice(0, -1)) node = (node as Record<PathSeg, unknown> | undefined)?.[seg];
    const last = path[path.length - 1]!;
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else if (node && typeof node === 'object') delete (node as Record<PathSeg, unknown>)[last];
  }
  return copy;
}
