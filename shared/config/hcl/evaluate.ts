/**
 * Settles HCL expressions to plain values where the module text alone decides them: literals, `var.x` defaults,
 * `local.x`, simple `"${…}"` interpolations, a few pure functions, and references to resources of the same module
 * (`google_pubsub_topic.dlq.id` / `.name`). Anything else (data sources, module outputs, conditionals, `each`,
 * `count`, unknown functions) is `Unsettled`: the reader never guesses.
 */
import { child, textOf, type HNode } from './syntax.ts';
import type { TfExprRef, TfModule, TfResource } from './module.ts';

export class Unsettled {
  constructor(readonly reason: string) {}
}

export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };
export type Evaluated = HclValue | Unsettled;

/** How `.id` of a resource reads, per type (the provider's import id formats). */
const ID_FORMAT: Record<string, (name: string, project: string | undefined, location: string | undefined) => string> = {
  google_pubsub_topic: (n, p) => (p ? `projects/${p}/topics/${n}` : n),
  google_pubsub_subscription: (n, p) => (p ? `projects/${p}/subscriptions/${n}` : n),
  google_cloud_run_v2_worker_pool: (n, p, l) => (p && l ? `projects/${p}/locations/${l}/workerPools/${n}` : n),
  google_cloud_run_v2_service: (n, p, l) => (p && l ? `projects/${p}/locations/${l}/services/${n}` : n),
};

export class Evaluator {
  private readonly stack = new Set<string>();

  constructor(readonly module: TfModule) {}

  /** Evaluates an `expression` (or any expression-like node) of `text`. */
  eval(text: string, n: HNode): Evaluated {
    if (n.error) return new Unsettled('the expression does not parse');
    switch (n.type) {
      case 'expression': {
        const [head, ...rest] = n.children;
        if (!head) return new Unsettled('empty expression');
        if (head.type === 'variable_expr') return this.reference(text, n, head, rest);
        let v = this.eval(text, head);
        for (const op of rest) v = this.access(text, v, op);
        return v;
      }
      case 'literal_value': {
        const c = n.children[0];
        if (!c) return new Unsettled('empty literal');
        if (c.type === 'numeric_lit') return Number(textOf(text, c));
        if (c.type === 'bool_lit') return textOf(text, c) === 'true';
        if (c.type === 'null_lit') return null;
        if (c.type === 'string_lit') return this.template(text, c);
        return new Unsettled(`literal ${c.type}`);
      }
      case 'template_expr': {
        const c = n.children[0];
        if (c?.type === 'quoted_template') return this.template(text, c);
        if (c?.type === 'heredoc_template') return this.heredoc(text, c);
        return new Unsettled('template');
      }
      case 'collection_value':
        return n.children[0] ? this.eval(text, n.children[0]) : new Unsettled('empty collection');
      case 'tuple': {
        const out: HclValue[] = [];
        for (const e of n.children) {
          if (e.type !== 'expression') continue;
          const v = this.eval(text, e);
          if (v instanceof Unsettled) return v;
          out.push(v);
        }
        return out;
      }
      case 'object': {
        const out: { [key: string]: HclValue } = {};
        for (const e of n.children) {
          if (e.type !== 'object_elem') continue;
          const k = this.objectKey(text, e.children[0]);
          if (k instanceof Unsettled) return k;
          const val = e.children[1] ? this.eval(text, e.children[1]) : new Unsettled('no value');
          if (val instanceof Unsettled) return val;
          out[k] = val;
        }
        return out;
      }
      case 'function_call':
        return this.call(text, n);
      case 'operation': {
        const u = n.children[0];
        if (u?.type === 'unary_operation' && textOf(text, u).startsWith('-')) {
          const v = u.children[0] ? this.eval(text, u.children[0]) : new Unsettled('operand');
          return typeof v === 'number' ? -v : new Unsettled(`\`${textOf(text, n)}\``);
        }
        return new Unsettled(`\`${textOf(text, n)}\` (an operation)`);
      }
      default:
        return new Unsettled(`\`${textOf(text, n).slice(0, 60)}\``);
    }
  }

  /** The key of an object element: a bare identifier is the key itself, not a variable. */
  objectKey(text: string, k: HNode | undefined): string | Unsettled {
    if (!k) return new Unsettled('no key');
    const head = k.type === 'expression' ? k.children[0] : k;
    if (head?.type === 'variable_expr' && k.children.length === 1) return textOf(text, head);
    const v = this.eval(text, k);
    if (v instanceof Unsettled) return v;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : new Unsettled('object key');
  }

  template(text: string, n: HNode): string | Unsettled {
    let out = '';
    for (const c of n.children) {
      if (c.type === 'template_literal') out += unescape(textOf(text, c));
      else if (c.type === 'template_interpolation') {
        const e = child(c, 'expression');
        const v = e ? this.eval(text, e) : new Unsettled('interpolation');
        if (v instanceof Unsettled) return v;
        if (typeof v === 'object') return new Unsettled('interpolation of a collection');
        out += String(v);
      } else if (c.type === 'template_directive') {
        return new Unsettled('template directive');
      }
    }
    return out;
  }

