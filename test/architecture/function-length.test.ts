/**
 * The tuner reads as a pipeline of small functions (issue 19): no function in shared/tune or shared/model longer
 * than MAX_LINES, and the simulator's engine under MAX_ENGINE_LINES. Measured on the TypeScript syntax tree.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';

const MAX_LINES = 80;
const MAX_ENGINE_LINES = 400;

function longFunctions(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (!f.endsWith('.ts')) continue;
    const p = `${dir}/${f}`;
    const src = ts.createSourceFile(p, readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n)) && n.body) {
        const a = src.getLineAndCharacterOfPosition(n.getStart()).line;
        const b = src.getLineAndCharacterOfPosition(n.end).line;
        if (b - a + 1 > MAX_LINES) out.push(`${p}:${a + 1} ${(n as ts.FunctionDeclaration).name?.getText() ?? '(anonymous)'} ${b - a + 1} lines`);
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return out;
}

it(`no function in shared/tune or shared/model is over ${MAX_LINES} lines`, () => {
  assert.deepEqual([...longFunctions('shared/tune'), ...longFunctions('shared/model')], []);
});

it(`the simulator's engine is under ${MAX_ENGINE_LINES} lines`, () => {
  const n = readFileSync('shared/simulate/engine.ts', 'utf8').split('\n').length;
  assert.ok(n < MAX_ENGINE_LINES, `shared/simulate/engine.ts has ${n} lines`);
});
