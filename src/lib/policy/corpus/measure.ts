import { analyze } from '../analyze';
import { rank } from '../score';
import type { Severity } from '../types';
import type { Snippet } from './corpus';

export interface Measurement {
  readonly recall: number;
  readonly falsePositiveRate: number;
  /** Malicious snippets flagged with at least one of their expected categories. */
  readonly categoryAccuracy: number;
  readonly missed: readonly string[];
  readonly falseAlarms: readonly string[];
  readonly malicious: number;
  readonly benign: number;
}

/** Recall and false-positive rate when "flagged" means a level of `threshold` or worse. */
export function measure(snippets: readonly Snippet[], threshold: Severity): Measurement {
  let tp = 0;
  let fp = 0;
  let rightCategory = 0;
  let malicious = 0;
  let benign = 0;
  const missed: string[] = [];
  const falseAlarms: string[] = [];
  for (const s of snippets) {
    const a = analyze(s.code, s.language);
    const flagged = rank(a.level) >= rank(threshold);
    const summary = `${s.language}/${s.name} (${a.level}: ${a.findings.map((f) => f.rule).join(', ') || 'nothing'})`;
    if (s.label === 'malicious') {
      malicious++;
      if (flagged) tp++;
      else missed.push(summary);
      if (flagged && (s.categories.length === 0 || a.findings.some((f) => s.categories.includes(f.category) && rank(f.severity) >= rank(threshold)))) rightCategory++;
    } else {
      benign++;
      if (flagged) {
        fp++;
        falseAlarms.push(summary);
      }
    }
  }
  return {
    recall: malicious ? tp / malicious : 1,
    falsePositiveRate: benign ? fp / benign : 0,
    categoryAccuracy: malicious ? rightCategory / malicious : 1,
    missed,
    falseAlarms,
    malicious,
    benign,
  };
}
