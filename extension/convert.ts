/**
 * The only place that maps between the core's shapes and VS Code's: offsets (UTF-16, end exclusive) ↔ Range,
 * core severity ↔ DiagnosticSeverity, core `TextEdit`s → `WorkspaceEdit`. Line/column arithmetic is the core's
 * (`lineStarts`/`toLineCol`/`toOffset`, STYLE.md §6); an open document converts with its own `positionAt`.
 */
import * as vscode from 'vscode';
import { lineStarts, toLineCol, toOffset, type Finding, type Span, type TextEdit } from '../shared/index.ts';

/** Something that turns offsets into positions: an open `TextDocument`, or `textPositions(text)` for a closed file. */
export interface PositionSource {
  positionAt(offset: number): vscode.Position;
  offsetAt(position: vscode.Position): number;
}

/** Offset ↔ position for a file's text when no document is open (same semantics as `TextDocument`). */
export function textPositions(text: string): PositionSource {
  const starts = lineStarts(text);
  return {
    positionAt(offset) {
      const lc = toLineCol(starts, Math.max(0, Math.min(offset, text.length)));
      return new vscode.Position(lc.line - 1, lc.column - 1);
    },
    offsetAt(position) {
      return toOffset(starts, { line: position.line + 1, column: position.character + 1 }, text.length);
    },
  };
}

export function spanToRange(pos: PositionSource, span: Span): vscode.Range {
  return new vscode.Range(pos.positionAt(span.start), pos.positionAt(span.end));
}

export function rangeToSpan(pos: PositionSource, range: vscode.Range): Span {
  return { start: pos.offsetAt(range.start), end: pos.offsetAt(range.end) };
}

/** VS Code severity names accepted in `poolTuner.rules.severity` (adds `hint` to the core's three). */
export type EditorSeverity = Finding['severity'] | 'hint';

export function toDiagnosticSeverity(s: EditorSeverity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    case 'info': return vscode.DiagnosticSeverity.Information;
    case 'hint': return vscode.DiagnosticSeverity.Hint;
  }
}

/** The core's file key for a URI (the model is keyed by file-system path). */
export function fileKey(uri: vscode.Uri): string {
  return uri.fsPath;
}

export function fileUri(file: string): vscode.Uri {
  return vscode.Uri.file(file);
}

/**
 * Core edits → one WorkspaceEdit. `positionsOf(file)` gives the positions of the text the spans were computed
 * on. `metadata` (e.g. `needsConfirmation`) makes VS Code show its refactor preview before applying.
 */
export function toWorkspaceEdit(
  edits: readonly TextEdit[],
  positionsOf: (file: string) => PositionSource | undefined,
  metadata?: vscode.WorkspaceEditEntryMetadata,
  into: vscode.WorkspaceEdit = new vscode.WorkspaceEdit(),
): vscode.WorkspaceEdit {
  for (const e of edits) {
    const pos = positionsOf(e.file);
    if (!pos) continue;
    const range = spanToRange(pos, e.span);
    if (metadata) into.replace(fileUri(e.file), range, e.newText, metadata);
    else into.replace(fileUri(e.file), range, e.newText);
  }
  return into;
}
