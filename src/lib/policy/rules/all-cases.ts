/** Every category's table, for tests that run them all (the token-scan parity test). */

import type { Category } from '../types';
import type { Positive, Trap } from './cases';
import * as buffer from './buffer.cases';
import * as codeInjection from './code-injection.cases';
import * as commandExecution from './command-execution.cases';
import * as encoding from './encoding.cases';
import * as environment from './environment.cases';
import * as filesystem from './filesystem.cases';
import * as moduleLoading from './module-loading.cases';
import * as network from './network.cases';
import * as prototypePollution from './prototype-pollution.cases';
import * as resource from './resource.cases';
import * as timers from './timers.cases';
import * as webassembly from './webassembly.cases';

export const ALL_CASES: Readonly<Record<Category, { readonly positives: readonly Positive[]; readonly traps: readonly Trap[] }>> = {
  'command-execution': commandExecution, 'code-injection': codeInjection, filesystem, network, 'prototype-pollution': prototypePollution,
  'module-loading': moduleLoading, environment, buffer, timers, webassembly, encoding, resource,
};
