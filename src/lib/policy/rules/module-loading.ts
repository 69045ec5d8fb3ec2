import { defineRule, match } from '../rule';
import { lastSegment, pathStartsWith } from './util';

const category = 'module-loading';

/** `require(x)` and `import(x)`: noted when the name is constant, a warning when computed, high when built to hide it. */
export const dynamicLoad = defineRule({
  id: 'module-loading/dynamic', category, kind: 'import', languages: ['javascript'],
  check: (s) => {
    if (s.how !== 'require' && s.how !== 'dynamic-import') return null;
    const what = s.how === 'require' ? 'require()' : 'import()';
    if (s.module === null) return match('medium', `${what} with a name computed at run time.`);
    if (s.evasive) return match('high', `${what} of ${s.module}, a name built up to hide it.`);
    return match('low', `${what} loads ${s.module}.`);
  },
});

const JS_INTERNALS = ['require.cache', 'require.main', 'module.constructor', 'module.children', 'module.parent', 'module._compile', 'process.mainModule', 'Module._load', 'Module._resolveFilename', 'Module.prototype', 'module.createRequire', 'createRequire'];

/** Node's module system itself: `require.cache`, `Module._load`, `module.constructor`, `process.mainModule`. */
export const moduleInternals = defineRule({
  id: 'module-loading/internals', category, kind: 'access', languages: ['javascript'],
  roots: ['require', 'module', 'process', 'Module', 'createRequire'],
  check: (s) => {
    const hit = JS_INTERNALS.find((p) => pathStartsWith(s.path, p));
    return hit === undefined ? null : match('high', `Touches the module system's internals (${hit}).`);
  },
});

const WORKERS = new Set(['Worker', 'SharedWorker', 'worker_threads.Worker', 'ServiceWorkerContainer.register', 'navigator.serviceWorker.register']);

/** `new Worker(…)`: a second thread running code of its choice. */
export const workerSpawn = defineRule({
  id: 'module-loading/worker', category, kind: 'call', languages: ['javascript'],
  roots: ['Worker', 'SharedWorker', 'worker_threads', 'ServiceWorkerContainer', 'navigator'],
  check: (s) => (WORKERS.has(s.callee) ? match('medium', `${s.callee}() starts code in another thread.`) : null),
});

/** `__import__(x)`, `importlib.import_module(x)`: noted when constant, a warning when computed, high when built to hide it. */
export const pyDynamicImport = defineRule({
  id: 'module-loading/py-dynamic', category, kind: 'import', languages: ['python'],
  check: (s) => {
    if (s.how !== 'python-dynamic') return null;
    if (s.module === null) return match('medium', 'Imports a module whose name is computed at run time.');
    if (s.evasive) return match('high', `Imports ${s.module} under a built-up name.`);
    return match('low', `Imports ${s.module} dynamically.`);
  },
});

const IMPORT_SYSTEM = ['sys.meta_path', 'sys.path_hooks', 'sys.path_importer_cache', 'importlib.reload', 'importlib.util.spec_from_file_location', 'importlib.util.module_from_spec', 'importlib.machinery', 'imp.load_source', 'imp.load_module', 'imp.load_dynamic', 'zipimport', '__loader__'];

/** Methods that change a dict or list in place. */
const MUTATORS = new Set(['append', 'insert', 'extend', 'remove', 'pop', 'popitem', 'clear', 'update', 'setdefault', '__setitem__', '__delitem__']);

/** Import hooks, loaders and `sys.modules`: where an import allowlist is enforced, and so where it is attacked. */
export const pyImportSystem = defineRule({
  id: 'module-loading/import-system', category, kind: 'access', languages: ['python'],
  check: (s) => {
    if (s.through === 'sys.modules') return s.write ? match('high', `Replaces sys.modules[${JSON.stringify(s.path)}].`) : match('medium', `Fetches ${s.path} from sys.modules.`);
    if (pathStartsWith(s.path, 'sys.modules') && (s.write || (s.called && MUTATORS.has(lastSegment(s.path))))) return match('high', 'Changes sys.modules.');
    const hit = IMPORT_SYSTEM.find((p) => pathStartsWith(s.path, p));
    if (hit !== undefined) return match('high', `Touches the import system (${hit}).`);
    if (pathStartsWith(s.path, 'sys.path') && (s.write || (s.called && MUTATORS.has(lastSegment(s.path))))) return match('medium', 'Changes sys.path, where imports are looked for.');
    return null;
  },
});

const HOST_BRIDGES = new Set(['js', 'pyodide', 'pyodide_js', 'pyodide.ffi', 'pyodide.code']);

/** Pyodide's bridges to the JavaScript host (`import js`): outside the Python sandbox. */
export const pyHostBridge = defineRule({
  id: 'module-loading/host-bridge', category, kind: 'import', languages: ['python'],
  check: (s) => (s.module !== null && HOST_BRIDGES.has(s.module) ? match('high', `Imports ${s.module}, a bridge to the JavaScript host.`) : null),
});

export const rules = [dynamicLoad, moduleInternals, workerSpawn, pyDynamicImport, pyImportSystem, pyHostBridge];
