/**
 * Reads `poolTuner.*` settings through the schema in settings-schema.ts. Bad values fall back to the defaults
 * instead of throwing.
 */
import * as vscode from 'vscode';
import { DEFAULTS, ExtensionSettingsSchema, KEYS, SECTION, type ExtensionSettings } from './settings-schema.ts';

export { DEFAULTS, KEYS, SECTION, type ExtensionSettings, type MetricsSourceKind } from './settings-schema.ts';

export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scope);
  const out = { ...DEFAULTS } as Record<keyof ExtensionSettings, unknown>;
  for (const key of Object.keys(KEYS) as (keyof ExtensionSettings)[]) {
    const field = ExtensionSettingsSchema.shape[key].safeParse(cfg.get(KEYS[key]));
    if (field.success) out[key] = field.data;
  }
  return out as ExtensionSettings;
}

export function affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}

export async function updateSetting<K extends keyof ExtensionSettings>(key: K, value: ExtensionSettings[K]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(KEYS[key], value, vscode.ConfigurationTarget.Workspace);
}
