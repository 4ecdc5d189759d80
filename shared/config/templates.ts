/**
 * Templated YAML: Helm / Go templates (`{{ … }}`), envsubst / shell (`${VAR}`, `$VAR`), Windows-style `%VAR%` and
 * `__VAR__` placeholders, and `.tpl` / `.yaml.tpl` files. The text is masked to YAML that parses, with every
 * character kept at its offset (so spans point into the original text): a line that holds only template actions
 * (`{{- if … }}`, `{{ toYaml .Values.x | nindent 8 }}`, `{{- end }}`) becomes blank, and an action or a `%VAR%` inside a
 * line becomes a stand-in scalar of the same length. Findings on a placeholder are dropped (its value is unknown),
 * and the file gets one note saying what was not checked.
 */
import { visit } from 'yaml';
import type { Span } from './span.ts';
import type { YamlFile } from './yaml-source.ts';
import { MAX_ALIAS_COUNT } from './yaml-source.ts';

export type TemplateStyle = 'helm' | 'envsubst' | 'percent' | 'underscore';

export interface MaskedTemplate {
  /** Same length as the input; equal outside the placeholders. */
  text: string;
  /** Where the placeholders are, in the original text. */
  placeholders: Span[];
  styles: TemplateStyle[];
  /** Lines dropped because they held only template actions (their content was not reviewed). */
  blankedLines: number;
  /** Stand-ins written in place of placeholders (same length, letters only), with the original text. */
  standIns: { span: Span; mask: string; original: string }[];
  /**
   * Template-only lines that emit YAML (`{{- toYaml .Values.spec | nindent 2 }}`, `{{ include … }}`, `merge … | toYaml`):
   * the mapping around them holds keys that cannot be read, so an absence found there is unknown, not absent.
   */
  spreads: { span: Span; text: string; indent: number }[];
}

