/**
 * What the metrics status bar item shows (pure, tested in node): the source, and a warning state with the reason
 * when metrics were asked for but are unavailable (no credentials, an API error, an invalid snapshot). Reviews,
 * hovers and CodeLens then work from the config alone, and the tooltip says so.
 */
export interface MetricsStatus {
  kind: 'snapshot' | 'live' | 'none';
  label: string;
  detail: string;
  /** Why the chosen source gives no metrics (set only when one was chosen and failed). */
  error?: string;
}

export interface StatusPresentation {
  visible: boolean;
  text: string;
  /** Markdown. */
  tooltip: string;
  warning: boolean;
}

export function statusPresentation(status: MetricsStatus, poolFiles: number): StatusPresentation {
  if (poolFiles === 0) return { visible: false, text: '', tooltip: '', warning: false };
  const warning = status.error !== undefined;
  const icon = status.kind === 'none' && !warning ? '$(circle-slash)' : warning ? '$(warning)' : '$(pulse)';
  const files = `${poolFiles} pool config file${poolFiles === 1 ? '' : 's'} · click to choose the metrics source`;
  const fallback = warning ? `\n\n**Metrics unavailable**: ${status.error}. Diagnostics, hovers and CodeLens use the config files alone until this is fixed.` : '';
  return { visible: true, text: `${icon} Pool Tuner: ${status.label}`, tooltip: `${status.detail}${fallback}\n\n${files}`, warning };
}
