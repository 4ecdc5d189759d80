/**
 * A Terraform module as the reader sees it: the `.tf` files of one folder, their resources, `variable` defaults and
 * `locals`. References resolve only inside the module (no `module` calls, no tfvars, no state).
 */
import { asAttribute, asBlock, blocksOf, fileBody, type HBlock, type HNode } from './syntax.ts';

export interface TfFile {
  path: string;
  text: string;
  root: HNode;
}

export interface TfResource {
  file: TfFile;
  type: string;
  name: string;
  block: HBlock;
  /** 0-based order of the resource in its file: the document index of its model objects. */
  index: number;
}

export interface TfExprRef {
  file: TfFile;
  expr: HNode;
}

export interface TfModule {
  dir: string;
  files: TfFile[];
  resources: TfResource[];
  /** `resource_type.name` → resource. */
  byAddress: Map<string, TfResource>;
  variables: Map<string, TfExprRef | null>;
  locals: Map<string, TfExprRef>;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '.' : path.slice(0, i);
}

export function buildModules(files: readonly TfFile[]): Map<string, TfModule> {
  const modules = new Map<string, TfModule>();
  for (const file of files) {
    const dir = dirOf(file.path);
    let m = modules.get(dir);
    if (!m) {
      m = { dir, files: [], resources: [], byAddress: new Map(), variables: new Map(), locals: new Map() };
      modules.set(dir, m);
    }
    m.files.push(file);
    const body = fileBody(file.root);
    if (!body) continue;
    let index = 0;
    for (const c of body.children) {
      const b = c.type === 'block' ? asBlock(file.text, c) : undefined;
      if (!b) continue;
      if (b.type === 'resource' && b.labels.length === 2) {
        const r: TfResource = { file, type: b.labels[0]!, name: b.labels[1]!, block: b, index: index++ };
        m.resources.push(r);
        m.byAddress.set(`${r.type}.${r.name}`, r);
      } else if (b.type === 'variable' && b.labels.length === 1) {
        const def = b.body?.children.map((n) => asAttribute(file.text, n)).find((a) => a?.name === 'default');
        m.variables.set(b.labels[0]!, def ? { file, expr: def.expr } : null);
      } else if (b.type === 'locals') {
        for (const n of b.body?.children ?? []) {
          const a = asAttribute(file.text, n);
          if (a) m.locals.set(a.name, { file, expr: a.expr });
        }
      }
    }
  }
  return modules;
}

export { blocksOf };
