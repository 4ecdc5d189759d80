/**
 * What the engine does with findings on templated YAML (Helm `{{ }}`, envsubst, `%VAR%`, `__VAR__`): a placeholder's
 * value is unknown, so
 * - a finding on a placeholder is dropped (the file's template note says how many were not checked);
 * - a finding on a key whose mapping is filled from values (`{{- merge .Values.spec … | toYaml | nindent 2 }}`) is
 *   unknown, not absent: withheld, and the note names the rules and the action;
 * - a fix or suggestion whose edit would write inside or over a placeholder is withheld (the finding stays, and
 *   says so): an edit never deletes `{{ .Values… }}` nor writes around half of it.
 */
import type { TextEdit } from '../../config/edits.ts';
import type { Workspace } from '../../config/workspace.ts';
import { overlapsPlaceholder, PLACEHOLDERS_EQUAL, spreadInBlock } from '../../config/templates.ts';
import type { Finding, Fix } from '../finding.ts';

/** The findings of `findings` that hold whatever the placeholders stand for, with their template-safe edits only. */
export function guardTemplates(ws: Workspace, findings: Finding[]): Finding[] {
  if (ws.templates.size === 0) return findings;
  const withheld = new Map<string, { rules: Set<string>; action: string }>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const t = ws.templates.get(f.file);
    if (t && f.ruleId !== 'yaml-syntax' && f.data?.[PLACEHOLDERS_EQUAL] !== true) {
      if (overlapsPlaceholder(t.placeholders, f.span)) continue;
      const spread = spreadInBlock(ws.files.get(f.file)?.text ?? '', t, f.span);
      if (spread) {
        const w = withheld.get(f.file) ?? { rules: new Set<string>(), action: spread.text };
        w.rules.add(f.ruleId);
        withheld.set(f.file, w);
        continue;
      }
    }
    kept.push(withoutPlaceholderEdits(ws, f));
  }
  return kept.map((f) => {
    const w = f.ruleId === 'yaml-syntax' ? withheld.get(f.file) : undefined;
    if (!w || !ws.templates.has(f.file) || !f.message.startsWith('Template (')) return f;
    withheld.delete(f.file);
    return { ...f, message: `${f.message} Withheld, unknown rather than absent (keys come from \`${w.action.length > 60 ? `${w.action.slice(0, 59)}…` : w.action}\`): ${[...w.rules].sort().join(', ')}.` };
  });
}

function touchesPlaceholder(ws: Workspace, e: TextEdit): boolean {
  const t = ws.templates.get(e.file);
  return t !== undefined && overlapsPlaceholder(t.placeholders, e.span);
}

function withoutPlaceholderEdits(ws: Workspace, f: Finding): Finding {
  const safe = (x: Fix) => !x.edits.some((e) => touchesPlaceholder(ws, e));
  const fixOk = !f.fix || safe(f.fix);
  const suggestions = f.suggestions?.filter(safe);
  if (fixOk && suggestions?.length === f.suggestions?.length) return f;
  const { fix, suggestions: _dropped, ...rest } = f;
  return {
    ...rest,
    ...(fix && fixOk ? { fix } : {}),
    ...(suggestions && suggestions.length > 0 ? { suggestions } : {}),
    message: `${f.message} No edit offered: it would write over a template placeholder; change the template or its values by hand.`,
  };
}
