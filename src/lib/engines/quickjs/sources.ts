// Guest-side code, bundled as text and compiled inside QuickJS only when first required.
import preludeSource from './guest/prelude.js?raw';
import consoleSource from './guest/console.js?raw';
import utilSource from './guest/util.js?raw';
import fsSource from './guest/fs.js?raw';
import textSource from './guest/text.js?raw';
import urlSource from './guest/url.js?raw';
import cryptoSource from './guest/crypto.js?raw';
import cloneSource from './guest/clone.js?raw';
import policySource from './guest/policy.js?raw';
import quickFormatSource from './guest/quick-format.js?raw';
import pathSource from 'path-browserify/index.js?raw';
import eventsSource from 'events/events.js?raw';
import bufferSource from 'buffer/index.js?raw';
import base64Source from 'base64-js/index.js?raw';
import ieee754Source from 'ieee754/index.js?raw';
// These two packages do not export the files we need, so they are named from the project root.
import inspectSource from '/node_modules/node-inspect-extracted/dist/inspect.js?raw';
import cloneIndexSource from '/node_modules/@ungap/structured-clone/cjs/index.js?raw';
import cloneSerializeSource from '/node_modules/@ungap/structured-clone/cjs/serialize.js?raw';
import cloneDeserializeSource from '/node_modules/@ungap/structured-clone/cjs/deserialize.js?raw';
import cloneTypesSource from '/node_modules/@ungap/structured-clone/cjs/types.js?raw';

export { preludeSource };

interface GuestModule {
  readonly source: string;
  /** Filename in guest stack traces. */
  readonly filename: string;
  /** Our own modules get the `host` functions; third-party code does not. */
  readonly trusted: boolean;
}

const ours = (source: string, filename: string): GuestModule => ({ source, filename, trusted: true });
const theirs = (source: string, filename: string): GuestModule => ({ source, filename, trusted: false });

/** Every CommonJS module the guest loader can compile, by the id it is required by. */
export const GUEST_MODULES: Readonly<Record<string, GuestModule>> = {
  'sandcell:console': ours(consoleSource, 'node:internal/console'),
  'sandcell:util': ours(utilSource, 'node:util'),
  'sandcell:fs': ours(fsSource, 'node:fs'),
  'sandcell:text': ours(textSource, 'node:internal/encoding'),
  'sandcell:url': ours(urlSource, 'node:internal/url'),
  'sandcell:crypto': ours(cryptoSource, 'node:internal/crypto'),
  'sandcell:clone': ours(cloneSource, 'node:internal/structured_clone'),
  'sandcell:policy': ours(policySource, 'sandcell:policy'),
  'sandcell:quick-format': ours(quickFormatSource, 'node:internal/console/format'),
  'node-inspect': theirs(inspectSource, 'node:internal/util/inspect'),
  path: theirs(pathSource, 'node:path'),
  events: theirs(eventsSource, 'node:events'),
  buffer: theirs(bufferSource, 'node:buffer'),
  'base64-js': theirs(base64Source, 'node:internal/base64'),
  ieee754: theirs(ieee754Source, 'node:internal/ieee754'),
  'ungap/index.js': theirs(cloneIndexSource, 'node:internal/structured_clone/index'),
  'ungap/serialize.js': theirs(cloneSerializeSource, 'node:internal/structured_clone/serialize'),
  'ungap/deserialize.js': theirs(cloneDeserializeSource, 'node:internal/structured_clone/deserialize'),
  'ungap/types.js': theirs(cloneTypesSource, 'node:internal/structured_clone/types'),
};

// Parameter order matches the prelude's loader; the last two only matter to node-inspect.
const PARAMS_THEIRS = 'exports, require, module, __filename, __dirname, process';
const PARAMS_OURS = `${PARAMS_THEIRS}, host`;
const PARAMS_INSPECT = `${PARAMS_THEIRS}, host, globalThis, URL`;

/** The function expression QuickJS compiles for a module; line 1 of the source stays line 1. */
export function moduleWrapper(id: string, module: GuestModule): string {
  const params = id === 'node-inspect' ? PARAMS_INSPECT : module.trusted ? PARAMS_OURS : PARAMS_THEIRS;
  return `(function (${params}) {${module.source}\n})`;
}