  /**
   * An identifier for a name the module cannot settle: a quoted template with literal text and unknown parts
   * (`"worker-${random_pet.suffix.id}"`) reads as itself, unknown parts kept as written. Two references to the same
   * resource then agree, and messages show what the file says. Never used for values rules judge.
   */
  symbolic(text: string, expr: HNode): string | Unsettled {
    const v = this.eval(text, expr);
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    // `name = local.sub_name` where the local is such a template: the local's text, read the same way.
    const local = this.localOf(text, expr);
    if (local && !this.stack.has(`local.${local}`)) {
      const ref = this.module.locals.get(local);
      if (ref) {
        this.stack.add(`local.${local}`);
        try {
          return this.symbolic(ref.file.text, ref.expr);
        } finally {
          this.stack.delete(`local.${local}`);
        }
      }
    }
    const q = child(child(expr, 'template_expr'), 'quoted_template');
    if (!q || !q.children.some((c) => c.type === 'template_literal')) return v instanceof Unsettled ? v : new Unsettled('not a string');
    let s = '';
    for (const c of q.children) {
      if (c.type === 'template_literal') s += unescape(textOf(text, c));
      else if (c.type === 'template_interpolation') {
        const e = child(c, 'expression');
        const x = e ? this.eval(text, e) : undefined;
        s += typeof x === 'string' || typeof x === 'number' ? String(x) : textOf(text, c);
      } else if (c.type === 'template_directive') return new Unsettled('template directive');
    }
    return s;
  }

  /** `x` when `expr` is exactly `local.x`. */
  private localOf(text: string, expr: HNode): string | undefined {
    const [head, attr, ...rest] = expr.type === 'expression' ? expr.children : [];
    if (head?.type !== 'variable_expr' || textOf(text, head) !== 'local' || attr?.type !== 'get_attr' || rest.length) return undefined;
    const id = child(attr, 'identifier');
    return id ? textOf(text, id) : undefined;
  }

  heredoc(text: string, n: HNode): string | Unsettled {
    if (n.children.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return new Unsettled('heredoc with interpolations');
    const body = heredocBody(text, n);
    return body ? text.slice(body.start, body.end).split('\n').map((l) => l.slice(body.strip)).join('\n') : '';
  }

  private access(text: string, v: Evaluated, op: HNode): Evaluated {
    if (v instanceof Unsettled) return v;
    if (op.type === 'get_attr') {
      const id = child(op, 'identifier');
      const key = id ? textOf(text, id) : '';
      if (v && typeof v === 'object' && !Array.isArray(v) && key in v) return v[key]!;
      return new Unsettled(`attribute ${key}`);
    }
    if (op.type === 'index') {
      const e = child(op, 'expression') ?? child(op, 'legacy_index');
      const k = e ? (e.type === 'legacy_index' ? Number(textOf(text, e).replace(/\D/g, '')) : this.eval(text, e)) : new Unsettled('index');
      if (k instanceof Unsettled) return k;
      if (Array.isArray(v) && typeof k === 'number') return v[k] ?? new Unsettled('index out of range');
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof k === 'string' && k in v) return v[k]!;
      return new Unsettled('index');
    }
    return new Unsettled(`\`${textOf(text, op)}\``);
  }

  private reference(text: string, whole: HNode, head: HNode, rest: HNode[]): Evaluated {
    const root = textOf(text, head);
    const attrs: string[] = [];
    let i = 0;
    for (; i < rest.length && rest[i]!.type === 'get_attr'; i++) {
      const id = child(rest[i]!, 'identifier');
      attrs.push(id ? textOf(text, id) : '');
    }
    const tail = rest.slice(i);
    let v: Evaluated;
    if (root === 'var' && attrs[0]) v = this.named(`var.${attrs[0]}`, this.module.variables.get(attrs[0]), attrs.slice(1));
    else if (root === 'local' && attrs[0]) v = this.named(`local.${attrs[0]}`, this.module.locals.get(attrs[0]), attrs.slice(1));
    else if (attrs.length >= 2 && this.module.byAddress.has(`${root}.${attrs[0]}`)) v = this.resourceAttr(this.module.byAddress.get(`${root}.${attrs[0]}`)!, attrs.slice(1));
    else return new Unsettled(`\`${textOf(text, whole).slice(0, 60)}\``);
    for (const op of tail) v = this.access(text, v, op);
    return v;
  }

