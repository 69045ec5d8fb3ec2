import type { Language } from '../lib/engines/protocol';
import type { PolicyTier } from '../lib/policy';

export type ExampleLevel = 'beginner' | 'intermediate' | 'advanced';

/** One runnable example: what it shows, its code, and what a run must give. */
export interface Example {
  /** kebab-case, unique; the file name without `.ts`. */
  id: string;
  title: string;
  level: ExampleLevel;
  /** What it demonstrates, one sentence. */
  demonstrates: string;
  language: Language;
  policy: PolicyTier;
  code: string;
  /** Workspace files the example brings (path under /app → text), written to the session with its run. */
  files?: Readonly<Record<string, string>>;
  expected: {
    /** `blocked` for the dangerous ones; a contained run may end `error`. */
    status: 'completed' | 'blocked' | 'error';
    /** Substrings the output must contain (stdout, in order). */
    output: string[];
    /** What a second run in the same session prints, for examples about state across turns. */
    again?: string[];
  };
}
