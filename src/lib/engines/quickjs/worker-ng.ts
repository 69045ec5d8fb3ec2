/** The QuickJS-ng engine's worker: its wasm served from the app's own origin, its heap capped. */
import { newVariant } from 'quickjs-emscripten-core';
import base from '@jitl/quickjs-ng-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-ng-wasmfile-release-sync/wasm?url';
import { exposeEngine } from '../worker-host';
import { createQuickJSEngine } from './engine';
import { cappedWasmMemory } from './wasm-memory';

exposeEngine(createQuickJSEngine({ id: 'quickjs-ng', variant: newVariant(base, { wasmLocation: wasmUrl, wasmMemory: cappedWasmMemory() }) }));
