import { defineRule, match } from '../rule';
import { pathStartsWith } from './util';

const category = 'environment';

/** `process.env`, `Deno.env`: secrets live in environment variables. */
export const jsEnv = defineRule({
  id: 'environment/env', category, kind: 'access', languages: ['javascript'],
  roots: ['process', 'Deno'],
  check: (s) => (pathStartsWith(s.path, 'process.env') || pathStartsWith(s.path, 'Deno.env') ? match('medium', `Reads the environment (${s.path}).`) : null),
});

const JS_CONTROL: ReadonlyMap<string, 'low' | 'medium' | 'high'> = new Map(Object.entries({
  'process.exit': 'low', 'process.reallyExit': 'medium', 'process.abort': 'medium', 'process.chdir': 'medium', 'process.umask': 'medium',
  'process.setuid': 'medium', 'process.setgid': 'medium', 'process.seteuid': 'medium', 'process.setegid': 'medium', 'process.setgroups': 'medium',
  'process.kill': 'high',
} as const));

/** `process.exit`, `process.kill`, `process.setuid`: controlling the host process. */
export const jsProcessControl = defineRule({
  id: 'environment/process-control', category, kind: 'access', languages: ['javascript'],
  roots: ['process'],
  check: (s) => {
    const severity = JS_CONTROL.get(s.path);
    return severity === undefined ? null : match(severity, `${s.path} controls the host process.`);
  },
});

const JS_HOST_INFO = new Set(['os.userInfo', 'os.hostname', 'os.networkInterfaces', 'os.homedir', 'os.cpus', 'document.cookie', 'navigator.clipboard', 'navigator.geolocation', 'localStorage', 'sessionStorage', 'indexedDB']);

/** Host and user details: `os.userInfo()`, `os.networkInterfaces()`, cookies, storage, the clipboard. */
export const jsHostInfo = defineRule({
  id: 'environment/host-info', category, kind: 'access', languages: ['javascript'],
  roots: ['os', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB'],
  check: (s) => {
    for (const p of JS_HOST_INFO) if (pathStartsWith(s.path, p)) return match('medium', `Reads host or user details (${p}).`);
    return null;
  },
});

/** `os.environ`, `os.getenv`, `os.putenv`. */
export const pyEnviron = defineRule({
  id: 'environment/environ', category, kind: 'access', languages: ['python'],
  roots: ['os', 'posix'],
  check: (s) => {
    if (pathStartsWith(s.path, 'os.environ') || pathStartsWith(s.path, 'os.environb') || pathStartsWith(s.path, 'posix.environ')) return match('medium', `Reads the environment (${s.path}).`);
    if (s.path === 'os.getenv' || s.path === 'os.putenv' || s.path === 'os.unsetenv' || s.path === 'os.getenvb') return match('medium', `${s.path} reads or changes the environment.`);
    return null;
  },
});

const PY_CONTROL: ReadonlyMap<string, 'low' | 'medium' | 'high'> = new Map(Object.entries({
  'os.kill': 'high', 'os.killpg': 'high', 'os.abort': 'medium', 'os._exit': 'low', 'os.chdir': 'low', 'os.chroot': 'high', 'os.nice': 'medium',
  'os.setuid': 'medium', 'os.setgid': 'medium', 'os.seteuid': 'medium', 'os.setegid': 'medium', 'os.setsid': 'medium', 'os.umask': 'medium',
  'signal.pthread_kill': 'high', 'sys.settrace': 'medium', 'sys.setprofile': 'medium', 'sys.addaudithook': 'medium', 'sys.remote_exec': 'high',
} as const));

/** `os.kill`, `os.setuid`, `sys.settrace`: controlling the interpreter or its process. */
export const pyProcessControl = defineRule({
  id: 'environment/py-process-control', category, kind: 'access', languages: ['python'],
  roots: ['os', 'signal', 'sys'],
  check: (s) => {
    const severity = PY_CONTROL.get(s.path);
    return severity === undefined ? null : match(severity, `${s.path} controls the interpreter or its process.`);
  },
});

const PY_HOST_INFO = new Set(['os.getlogin', 'os.getuid', 'os.geteuid', 'os.uname', 'platform.node', 'platform.uname', 'getpass.getuser', 'pwd.getpwnam', 'pwd.getpwall', 'pwd.getpwuid', 'socket.gethostname']);

/** User and machine details: `getpass.getuser()`, `platform.node()`, `pwd.getpwall()`. */
export const pyHostInfo = defineRule({
  id: 'environment/py-host-info', category, kind: 'access', languages: ['python'],
  roots: ['os', 'platform', 'getpass', 'pwd', 'socket'],
  check: (s) => (PY_HOST_INFO.has(s.path) ? match('low', `${s.path} reads user or machine details.`) : null),
});

export const rules = [jsEnv, jsProcessControl, jsHostInfo, pyEnviron, pyProcessControl, pyHostInfo];
