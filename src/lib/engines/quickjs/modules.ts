import type { Permissions } from '../protocol';

/** The built-in modules user code may import, each gated by `permissions.modules`. */
export const BUILTIN_MODULES = ['fs', 'path', 'util', 'events', 'buffer'] as const;
export type BuiltinModule = (typeof BUILTIN_MODULES)[number];

interface BuiltinEntry {
  /** Name checked against `permissions.modules`. */
  readonly permission: BuiltinModule;
  /** Guest module that implements it (see sources.ts). */
  readonly id: string;
  /** Property of that module's exports to return, for sub-paths like `fs/promises`. */
  readonly property?: string;
}

const BUILTINS: Readonly<Record<string, BuiltinEntry>> = {
  fs: { permission: 'fs', id: 'sandcell:fs' },
  'fs/promises': { permission: 'fs', id: 'sandcell:fs', property: 'promises' },
  path: { permission: 'path', id: 'path' },
  'path/posix': { permission: 'path', id: 'path' },
  util: { permission: 'util', id: 'sandcell:util' },
  'util/types': { permission: 'util', id: 'sandcell:util', property: 'types' },
  events: { permission: 'events', id: 'events' },
  buffer: { permission: 'buffer', id: 'buffer' },
};

/** A module request refused, with Node's error code. */
export interface ModuleRefusal {
  readonly code: 'MODULE_NOT_FOUND' | 'ERR_ACCESS_DENIED';
  readonly message: string;
}

export type ModuleResolution =
  | { readonly ok: true; readonly name: string; readonly entry: BuiltinEntry }
  | { readonly ok: false; readonly error: ModuleRefusal };

const AVAILABLE = 'only the built-in modules fs, path, util, events and buffer can be imported';

function notFound(message: string): ModuleResolution {
  return { ok: false, error: { code: 'MODULE_NOT_FOUND', message } };
}

/**
 * Resolves what user code asked for (`fs`, `node:fs`, `fs/promises`) to a built-in and checks the
 * run's permissions. Everything else is refused with a reason; nothing is ever fetched.
 */
export function resolveModule(request: string, permissions: Permissions): ModuleResolution {
  if (typeof request !== 'string' || request === '') return notFound(`Cannot find module '${String(request)}': ${AVAILABLE}`);
  const name = request.startsWith('node:') ? request.slice(5) : request;
  const entry = BUILTINS[name];
  if (!entry) {
    if (/^\.{0,2}\//.test(request)) {
      return notFound(`Cannot find module '${request}': the sandbox has no module files; ${AVAILABLE}`);
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(request)) {
      return notFound(`Cannot import '${request}': the module loader never fetches anything; ${AVAILABLE}`);
    }
    return notFound(`Cannot find module '${request}': ${AVAILABLE} (no npm packages)`);
  }
  const allowed = permissions.modules === '*' || permissions.modules.some((m) => m === entry.permission || m === `node:${entry.permission}`);
  if (!allowed) {
    return { ok: false, error: { code: 'ERR_ACCESS_DENIED', message: `module "${entry.permission}" is not allowed under the ${permissions.tier} policy` } };
  }
  if (entry.permission === 'fs' && permissions.fs === 'none') {
    return {
      ok: false,
      error: { code: 'ERR_ACCESS_DENIED', message: `module "fs" is not available: no workspace is mounted under the ${permissions.tier} policy` },
    };
  }
  return { ok: true, name, entry };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const RESERVED = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
);

/**
 * ES module source for `import('fs')`: re-exports the CommonJS built-in through the prelude's
 * import function (which checks permissions again), with its own keys as named exports.
 */
export function esModuleSource(name: string, exportNames: readonly string[], importSymbol: string): string {
  const names = exportNames.filter((n) => IDENTIFIER.test(n) && !RESERVED.has(n));
  const lines = [
    `const ns = globalThis[Symbol.for(${JSON.stringify(importSymbol)})](${JSON.stringify(name)});`,
    'export default ns.default;',
  ];
  if (names.length) lines.push(`export const { ${names.join(', ')} } = ns;`);
  return lines.join('\n');
}
