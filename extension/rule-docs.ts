/**
 * Where a rule's documentation opens. `poolTuner.docs.links`: `bundled` (default) = docs/rules/<id>.md shipped in
 * the extension, the installed version's text, offline, shown as a Markdown preview; `web` = the repository's
 * page, or `<poolTuner.docs.webBaseUrl>/<id>.md` when that is set (a fork, an internal mirror).
 */
import * as vscode from 'vscode';
import { docsUrl, RULES } from '../shared/index.ts';
import type { ExtensionSettings } from './settings.ts';

export const OPEN_RULE_DOC_COMMAND = 'poolTuner.openRuleDoc';

export function ruleDocUri(ruleId: string, settings: Pick<ExtensionSettings, 'docsLinks' | 'docsWebBaseUrl'>, extensionUri: vscode.Uri): vscode.Uri {
  if (settings.docsLinks === 'web') {
    const base = settings.docsWebBaseUrl.trim().replace(/\/+$/, '');
    return vscode.Uri.parse(base ? `${base}/${ruleId}.md` : docsUrl(ruleId));
  }
  return vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`);
}

/** `poolTuner.openRuleDoc [ruleId]`: the rule's page as a Markdown preview (bundled) or in the browser (web). */
export async function openRuleDoc(ruleId: string | undefined, settings: ExtensionSettings, extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const id = ruleId ?? (await vscode.window.showQuickPick(RULES.map((r) => ({ label: r.meta.id, description: r.meta.title })), { placeHolder: 'Rule' }))?.label;
  if (!id) return undefined;
  if (!RULES.some((r) => r.meta.id === id)) throw new Error(`No rule '${id}'.`);
  const uri = ruleDocUri(id, settings, extensionUri);
  if (uri.scheme === 'http' || uri.scheme === 'https') await vscode.env.openExternal(uri);
  else await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}
