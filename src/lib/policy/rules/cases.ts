/** The shape of the rule tables (`<category>.cases.ts`): true positives and traps, shared by the rule tests and the fallback test. */

import type { Language, Severity } from '../types';

export interface Positive {
  readonly lang: Language;
  readonly code: string;
  readonly rule: string;
  readonly severity?: Severity;
}

export interface Trap {
  readonly lang: Language;
  readonly code: string;
}

export const js = (code: string, rule: string, severity?: Severity): Positive => ({ lang: 'javascript', code, rule, ...(severity ? { severity } : {}) });
export const py = (code: string, rule: string, severity?: Severity): Positive => ({ lang: 'python', code, rule, ...(severity ? { severity } : {}) });
export const jsTrap = (code: string): Trap => ({ lang: 'javascript', code });
export const pyTrap = (code: string): Trap => ({ lang: 'python', code });
