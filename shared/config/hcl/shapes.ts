/**
 * How the model's paths map to Terraform (docs/sources.md#worker-pool-terraform, docs/sources.md#subscription-fields; hashicorp/terraform-provider-google docs for
 * `google_cloud_run_v2_worker_pool` and `google_pubsub_subscription`):
 * - worker pool: v1 annotations → `scaling { scaling_mode, manual_instance_count, min_instance_count,
 *   max_instance_count }`; `spec.template.spec.containers[i]` → `template { containers { … } }` (env blocks,
 *   `resources { limits = {…} }`, `value_source { secret_key_ref { secret, version } }`);
 * - subscription: camelCase fields → snake_case attributes; policies are nested blocks;
 * - a CremaConfig in `yamlencode({...})`: the same keys inside the HCL object.
 */
import type { YamlValue } from '../yaml-edit.ts';
import type { HSeg } from './path.ts';
import type { HclOut } from './edit.ts';
import type { TfShape } from './tf-doc.ts';

const ANNOTATION_TO_SCALING: Record<string, string> = {
  'run.googleapis.com/scalingMode': 'scaling_mode',
  'run.googleapis.com/manualInstanceCount': 'manual_instance_count',
  'run.googleapis.com/minScale': 'min_instance_count',
  'run.googleapis.com/maxScale': 'max_instance_count',
};

const CONTAINER_ATTRS = new Set(['name', 'image', 'args', 'command', 'working_dir']);

export const WORKER_POOL_SHAPE: TfShape = {
  toHcl(path) {
    const p = path.map(String);
    const [a, b, c, d, e] = p;
    if (p.length === 0 || (a === 'metadata' && p.length === 1)) return [];
    if (a === 'metadata') {
      if (b === 'name' && p.length === 2) return [{ attr: 'name' }];
      if (b === 'namespace' && p.length === 2) return [{ attr: 'project' }];
      if (b === 'labels') return p.length === 2 ? [] : c === 'cloud.googleapis.com/location' && p.length === 3 ? [{ attr: 'location' }] : undefined;
      if (b === 'annotations') {
        if (p.length === 2) return [{ block: 'scaling' }];
        const attr = ANNOTATION_TO_SCALING[c!];
        return attr && p.length === 3 ? [{ block: 'scaling' }, { attr }] : undefined;
      }
      return undefined;
    }
    if (a !== 'spec') return undefined;
    if (p.length === 1 || (b === 'template' && p.length <= 3 && (c === undefined || c === 'spec' || c === 'metadata'))) return [{ block: 'template' }];
    if (b !== 'template') return undefined;
    if (c === 'metadata') {
      return d === 'annotations' && e === 'run.googleapis.com/gpu-zonal-redundancy-disabled' && p.length === 5 ? [{ block: 'template' }, { attr: 'gpu_zonal_redundancy_disabled' }] : p.length === 4 ? [{ block: 'template' }] : undefined;
    }
    if (c !== 'spec') return undefined;
    if (d === 'nodeSelector') {
      if (p.length === 4) return [{ block: 'template' }, { block: 'node_selector' }];
      return e === 'run.googleapis.com/accelerator' && p.length === 5 ? [{ block: 'template' }, { block: 'node_selector' }, { attr: 'accelerator' }] : undefined;
    }
    if (d !== 'containers') return undefined;
    if (p.length === 4) return [{ block: 'template' }];
    const i = path[4];
    if (typeof i !== 'number') return undefined;
    const base: HSeg[] = [{ block: 'template' }, { block: 'containers', index: i }];
    const rest = path.slice(5).map(String);
    const [r0, r1, r2, r3, r4] = rest;
    if (rest.length === 0) return base;
    if (CONTAINER_ATTRS.has(r0!) && rest.length === 1) return [...base, { attr: r0! }];
    if (r0 === 'resources') {
      if (rest.length === 1) return [...base, { block: 'resources' }];
      if (r1 !== 'limits') return undefined;
      if (rest.length === 2) return [...base, { block: 'resources' }, { attr: 'limits' }];
      return rest.length === 3 ? [...base, { block: 'resources' }, { attr: 'limits' }, { key: r2! }] : undefined;
    }
    if (r0 === 'env') {
      if (rest.length === 1) return base;
      const j = path[6];
      if (typeof j !== 'number') return undefined;
      const env: HSeg[] = [...base, { block: 'env', index: j }];
      if (rest.length === 2) return env;
      if ((r2 === 'name' || r2 === 'value') && rest.length === 3) return [...env, { attr: r2 }];
      if (r2 === 'valueFrom') {
        if (rest.length === 3) return [...env, { block: 'value_source' }];
        if (r3 !== 'secretKeyRef') return undefined;
        const ref: HSeg[] = [...env, { block: 'value_source' }, { block: 'secret_key_ref' }];
        if (rest.length === 4) return ref;
        if (r4 === 'name' && rest.length === 5) return [...ref, { attr: 'secret' }];
        if (r4 === 'key' && rest.length === 5) return [...ref, { attr: 'version' }];
      }
      return undefined;
    }
    return undefined;
  },
  toHclValue(path, value) {
    const last = String(path[path.length - 1]);
    if (last === 'run.googleapis.com/scalingMode') return String(value).toUpperCase() === 'AUTO' ? 'AUTOMATIC' : String(value).toUpperCase();
    if (ANNOTATION_TO_SCALING[last]) return toNumber(value);
    if (last === 'run.googleapis.com/gpu-zonal-redundancy-disabled') return String(value) === 'true';
    return value;
  },
};

function toNumber(v: YamlValue): HclOut {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : v;
}

/** Subscription fields that are nested blocks in Terraform (the rest are attributes). */
const SUB_BLOCKS = new Set(['retryPolicy', 'deadLetterPolicy', 'expirationPolicy', 'pushConfig', 'bigqueryConfig', 'cloudStorageConfig', 'oidcToken']);

export function snakeCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A subscription shape; `topicRef` turns a topic id into a reference to a `google_pubsub_topic` of the same
 * module when one has that name (so a new dead-letter policy points at the resource, as people write it).
 */
export function subscriptionShape(topicRef: (topic: string) => string | undefined): TfShape {
  return {
    toHcl(path) {
      const out: HSeg[] = [];
      for (const seg of path) {
        if (typeof seg !== 'string') return undefined;
        out.push(SUB_BLOCKS.has(seg) ? { block: snakeCase(seg) } : { attr: snakeCase(seg) });
      }
      // A block can only hold attributes or blocks, never be a leaf value itself.
      return out.slice(0, -1).every((s) => 'block' in s) ? out : undefined;
    },
    toHclValue(path, value) {
      const last = path[path.length - 1];
      if (last === 'deadLetterTopic' && typeof value === 'string') {
        const ref = topicRef(value);
        if (ref) return { expr: ref };
      }
      return value;
    },
  };
}

/** A CremaConfig written as an HCL object inside `yamlencode(...)`: keys and tuple items as in YAML. */
export const ENCODED_OBJECT_SHAPE: TfShape = {
  toHcl(path) {
    return path.map((s) => (typeof s === 'number' ? { item: s } : { key: s }));
  },
  toHclValue(_path, value) {
    return value;
  },
};