/** Actions that only steer the template (no output of their own): `if`, `else`, `end`, `with`, `range`, `define`, comments, assignments. */
const CONTROL = /^\{\{-?\s*(?:if\b|else\b|end\b|with\b|range\b|define\b|block\b|break\b|continue\b|\/\*|\$[A-Za-z_][A-Za-z0-9_]*\s*:?=)/;

const HELM = /\{\{-?[\s\S]*?-?\}\}/g;
const ENVSUBST = /\$\{[A-Za-z_][A-Za-z0-9_.:\-=]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;
const PERCENT = /%[A-Za-z_][A-Za-z0-9_]*%/g;
const UNDERSCORE = /__[A-Z][A-Z0-9_]*[A-Z0-9]__/g;

/** Whether a file is a template by its name (`x.tpl`, `x.yaml.tpl`, `x.yml.tmpl`). */
export function isTemplateFileName(path: string): boolean {
  return /\.(tpl|tmpl|template)$/i.test(path);
}

/** Masks the placeholders of `text`; undefined when it holds none. */
export function maskTemplates(text: string, path: string): MaskedTemplate | undefined {
  const chars = text.split('');
  const placeholders: Span[] = [];
  const styles = new Set<TemplateStyle>();
  let blankedLines = 0;
  const standIns: MaskedTemplate['standIns'] = [];
  const spreads: MaskedTemplate['spreads'] = [];
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  let count = 0;
  const standIn = (start: number, end: number) => {
    // Letters only, so YAML reads a plain string scalar of the same length; each one distinct (`range` templates
    // repeat the same action as a key), so no two stand-ins collide as map keys.
    let id = (count++).toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    id = `z${id}`;
    for (let i = start, k = 0; i < end; i++, k++) if (chars[i] !== '\n') chars[i] = id[k] ?? 'x';
    standIns.push({ span: { start, end }, mask: chars.slice(start, end).join(''), original: text.slice(start, end) });
  };
  for (const m of text.matchAll(HELM)) {
    const start = m.index;
    const end = start + m[0].length;
    styles.add('helm');
    placeholders.push({ start, end });
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl === -1 ? text.length : nl;
    const rest = text.slice(lineStart, lineEnd).replace(HELM, '');
    if (rest.trim() === '' || /^\s*-\s*$/.test(rest)) {
      // A line of template actions only: blank the whole line (block constructs, toYaml | nindent, comments).
      if (text.slice(lineStart, lineEnd).trim() !== '') blankedLines++;
      if (!CONTROL.test(m[0])) spreads.push({ span: { start: lineStart, end: lineEnd }, text: m[0], indent: spreadIndent(m[0], start - lineStart) });
      blank(lineStart, lineEnd);
    } else {
      standIn(start, end);
    }
  }
  for (const [re, style] of [[PERCENT, 'percent'], [UNDERSCORE, 'underscore'], [ENVSUBST, 'envsubst']] as const) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (placeholders.some((p) => start < p.end && end > p.start)) continue;
      // In a YAML comment it is no value (kpt setters write `# kpt-set: ${project-id}`): nothing goes unchecked.
      if (inYamlComment(text.slice(text.lastIndexOf('\n', start - 1) + 1, start))) continue;
      // `$VAR` is common in plain strings (shell snippets, regexes): count it only in a YAML value position.
      if (style === 'envsubst' && !m[0].startsWith('${') && !/:\s*["']?$/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start))) continue;
      styles.add(style);
      placeholders.push({ start, end });
      // `%VAR%` cannot start a plain scalar: stand it in. `${VAR}`, `$VAR` and `__VAR__` parse as they are, so names
      // keep their placeholder (and messages show it); findings on them are dropped all the same.
      if (style === 'percent') standIn(start, end);
    }
  }
  if (placeholders.length === 0 && !isTemplateFileName(path)) return undefined;
  placeholders.sort((a, b) => a.start - b.start);
  return { text: chars.join(''), placeholders, styles: [...styles], blankedLines, standIns, spreads };
}

/** The column a spread's output starts at: `nindent N` / `indent N` when given, else the action's own column. */
function spreadIndent(action: string, column: number): number {
  const n = /\bn?indent\s+(\d+)/.exec(action)?.[1];
  return n !== undefined ? Number(n) : column;
}

/**
 * Puts the original placeholder text back into the parsed values of a masked file (`{{ .Release.Name }}-worker`,
 * never the stand-in `zaxxxxxxxxxxxxxxxxx-worker`), so names, messages, titles and edits built from values show
 * what the user wrote. Scalars only; node ranges are untouched (they were the same length).
 */
export function restorePlaceholders(file: YamlFile, masked: MaskedTemplate): void {
  if (masked.standIns.length === 0) return;
  const restore = (value: string, range: readonly number[] | undefined): string => {
    if (!range) return value;
    let out = value;
    // Longest first, so a stand-in never replaces part of a longer one.
    const inside = masked.standIns.filter((s) => s.span.start < (range[1] ?? 0) && s.span.end > (range[0] ?? 0)).sort((a, b) => b.mask.length - a.mask.length);
    for (const s of inside) out = out.split(s.mask).join(s.original);
    return out;
  };
  for (const ydoc of file.docs) {
    if (!ydoc.doc) continue;
    visit(ydoc.doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string') node.value = restore(node.value, node.range ?? undefined);
      },
    });
    if (ydoc.errors.length === 0 && ydoc.value !== undefined) {
      try {
        ydoc.value = ydoc.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        // Already converted once without error; leave the masked value.
      }
    }
  }
}

/** The spread (see `MaskedTemplate.spreads`) inside the block of the key at `span`, if any: the finding there is unknown. */
export function spreadInBlock(text: string, masked: MaskedTemplate, span: Span): MaskedTemplate['spreads'][number] | undefined {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const column = span.start - lineStart;
  // Only a key opens a block: a value (`type: gcp-pubsub`) has nothing below it.
  if (!/^\s*(?:-\s+)?[^\s#][^:]*:\s*(?:#.*)?$/.test(text.slice(lineStart, lineEnd(text, span.start)))) return undefined;
  let at = lineEnd(text, span.start) + 1;
  while (at < text.length) {
    const end = lineEnd(text, at);
    const line = text.slice(at, end);
    const spread = masked.spreads.find((s) => s.span.start === at);
    if (spread) {
      if (spread.indent > column) return spread;
    } else if (line.trim() !== '' && !/^\s*#/.test(line) && masked.text.slice(at, end).trim() !== '') {
      const indent = line.length - line.trimStart().length;
      if (indent <= column) return undefined;
    }
    at = end + 1;
  }
  return undefined;
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}

/**
 * True when the end of `linePrefix` is inside a YAML comment: a `#` at the line start or after whitespace, outside
 * quotes (https://yaml.org/spec/1.2.2/#66-comments: a comment starts with `#` separated from other tokens by white space).
 */
function inYamlComment(linePrefix: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < linePrefix.length; i++) {
    const c = linePrefix[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(linePrefix[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(linePrefix[i - 1]!))) {
      return true;
    }
  }
  return false;
}

/**
 * `data` key of a finding that compares identical placeholder expressions (`pubsubtopic-${uniqueId}` on both sides):
 * whatever the placeholder stands for, the two are equal, so the finding holds and the engine keeps it.
 */
export const PLACEHOLDERS_EQUAL = 'placeholdersEqual';

/** True when `span` touches a placeholder. */
export function overlapsPlaceholder(placeholders: readonly Span[], span: Span): boolean {
  return placeholders.some((p) => span.start < p.end && (span.end > p.start || (span.start === span.end && span.start >= p.start)));
}
