/**
 * What Tune… shows before it changes anything, decided apart from VS Code so it is tested in node (issue 21): the
 * entries of the edit and the notification that asks to apply it.
 *
 * VS Code's refactor preview opens entries marked `needsConfirmation` unchecked, so Apply applied nothing, silently.
 * Here the proposal's diff is shown as a document and a notification asks: Apply applies every entry it listed
 * (none needs confirmation, so none is left out), and the proposal's warnings (low confidence first) are in that
 * notification, not only in the Output channel.
 */
import type { Proposal } from './tuner.ts';

export interface PreviewEntry {
  file: string;
  /** Edits in that file. */
  edits: number;
  /** Always true: what the preview lists is what Apply writes. */
  checked: true;
}

export interface TuneNotice {
  /** `warning` when the proposal is low-confidence or has warnings, else `info`. */
  severity: 'info' | 'warning';
  message: string;
  /** The warnings, one per line (low confidence first), also in `message` (a notification shows no detail). */
  detail: string;
  entries: PreviewEntry[];
  /** Buttons, the first one applies. */
  actions: readonly ['Apply', 'Cancel'];
}

/** The files the proposal edits, each checked. */
export function previewEntries(proposal: Pick<Proposal, 'edits'>): PreviewEntry[] {
  const byFile = new Map<string, number>();
  for (const e of proposal.edits) byFile.set(e.file, (byFile.get(e.file) ?? 0) + 1);
  return [...byFile].sort(([a], [b]) => a.localeCompare(b)).map(([file, edits]) => ({ file, edits, checked: true }));
}

/** The notification for a proposal with edits. */
export function tuneNotice(pool: string, proposal: Pick<Proposal, 'edits' | 'status' | 'warnings'>): TuneNotice {
  const entries = previewEntries(proposal);
  const low = proposal.status === 'low-confidence';
  const warnings = [...proposal.warnings].sort((a, b) => Number(/^Low confidence/.test(b)) - Number(/^Low confidence/.test(a)));
  const files = `${proposal.edits.length} change${proposal.edits.length === 1 ? '' : 's'} in ${entries.map((e) => e.file).join(', ')}`;
  const lead = low ? `Tune ${pool} (LOW CONFIDENCE: the model does not reproduce the recording)` : `Tune ${pool} (${proposal.status})`;
  return {
    severity: low || warnings.length > 0 ? 'warning' : 'info',
    message: `${lead}: apply ${files} (diff opened beside)?${warnings.map((w) => ` ⚠ ${w}`).join('')}`,
    detail: warnings.map((w) => `! ${w}`).join('\n'),
    entries,
    actions: ['Apply', 'Cancel'],
  };
}
