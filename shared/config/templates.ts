/**
 * Templated YAML: Helm / Go templates (`{{ … }}`), envsubst / shell (`${VAR}`, `$VAR`), Windows-style `%VAR%` and
 * `__VAR__` placeholders, and `.tpl` / `.yaml.tpl` files. The text is masked to YAML that parses, with every
 * character kept at its offset (so spans point into the original text): a line that holds only template actions
 * (`{{- if … }}`, `{{ toYaml .Values.x | nindent 8 }}`, `{{- end }}`) becomes blank, and an action or a `%VAR%` inside a
 * line becomes a stand-in scalar of the same length. Findings on a placeholder are dropped (its value is unknown),
 * and the file gets one note saying what was not checked.
 */
import type { Span } from './span.ts';

export type TemplateStyle = 'helm' | 'envsubst' | 'percent' | 'underscore';

export interface MaskedTemplate {
  /** Same length as the input; equal outside the placeholders. */
  text: string;
  /** Where the placeholders are, in the original text. */
  placeholders: Span[];
  styles: TemplateStyle[];
  /** Lines dropped because they held only template actions (their content was not reviewed). */
  blankedLines: number;
}

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
  return { text: chars.join(''), placeholders, styles: [...styles], blankedLines };
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
