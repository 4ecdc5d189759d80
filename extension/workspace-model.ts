/**
 * The workspace model: every pool YAML file in the workspace, reviewed together, so a change in one file (a
 * CremaConfig) re-checks the pool it belongs to in the others. Incremental: parsed YAML files are kept per path
 * and reused while their text is unchanged (an edit re-parses only the edited file), secrets are learned per
 * changed file, and the workspace scan parses in slices between which the extension host stays responsive.
 * Until the scan has finished the state is `partial` (open documents only; see diagnostics.ts).
 */
import { learnSecrets } from './redact.ts';
import * as vscode from 'vscode';
import { parseWorkspace, review, type Finding, type MetricsView, type ProposalRecord, type Workspace, type YamlFile } from '../shared/index.ts';
import { textPositions, type PositionSource } from './convert.ts';
import type { Log } from './log.ts';

export interface ReviewState {
  ws: Workspace;
  findings: Finding[];
  /** Findings per file key (fsPath). */
  byFile: Map<string, Finding[]>;
  metrics?: MetricsView;
  /** Rules skipped for want of metrics. */
  skippedForMetrics: string[];
  /** Texts the state was computed from (spans refer to these). */
  texts: ReadonlyMap<string, string>;
  elapsedMs: number;
  /** True while only the open documents are known (the workspace scan has not finished). */
  partial: boolean;
  /** Increases with every rebuild (the tuner worker keys its copy of the workspace on it). */
  version: number;
}

/** Files parsed per slice while warming the cache from a scan (about 10 ms of work each on a laptop). */
const WARM_SLICE_FILES = 16;

export class WorkspaceModel implements vscode.Disposable {
  private readonly texts = new Map<string, string>();
  /** Parsed YAML by path (reused while the text is unchanged; parseWorkspace keeps it current). */
  private readonly yamlCache = new Map<string, YamlFile>();
  private partial = true;
  private version = 0;
  private readonly emitter = new vscode.EventEmitter<ReviewState>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: ReviewState | undefined;
  /** Fires after each rebuild with the new state. */
  readonly onDidUpdate = this.emitter.event;

  /** `records`: the applied proposal records the review compares the metrics with (the traffic-drift rule). */
  constructor(private readonly log: Log, private readonly metrics: (ws: Workspace, complete: boolean) => MetricsView | undefined, private debounceMs: number,
    private readonly records: () => readonly ProposalRecord[] = () => []) {}

  get state(): ReviewState | undefined {
    return this.current;
  }

  get fileCount(): number {
    return this.texts.size;
  }

  has(file: string): boolean {
    return this.texts.has(file);
  }

  setDebounce(ms: number): void {
    this.debounceMs = ms;
  }

  /** Forgets every file and parse (a reload replays activation: open documents first, then the scan). */
  reset(): void {
    this.texts.clear();
    this.yamlCache.clear();
    this.partial = true;
  }

  get isPartial(): boolean {
    return this.partial;
  }

  /** Replaces every file (after a scan) and marks the model complete. */
  replaceAll(files: ReadonlyMap<string, string>): void {
    this.texts.clear();
    for (const [k, v] of files) this.texts.set(k, v);
    this.partial = false;
    this.rebuild('scan');
  }

  /**
   * Parses `files` into the cache in small slices, yielding to the event loop between them, so edits and
   * providers keep running while a large workspace is read; the rebuild that follows reuses every parse.
   */
  async warm(files: ReadonlyMap<string, string>): Promise<void> {
    const yaml = [...files].filter(([k, v]) => !/\.tf$/i.test(k) && this.yamlCache.get(k)?.text !== v);
    for (let i = 0; i < yaml.length; i += WARM_SLICE_FILES) {
      parseWorkspace(yaml.slice(i, i + WARM_SLICE_FILES).map(([path, text]) => ({ path, text })), { yamlCache: this.yamlCache });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Sets (or, with `undefined`, drops) one file's text; returns whether anything changed. */
  setText(file: string, text: string | undefined): boolean {
    if (text === undefined) return this.texts.delete(file);
    if (this.texts.get(file) === text) return false;
    this.texts.set(file, text);
    return true;
  }

  /** Rebuilds after the debounce delay (typing); `now` skips it (save, open, scan). */
  schedule(reason: string, now = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (now || this.debounceMs === 0) {
      this.rebuild(reason);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild(reason);
    }, this.debounceMs);
  }

  /** Makes sure the state reflects `doc`'s current text (code actions and hovers ask before reading spans). */
  ensureFresh(doc: vscode.TextDocument): ReviewState | undefined {
    const key = doc.uri.fsPath;
    if (this.texts.has(key) && this.current?.texts.get(key) !== doc.getText()) {
      this.texts.set(key, doc.getText());
      this.schedule('ensure-fresh', true);
    }
    return this.current;
  }

  /** Positions of a file as the current state saw it: the open document when its text matches, else the text. */
  positionsOf(file: string): PositionSource | undefined {
    const text = this.current?.texts.get(file);
    if (text === undefined) return undefined;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    return doc && doc.getText() === text ? doc : textPositions(text);
  }

  rebuild(reason: string): ReviewState {
    const t0 = performance.now();
    const texts = new Map([...this.texts].sort(([a], [b]) => a.localeCompare(b)));
    const ws = parseWorkspace([...texts].map(([path, text]) => ({ path, text })), { yamlCache: this.yamlCache });
    // Files that left the model leave the cache (during the scan the cache may run ahead of the texts).
    if (!this.partial) for (const k of this.yamlCache.keys()) if (!texts.has(k)) this.yamlCache.delete(k);
    learnSecrets(ws);
    const metrics = this.metrics(ws, !this.partial);
    const { findings, skippedForMetrics } = review(ws, { metrics, records: this.records() });
    // parse problems (yaml-syntax, invalid-field) are findings too: the engine's rules surface them.
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const elapsedMs = performance.now() - t0;
    this.current = { ws, findings, byFile, metrics, skippedForMetrics, texts, elapsedMs, partial: this.partial, version: ++this.version };
    this.log.debug(`review (${reason}${this.partial ? ', open documents only' : ''}): ${texts.size} files, ${ws.pools.length} pools, ${findings.length} findings in ${elapsedMs.toFixed(1)} ms`);
    this.emitter.fire(this.current);
    return this.current;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
