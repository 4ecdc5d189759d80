/**
 * The HCL parser the workspace uses for `.tf` files when none is passed to `parseWorkspace`. The parser itself is
 * WebAssembly loaded asynchronously by an adapter (`shared/node/hcl-parser.ts`, the extension); adapters register it
 * once at start-up so every later (synchronous) parse can read Terraform.
 */
import type { HclParser } from './syntax.ts';

let current: HclParser | undefined;

export function registerHclParser(parser: HclParser | undefined): void {
  current = parser;
}

export function registeredHclParser(): HclParser | undefined {
  return current;
}
