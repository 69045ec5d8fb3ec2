import type { EngineId, Language } from '../engines/protocol';

/** Static facts about each engine, known without starting it. */
export interface EngineDescriptor {
  readonly id: EngineId;
  readonly language: Language;
  /** How many sessions one worker hosts. A kill loses every session in the worker, so Python keeps one. */
  readonly sessionsPerWorker: number;
  /** Whether the engine stops itself at the deadline (QuickJS's interrupt handler); otherwise the host kills it. */
  readonly selfInterrupting: boolean;
}

export const ENGINES: Readonly<Record<EngineId, EngineDescriptor>> = {
  quickjs: { id: 'quickjs', language: 'javascript', sessionsPerWorker: 64, selfInterrupting: true },
  'quickjs-ng': { id: 'quickjs-ng', language: 'javascript', sessionsPerWorker: 64, selfInterrupting: true },
  cpython: { id: 'cpython', language: 'python', sessionsPerWorker: 1, selfInterrupting: false },
};

export const DEFAULT_ENGINE: Readonly<Record<Language, EngineId>> = { javascript: 'quickjs', python: 'cpython' };

export const ENGINE_IDS = Object.keys(ENGINES) as EngineId[];

export function isEngineId(value: unknown): value is EngineId {
  return typeof value === 'string' && Object.hasOwn(ENGINES, value);
}
