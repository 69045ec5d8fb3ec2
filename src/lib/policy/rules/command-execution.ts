import { defineRule, match } from '../rule';
import { moduleMethod, pathStartsWith, splitPath } from './util';

const category = 'command-execution';

const CHILD_PROCESS = new Set(['child_process']);
const SPAWNERS = new Set(['exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);
/** Other JavaScript hosts' process APIs, and Node's internals that reach the same code. */
const JS_HOST_SPAWN = new Set(['Deno.run', 'Deno.Command', 'Bun.spawn', 'Bun.spawnSync', 'Bun.$', 'process.binding', 'process._linkedBinding', 'process.dlopen']);

/** `child_process.exec(…)` however it was imported or named. */
export const childProcess = defineRule({
  id: 'command-execution/child-process', category, kind: 'call', languages: ['javascript'],
  roots: ['child_process', 'Deno', 'Bun', 'process'],
  check: (s) => {
    if (moduleMethod(s.callee, CHILD_PROCESS, SPAWNERS) || JS_HOST_SPAWN.has(s.callee)) {
      return match('critical', `${s.callee}() starts an operating-system process.`);
    }
    return null;
  },
});

/** Importing `child_process` at all: nothing in a sandbox needs it. */
export const childProcessImport = defineRule({
  id: 'command-execution/child-process-import', category, kind: 'import', languages: ['javascript'],
  check: (s) => {
    if (s.module !== 'child_process' && s.module !== 'node:child_process') return null;
    return s.evasive
      ? match('critical', 'Loads child_process under a built-up name.')
      : match('high', 'Imports child_process, the process-spawning module.');
  },
});

const OS_COMMANDS = new Set([
  'system', 'popen', 'popen2', 'popen3', 'popen4', 'execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe',
  'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe', 'posix_spawn', 'posix_spawnp',
  'fork', 'forkpty', 'startfile',
]);
const OS_MODULES = new Set(['os', 'posix', 'nt']);
const SUBPROCESS = new Set(['run', 'call', 'Popen', 'check_call', 'check_output', 'getoutput', 'getstatusoutput']);
const PY_SPAWN = new Set(['pty.spawn', 'pty.fork', 'asyncio.create_subprocess_exec', 'asyncio.create_subprocess_shell', 'platform.popen', 'commands.getoutput', 'commands.getstatusoutput', 'pexpect.spawn', 'pexpect.run']);

/** `os.system`, `os.popen`, the `exec*`/`spawn*` family, `fork`. */
export const osCommand = defineRule({
  id: 'command-execution/os-command', category, kind: 'call', languages: ['python'],
  roots: ['os', 'posix', 'nt'],
  check: (s) => (moduleMethod(s.callee, OS_MODULES, OS_COMMANDS) ? match('critical', `${s.callee}() runs an operating-system command.`) : null),
});

/** `subprocess.run/Popen/check_output…`, `pty.spawn`, asyncio subprocesses. */
export const subprocess = defineRule({
  id: 'command-execution/subprocess', category, kind: 'call', languages: ['python'],
  roots: ['subprocess', 'pty', 'asyncio', 'platform', 'commands', 'pexpect'],
  check: (s) => {
    const [parent, method] = splitPath(s.callee);
    if ((pathStartsWith(parent, 'subprocess') && SUBPROCESS.has(method)) || PY_SPAWN.has(s.callee)) {
      return match('critical', `${s.callee}() starts an operating-system process.`);
    }
    return null;
  },
});

const PY_PROCESS_MODULES = new Set(['subprocess', 'pty', 'commands', 'pexpect', 'sh', 'plumbum']);

/** Importing a module whose only purpose is running processes. */
export const processImport = defineRule({
  id: 'command-execution/process-import', category, kind: 'import', languages: ['python'],
  check: (s) => {
    const root = s.module?.split('.')[0];
    if (root === undefined || !PY_PROCESS_MODULES.has(root)) return null;
    return s.evasive
      ? match('critical', `Imports ${root} under a built-up name.`)
      : match('high', `Imports ${root}, a process-spawning module.`);
  },
});

const SHELL_MODULES = ['os', 'subprocess', 'pty', 'posix', 'child_process'];

/** `getattr(os, name)(…)`, `os[name](…)`, `cp[k](…)`: a function of a process module chosen at run time. */
export const dynamicCommand = defineRule({
  id: 'command-execution/dynamic', category, kind: 'call',
  roots: ['os', 'subprocess', 'pty', 'posix', 'child_process'],
  check: (s) => {
    const [parent, method] = splitPath(s.callee);
    return method === '?' && SHELL_MODULES.includes(parent) ? match('high', `Calls a function of ${parent} chosen at run time.`) : null;
  },
});

export const rules = [dynamicCommand, childProcess, childProcessImport, osCommand, subprocess, processImport];
