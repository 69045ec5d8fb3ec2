import { Analyzer, spawnAnalysisWorker } from '../lib/sandbox';
import type { DangerAnalysis, Language } from '../lib/policy';

/**
 * The editor's live analysis (inline lint, analysis panel): the same Analyzer the sandbox uses, so
 * large code, or code the Python parser cannot finish quickly, is analysed in a worker (started on
 * first need) and typing never waits on it.
 */
const analyzer = new Analyzer(typeof Worker === 'function' ? spawnAnalysisWorker : undefined);

export async function analyzeForEditor(code: string, language: Language): Promise<DangerAnalysis> {
  return analyzer.analyze(code, language);
}
