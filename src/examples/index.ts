import type { Example } from './types';

export type { Example, ExampleLevel } from './types';

// One file per example; the gallery lists them in file-name order.
const modules = import.meta.glob<{ default: Example }>(['./*.ts', '!./index.ts', '!./types.ts', '!./*.test.ts'], { eager: true });

/** Every example, sorted by file name. */
export const EXAMPLES: readonly Example[] = Object.keys(modules)
  .sort()
  .map((path) => modules[path]!.default);
