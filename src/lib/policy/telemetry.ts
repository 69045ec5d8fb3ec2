import type { Collection } from './collection';
import type { Category, Degraded, Finding, ParseError, Telemetry } from './types';

export interface TelemetryInput {
  readonly isValid: boolean;
  readonly parseError?: ParseError;
  readonly parser: Telemetry['parser'];
  readonly degraded?: Degraded;
}

/** Telemetry from what the collector saw and what the rules found. */
export function buildTelemetry(c: Collection, findings: readonly Finding[], input: TelemetryInput): Telemetry {
  const categories = new Set<Category>();
  let obfuscated = false;
  for (const f of findings) {
    categories.add(f.category);
    if (f.category === 'encoding' || f.message.includes('disguised') || f.message.includes('built-up')) obfuscated = true;
  }
  const telemetry: Telemetry = {
    isValid: input.isValid,
    parser: input.parser,
    accessedIdentifiers: [...c.identifiers].sort(),
    imports: [...c.imports].sort(),
    metrics: { loopCount: c.loopCount, functionCount: c.functionCount, astNodeCount: c.nodeCount, maxDepth: c.maxDepth },
    flags: {
      hasEval: c.flags.eval || findings.some((f) => f.category === 'code-injection'),
      hasRequire: c.flags.require,
      hasProcess: c.flags.process,
      hasDynamicImport: c.flags.dynamicImport,
      hasImport: c.flags.import,
      hasNetwork: categories.has('network'),
      hasFilesystem: categories.has('filesystem'),
      hasCommandExecution: categories.has('command-execution'),
      hasWebAssembly: categories.has('webassembly'),
      hasObfuscation: obfuscated,
      hasInfiniteLoop: findings.some((f) => f.rule === 'resource/unbounded-loop'),
    },
  };
  return {
    ...telemetry,
    ...(input.parseError ? { parseError: input.parseError } : {}),
    ...(input.degraded ? { degraded: input.degraded } : {}),
  };
}