  private named(name: string, ref: TfExprRef | null | undefined, attrs: string[]): Evaluated {
    if (ref === undefined) return new Unsettled(`\`${name}\` is not declared in this module`);
    if (ref === null) return new Unsettled(`\`${name}\` has no default`);
    if (this.stack.has(name)) return new Unsettled(`\`${name}\` refers to itself`);
    this.stack.add(name);
    try {
      let v = this.eval(ref.file.text, ref.expr);
      for (const a of attrs) {
        if (v instanceof Unsettled) break;
        v = v && typeof v === 'object' && !Array.isArray(v) && a in v ? v[a]! : new Unsettled(`\`${name}.${a}\``);
      }
      return v;
    } finally {
      this.stack.delete(name);
    }
  }

  /** `.name`, `.project`, `.location`, `.id` of a resource of this module. */
  resourceAttr(r: TfResource, attrs: string[]): Evaluated {
    const address = `${r.type}.${r.name}`;
    const attr = attrs[0]!;
    if (attrs.length > 1) return new Unsettled(`\`${address}.${attrs.join('.')}\``);
    if (this.stack.has(address)) return new Unsettled(`\`${address}\` refers to itself`);
    const field = (key: string): Evaluated => {
      const a = r.block.body?.children.find((c) => c.type === 'attribute' && textOf(r.file.text, c.children[0]!) === key);
      const e = a ? child(a, 'expression') : undefined;
      if (!e) return new Unsettled(`\`${address}.${key}\` is not set`);
      return key === 'name' ? this.symbolic(r.file.text, e) : this.eval(r.file.text, e);
    };
    this.stack.add(address);
    try {
      if (attr === 'name' || attr === 'project' || attr === 'location') return field(attr);
      const fmt = ID_FORMAT[r.type];
      if (attr === 'id' && fmt) {
        const name = field('name');
        if (typeof name !== 'string') return name instanceof Unsettled ? name : new Unsettled('name');
        const p = field('project');
        const l = field('location');
        return fmt(name, typeof p === 'string' ? p : undefined, typeof l === 'string' ? l : undefined);
      }
      return new Unsettled(`\`${address}.${attr}\` is known only after apply`);
    } finally {
      this.stack.delete(address);
    }
  }

  private call(text: string, n: HNode): Evaluated {
    const id = child(n, 'identifier');
    const name = id ? textOf(text, id) : '';
    const args = child(n, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    const values: HclValue[] = [];
    for (const a of args) {
      const v = this.eval(text, a);
      if (v instanceof Unsettled) return v;
      values.push(v);
    }
    const [a, b] = values;
    switch (name) {
      case 'tostring':
        return typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean' ? String(a) : new Unsettled('tostring');
      case 'tonumber': {
        const x = typeof a === 'number' ? a : typeof a === 'string' ? Number(a) : NaN;
        return Number.isFinite(x) ? x : new Unsettled('tonumber');
      }
      case 'lower':
        return typeof a === 'string' ? a.toLowerCase() : new Unsettled('lower');
      case 'upper':
        return typeof a === 'string' ? a.toUpperCase() : new Unsettled('upper');
      case 'trimspace':
        return typeof a === 'string' ? a.trim() : new Unsettled('trimspace');
      case 'join':
        return typeof a === 'string' && Array.isArray(b) && b.every((x) => typeof x === 'string') ? (b as string[]).join(a) : new Unsettled('join');
      case 'format': {
        if (typeof a !== 'string') return new Unsettled('format');
        let k = 1;
        let ok = true;
        const out = a.replace(/%([sdv%])/g, (_m, f: string) => {
          if (f === '%') return '%';
          const x = values[k++];
          if (x === undefined || (typeof x === 'object' && x !== null)) ok = false;
          return String(x);
        });
        return ok ? out : new Unsettled('format');
      }
      default:
        return new Unsettled(`\`${name}(…)\``);
    }
  }
}

/** HCL string escapes in a template literal. */
function unescape(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  return s
    .replace(/\\(["\\nrt])|\\u([0-9a-fA-F]{4})/g, (_m, c: string | undefined, u: string | undefined) => {
      if (u) return String.fromCharCode(parseInt(u, 16));
      return c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c!;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

/**
 * The body of a heredoc: from the line after `<<EOT` to the start of the closing marker's line, and for `<<-` the
 * common indentation to strip (Terraform strips the smallest indentation of the non-blank lines).
 */
export function heredocBody(text: string, n: HNode): { start: number; end: number; strip: number } | undefined {
  const ids = n.children.filter((c) => c.type === 'heredoc_identifier');
  const open = ids[0];
  const close = ids[ids.length - 1];
  if (!open || !close || open === close) return undefined;
  const start = text.indexOf('\n', open.end) + 1;
  const end = text.lastIndexOf('\n', close.start - 1) + 1;
  if (start <= 0 || end < start) return undefined;
  let strip = 0;
  if (text.slice(n.start, n.start + 3) === '<<-') {
    const lines = text.slice(start, end).split('\n').filter((l) => l.trim() !== '');
    strip = lines.length ? Math.min(...lines.map((l) => /^[ \t]*/.exec(l)![0].length)) : 0;
  }
  return { start, end, strip };
}
