import { linter, type Diagnostic } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import type { Severity } from '../../lib/policy';
import { analyzeForEditor } from '../background-analysis';
import type { Language } from '../../lib/engines/protocol';

const SEVERITY: Readonly<Record<Severity, Diagnostic['severity']>> = { critical: 'error', high: 'error', medium: 'warning', low: 'info' };

/** Past this, live diagnostics are more noise than help; the run itself is still analysed in full. */
const MAX_LINT_CHARS = 256 * 1024;
const DEBOUNCE_MS = 400;

/** The policy scanner's findings as editor diagnostics, debounced while the user types. */
export function policyLint(language: Language): Extension {
  return linter(
    async (view) => {
      const code = view.state.doc.toString();
      if (!code.trim() || code.length > MAX_LINT_CHARS) return [];
      const { length } = view.state.doc;
      // CodeMirror drops the answer if the document changed while it was computed.
      return (await analyzeForEditor(code, language)).findings.map(
        (finding): Diagnostic => ({
          from: Math.min(finding.from, length),
          // A zero-width finding still gets a visible mark.
          to: Math.min(finding.to > finding.from ? finding.to : finding.from + 1, length),
          severity: SEVERITY[finding.severity],
          source: `${finding.severity} · ${finding.category}`,
          message: `${finding.message} (${finding.rule})`,
        }),
      );
    },
    { delay: DEBOUNCE_MS },
  );
}
