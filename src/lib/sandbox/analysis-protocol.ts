import type { DangerAnalysis, Language } from '../policy';

/** What the page asks the analysis worker. */
export interface AnalysisRequest {
  readonly id: number;
  readonly code: string;
  readonly language: Language;
}

/** Its answer: the analysis, or why there is none (a bug in the worker). */
export type AnalysisReply =
  | { readonly id: number; readonly ok: true; readonly analysis: DangerAnalysis }
  | { readonly id: number; readonly ok: false; readonly message: string };
