/** The policy scanner in a worker, for code large enough that analysing it would block the page. */

import { analyze } from '../policy';
import type { AnalysisReply, AnalysisRequest } from './analysis-protocol';

self.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  const { id, code, language } = event.data;
  let reply: AnalysisReply;
  try {
    reply = { id, ok: true, analysis: analyze(code, language) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
