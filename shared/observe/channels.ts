/**
 * Notification channels of the generated alert policies: `notificationChannels` in pool-tuner.yaml, each the
 * resource name Cloud Monitoring gives a channel, `projects/<project>/notificationChannels/<id>`
 * (docs/sources.md#alerting-and-dashboards). The settings schema validates the format with NOTIFICATION_CHANNEL_RE;
 * `channelProblems` turns a rejected entry (dropped by the settings parser) into an error naming the setting.
 */
import type { Workspace } from '../config/workspace.ts';

/** A project id (6–30 lower-case letters, digits, hyphens; starts with a letter) and a channel id (digits in practice). */
export const NOTIFICATION_CHANNEL_RE = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/notificationChannels\/[A-Za-z0-9_-]+$/;

export const NOTIFICATION_CHANNEL_FORMAT = 'projects/<project>/notificationChannels/<id>';

/** Errors for notificationChannels entries pool-tuner.yaml rejected (each names the setting and the format). */
export function channelProblems(ws: Workspace): string[] {
  return ws.problems
    .filter((p) => p.ruleId === 'invalid-field' && /^notificationChannels(\.|$)/.test(String((p.data as { field?: unknown } | undefined)?.field ?? '')))
    .map((p) => `${p.file}: setting \`${String((p.data as { field?: unknown }).field)}\` is not a notification channel: expected ${NOTIFICATION_CHANNEL_FORMAT} (gcloud alpha monitoring channels list --format='value(name)')`);
}

/** The channels the policies notify (validated entries only). */
export function notificationChannels(ws: Workspace): string[] {
  return [...(ws.settings?.settings.notificationChannels ?? [])];
}
