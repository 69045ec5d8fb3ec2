/**
 * One backend per embedding origin: its own sandbox and its own IndexedDB database, so one docs
 * site never sees another's sessions, files or audit records. Where storage is refused (an opaque
 * origin), sessions live in memory.
 */
import { createSandbox } from '../sandbox';
import { openStore } from '../store';
import { memoryBackend, storeBackend, type Backend } from './backend';
import { opaqueOrigin } from './opaque-check';
import { databaseNameFor } from './origins';

export interface OriginBackends {
  backendFor(origin: string): Promise<Backend>;
  /** Why storage was refused, once an origin's database failed to open. */
  readonly storageError: string | undefined;
}

export function originBackends(): OriginBackends {
  let storageError: string | undefined;
  const made = new Map<string, Promise<Backend>>();

  async function open(origin: string): Promise<Backend> {
    const opened = await openStore({ name: await databaseNameFor(origin) }).catch((error: unknown) => ({
      ok: false as const,
      error: error instanceof Error ? error : new Error(String(error)),
    }));
    if (opened.ok) return storeBackend(createSandbox({ store: opened.value, warm: [] }), opened.value);
    storageError = opened.error.message;
    // Storage is refused in an opaque origin; so are plain workers (see opaque-workers.ts).
    const connect = opaqueOrigin() ? (await import('./opaque-workers')).opaqueConnect : undefined;
    return memoryBackend(createSandbox({ warm: [], ...(connect ? { connect } : {}) }));
  }

  return {
    backendFor(origin) {
      let backend = made.get(origin);
      if (!backend) made.set(origin, (backend = open(origin)));
      return backend;
    },
    get storageError() {
      return storageError;
    },
  };
}
