import type { EngineId } from '../engines/protocol';

/** Starts an engine's module Worker. Each `new URL(…, import.meta.url)` stays literal so Vite bundles the worker. */
export function spawnEngineWorker(engine: EngineId): Worker {
  switch (engine) {
    case 'quickjs':
      return new Worker(new URL('../engines/quickjs/worker.ts', import.meta.url), { type: 'module', name: 'sandcell-quickjs' });
    case 'quickjs-ng':
      return new Worker(new URL('../engines/quickjs/worker-ng.ts', import.meta.url), { type: 'module', name: 'sandcell-quickjs-ng' });
    case 'cpython':
      return new Worker(new URL('../engines/python/worker.ts', import.meta.url), { type: 'module', name: 'sandcell-cpython' });
  }
}
