/** The QuickJS engine's worker: its wasm served from the app's own origin, its heap capped. */
import { newVariant } from 'quickjs-emscripten-core';
import base from '@jitl/quickjs-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import { exposeEngine } from '../worker-host';
import { createQuickJSEngine } from './engine';
import { cappedWasmMemory } from './wasm-memory';

exposeEngine(createQuickJSEngine({ id: 'quickjs', variant: newVariant(base, { wasmLocation: wasmUrl, wasmMemory: cappedWasmMemory() }) }));
