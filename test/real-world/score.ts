/**
 * Precision and recall of the review on the golden public corpus, YAML and Terraform together.
 * - precision = findings judged true ÷ findings reported (the YAML template notes, which claim nothing, excluded);
 * - recall = expected findings reported ÷ expected findings (YAML: every TP plus every `FN`, a miss an expert would
 *   flag; Terraform: every entry of expected-findings.json plus its `missed` list).
 */
import { readFileSync } from 'node:fs';
import { review } from '../../shared/rules/engine.ts';
import { lineStarts, toLineCol } from '../../shared/config/span.ts';
import type { HclParser } from '../../shared/config/hcl/syntax.ts';
import { GOLDEN, reviewCorpus } from './yaml-corpus.ts';
import { loadDir } from '../terraform/load.ts';

export const TF_ROOT = 'test/fixtures/real-world/terraform';
export const TF_EXPECTED = `${TF_ROOT}/expected-findings.json`;

export interface Golden { file: string; at: string; ruleId: string; severity: string; message: string; verdict: 'TP' | 'FP' | 'FN'; why: string; source: string }
export interface TfExpected {
  findings: { file: string; line: number; ruleId: string; judgement: string; source: string }[];
  /** Findings an expert would raise that the review does not (yet): counted against recall. */
  missed?: { file: string; line: number; ruleId: string; judgement: string; source: string }[];
}

export const yamlKey = (f: { file: string; at: string; ruleId: string; message: string }): string => `${f.file} ${f.at} ${f.ruleId}: ${f.message}`;
export const tfKey = (f: { file: string; line: number; ruleId: string }): string => `${f.file}:${f.line} ${f.ruleId}`;

export function readGolden(): Golden[] {
  return JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden[];
}

export function readTfExpected(): TfExpected {
  return JSON.parse(readFileSync(TF_EXPECTED, 'utf8')) as TfExpected;
}

/** The Terraform corpus reviewed as one folder, each finding as `file:line ruleId` relative to the corpus. */
export function reviewTerraformCorpus(hcl: HclParser): string[] {
  const ws = loadDir(TF_ROOT, hcl);
  return review(ws).findings.map((f) => {
    const text = ws.files.get(f.file)!.text;
    return tfKey({ file: f.file.slice(TF_ROOT.length + 1), line: toLineCol(lineStarts(text), f.span.start).line, ruleId: f.ruleId });
  });
}

export interface Score {
  reported: number;
  truePositives: number;
  expected: number;
  expectedFound: number;
  precision: number;
  recall: number;
}

const isTemplateNote = (g: { ruleId: string; severity: string }): boolean => g.ruleId === 'yaml-syntax' && g.severity === 'info';

export async function scoreCorpus(hcl: HclParser): Promise<{ yaml: Score; terraform: Score; all: Score }> {
  const golden = readGolden();
  const verdict = new Map(golden.map((g) => [yamlKey(g), g] as const));
  const yamlActual = (await reviewCorpus()).filter((f) => !isTemplateNote(f));
  const yamlExpected = golden.filter((g) => !isTemplateNote(g) && (g.verdict === 'TP' || g.verdict === 'FN')).map(yamlKey);
  const yamlSeen = new Set(yamlActual.map(yamlKey));
  const yaml = score(yamlActual.length, yamlActual.filter((f) => verdict.get(yamlKey(f))?.verdict === 'TP').length,
    yamlExpected.length, yamlExpected.filter((k) => yamlSeen.has(k)).length);
  const tf = readTfExpected();
  const tfActual = reviewTerraformCorpus(hcl);
  const tfListed = new Set(tf.findings.map(tfKey));
  const tfExpected = [...tf.findings, ...(tf.missed ?? [])].map(tfKey);
  const tfSeen = new Set(tfActual);
  const terraform = score(tfActual.length, tfActual.filter((k) => tfListed.has(k)).length, tfExpected.length, tfExpected.filter((k) => tfSeen.has(k)).length);
  const all = score(yaml.reported + terraform.reported, yaml.truePositives + terraform.truePositives, yaml.expected + terraform.expected, yaml.expectedFound + terraform.expectedFound);
  return { yaml, terraform, all };
}

function score(reported: number, truePositives: number, expected: number, expectedFound: number): Score {
  return { reported, truePositives, expected, expectedFound, precision: reported ? truePositives / reported : 1, recall: expected ? expectedFound / expected : 1 };
}

export function formatScore(name: string, s: Score): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `${name}: precision ${s.truePositives}/${s.reported} = ${pct(s.precision)}, recall ${s.expectedFound}/${s.expected} = ${pct(s.recall)}`;
}
