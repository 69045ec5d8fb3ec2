import type { OutputChunk, RunHooks } from './protocol';

/** Test hooks that record what an engine streams and asks. */
export interface RecordingHooks extends RunHooks {
  readonly chunks: OutputChunk[];
  readonly prompts: string[];
}

/** Hooks for engine tests: record output and prompts, answer input from `answers` (null, or none left, is end of input). */
export function recordingHooks(answers: (string | null)[] = []): RecordingHooks {
  const chunks: OutputChunk[] = [];
  const prompts: string[] = [];
  return {
    chunks,
    prompts,
    output: (batch) => void chunks.push(...batch),
    input: async (prompt) => {
      prompts.push(prompt);
      return answers.shift() ?? null;
    },
  };
}
