import { PATTERNS } from '../patterns';
import { defineRule, match } from '../rule';
import type { CallSite } from '../sites';
import type { Language } from '../types';
import { hasSegment, moduleMethod, pathStartsWith, quote, splitPath, stringArgs } from './util';

const category = 'filesystem';

const JS_FS = new Set(['fs', 'fs.promises', 'fs-extra', 'graceful-fs']);
const JS_WRITES = new Set([
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync',
  'rename', 'renameSync', 'mkdir', 'mkdirSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink', 'symlinkSync', 'link', 'linkSync',
  'chmod', 'chmodSync', 'chown', 'chownSync', 'truncate', 'truncateSync', 'createWriteStream', 'utimes', 'utimesSync', 'remove', 'removeSync',
  'outputFile', 'outputFileSync', 'emptyDir', 'emptyDirSync',
]);
const JS_READS = new Set([
  'readFile', 'readFileSync', 'readdir', 'readdirSync', 'createReadStream', 'stat', 'statSync', 'lstat', 'lstatSync', 'existsSync', 'exists',
  'access', 'accessSync', 'open', 'openSync', 'opendir', 'opendirSync', 'readlink', 'readlinkSync', 'realpath', 'realpathSync', 'watch', 'watchFile',
]);

/** Writing, renaming or deleting files through Node's `fs`. */
export const jsWrite = defineRule({
  id: 'filesystem/write', category, kind: 'call', languages: ['javascript'],
  roots: ['fs', 'fs-extra', 'graceful-fs'],
  check: (s) => (moduleMethod(s.callee, JS_FS, JS_WRITES) ? match('medium', `${s.callee}() changes files.`) : null),
});

/** Reading files through Node's `fs`: the workspace is readable under most tiers, so this is only noted. */
export const jsRead = defineRule({
  id: 'filesystem/read', category, kind: 'call', languages: ['javascript'],
  roots: ['fs', 'fs-extra', 'graceful-fs'],
  check: (s) => (moduleMethod(s.callee, JS_FS, JS_READS) ? match('low', `${s.callee}() reads the file system.`) : null),
});

const PY_OPEN = new Set(['open', 'io.open', 'codecs.open', 'os.open', 'os.fdopen']);

function openMode(s: CallSite): string | undefined {
  return s.keywords.get('mode')?.str ?? s.keywords.get('flags')?.str ?? s.args[1]?.str;
}

/** `open(path, mode)`: writing when the mode has w, a, x or +. */
export const pyOpen = defineRule({
  id: 'filesystem/open', category, kind: 'call', languages: ['python'],
  roots: ['open', 'io', 'codecs', 'os', 'pathlib', 'Path', 'PurePath'],
  check: (s) => {
    const isPathOpen = splitPath(s.callee)[1] === 'open' && s.callee.includes('Path(');
    if (!PY_OPEN.has(s.callee) && !isPathOpen) return null;
    const mode = isPathOpen ? s.args[0]?.str ?? s.keywords.get('mode')?.str : openMode(s);
    if (mode !== undefined && /* w, a, x, + */ (mode.includes('w') || mode.includes('a') || mode.includes('x') || mode.includes('+'))) {
      return match('medium', `${s.callee}() opens a file for writing (mode ${quote(mode)}).`);
    }
    return match('low', `${s.callee}() reads a file.`);
  },
});

const PY_FS_MODULES = new Set(['os', 'shutil', 'posix']);
const PY_MODIFY = new Set([
  'remove', 'unlink', 'rmdir', 'removedirs', 'rename', 'renames', 'replace', 'mkdir', 'makedirs', 'chmod', 'lchmod', 'chown', 'lchown',
  'link', 'symlink', 'truncate', 'utime', 'chroot', 'mkfifo', 'mknod', 'rmtree', 'move', 'copy', 'copy2', 'copyfile', 'copytree', 'copymode', 'copystat',
]);
const PATH_MODIFY = new Set(['write_text', 'write_bytes', 'unlink', 'rmdir', 'rename', 'replace', 'touch', 'mkdir', 'chmod', 'symlink_to', 'hardlink_to']);
const PY_READ = new Set(['listdir', 'scandir', 'walk', 'stat', 'lstat', 'readlink', 'access']);
const PATH_READ = new Set(['read_text', 'read_bytes', 'iterdir', 'glob', 'rglob', 'stat', 'exists']);

/** `Path(…).write_text`, `pathlib.Path(…).unlink`: calls on a Path the resolver saw constructed. */
function pathMethod(callee: string, methods: ReadonlySet<string>): boolean {
  const [parent, method] = splitPath(callee);
  return methods.has(method) && (parent.endsWith('Path()') || parent.endsWith('PurePath()'));
}

/** Deleting, moving, creating or changing files with `os`, `shutil` or `pathlib`. */
export const pyModify = defineRule({
  id: 'filesystem/modify', category, kind: 'call', languages: ['python'],
  roots: ['os', 'shutil', 'posix', 'pathlib', 'Path', 'PurePath'],
  check: (s) => (moduleMethod(s.callee, PY_FS_MODULES, PY_MODIFY) || pathMethod(s.callee, PATH_MODIFY) ? match('medium', `${s.callee}() changes files.`) : null),
});

/** Listing and reading files with `os`, `glob` or `pathlib`. */
export const pyRead = defineRule({
  id: 'filesystem/list', category, kind: 'call', languages: ['python'],
  roots: ['os', 'shutil', 'posix', 'pathlib', 'Path', 'PurePath', 'glob'],
  check: (s) => {
    if (moduleMethod(s.callee, PY_FS_MODULES, PY_READ) || pathMethod(s.callee, PATH_READ) || pathStartsWith(s.callee, 'glob')) {
      return match('low', `${s.callee}() reads the file system.`);
    }
    return null;
  },
});

/** A call that takes a path: any fs, os, shutil, pathlib or open call, in either language. */
function takesPath(s: CallSite, language: Language): boolean {
  if (language === 'javascript') {
    const [parent] = splitPath(s.callee);
    for (const m of JS_FS) if (pathStartsWith(parent, m)) return true;
    return s.callee === 'Deno.readTextFile' || s.callee === 'Deno.readFile' || s.callee === 'Bun.file';
  }
  return PY_OPEN.has(s.callee) || hasSegment(s.callee, 'Path') || hasSegment(s.callee, 'Path()') ||
    ['os', 'shutil', 'glob', 'pathlib', 'io', 'posix'].some((m) => pathStartsWith(splitPath(s.callee)[0], m));
}

/** A file call naming a path outside the workspace or one that holds secrets: `/etc/passwd`, `~/.ssh`, `../..`. */
export const sensitivePath = defineRule({
  id: 'filesystem/sensitive-path', category, kind: 'call',
  roots: ['fs', 'fs-extra', 'graceful-fs', 'Deno', 'Bun', 'open', 'io', 'codecs', 'os', 'shutil', 'glob', 'pathlib', 'Path', 'PurePath', 'posix'],
  check: (s, language) => {
    if (!takesPath(s, language)) return null;
    const path = stringArgs(s).find((a) => PATTERNS.sensitivePath.test(a));
    return path === undefined ? null : match('high', `${s.callee}() on ${quote(path)}: outside the workspace or a secret.`);
  },
});

export const rules = [jsWrite, jsRead, pyOpen, pyModify, pyRead, sensitivePath];
