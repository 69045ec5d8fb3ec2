// Node's `fs` over the session workspace: the sync API, callbacks and fs.promises.
// The host checks paths, permissions and size caps on every call.
'use strict';

const ERRNO = { EPERM: -1, ENOENT: -2, EACCES: -13, EBUSY: -16, EEXIST: -17, ENOTDIR: -20, EISDIR: -21, EINVAL: -22, EFBIG: -27, ENOSPC: -28, EROFS: -30, ENOTEMPTY: -39 };
const constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1, COPYFILE_FICLONE: 2, COPYFILE_FICLONE_FORCE: 4 };

function fsError(error, syscall, path, dest) {
  const match = /^(\w+)\[([\w-]+)\]$/.exec(error && error.name);
  const rebuilt = new (match && match[1] === 'TypeError' ? TypeError : Error)(error && error.message);
  if (match) {
    const code = match[2];
    if (code in ERRNO) {
      Object.assign(rebuilt, { errno: ERRNO[code], code, syscall });
      if (path !== undefined) rebuilt.path = path;
      if (dest !== undefined) rebuilt.dest = dest;
    } else rebuilt.code = code;
  }
  return rebuilt;
}

function invoke(fn, args, syscall, path, dest) {
  try {
    return fn(...args);
  } catch (error) {
    throw fsError(error, syscall, path, dest);
  }
}

function toPath(path, name = 'path') {
  if (typeof path === 'string') return path;
  if (path instanceof Uint8Array) return new TextDecoder().decode(path);
  if (path !== null && typeof path === 'object' && typeof path.href === 'string' && path.protocol === 'file:') return decodeURIComponent(path.pathname);
  const error = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${path === null ? 'null' : typeof path}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  throw error;
}

function encodingOf(options) {
  if (typeof options === 'string') return options;
  return options && options.encoding ? options.encoding : null;
}

function isUtf8(encoding) {
  return /^utf-?8$/i.test(encoding);
}

// The host takes whole ArrayBuffers; undefined means empty.
function bufferOf(bytes) {
  if (bytes.byteLength === 0) return undefined;
  if (bytes instanceof ArrayBuffer) return bytes;
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view.buffer : view.slice().buffer;
}

function dataOf(data, encoding) {
  if (typeof data === 'string') return !encoding || isUtf8(encoding) ? data : bufferOf(Buffer.from(data, encoding));
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return bufferOf(data);
  const error = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`);
  error.code = 'ERR_INVALID_ARG_TYPE';
  throw error;
}

function readFileSync(path, options) {
  path = toPath(path);
  const encoding = encodingOf(options);
  if (encoding && isUtf8(encoding)) return invoke(host.fs.readText, [path], 'open', path);
  const bytes = invoke(host.fs.readFile, [path], 'open', path);
  const buffer = bytes ? Buffer.from(bytes) : Buffer.alloc(0);
  return encoding ? buffer.toString(encoding) : buffer;
}

function write(path, data, options, append) {
  path = toPath(path);
  const flag = (options && typeof options === 'object' && options.flag) || (append ? 'a' : 'w');
  if (flag.includes('x') && host.fs.exists(path)) {
    throw fsError({ name: 'Error[EEXIST]', message: `EEXIST: file already exists, open '${path}'` }, 'open', path);
  }
  invoke(host.fs.writeFile, [path, dataOf(data, encodingOf(options)), append || flag.startsWith('a')], 'open', path);
}

function writeFileSync(path, data, options) {
  write(path, data, options, false);
}

function appendFileSync(path, data, options) {
  write(path, data, options, true);
}

function existsSync(path) {
  try {
    return host.fs.exists(toPath(path));
  } catch {
    return false;
  }
}

// The workspace holds only files and directories: never links, devices, FIFOs or sockets.
class PlainEntry {
  isSymbolicLink() {
    return false;
  }
  isBlockDevice() {
    return false;
  }
  isCharacterDevice() {
    return false;
  }
  isFIFO() {
    return false;
  }
  isSocket() {
    return false;
  }
}

class Stats extends PlainEntry {
  constructor(kind, size, mtimeMs, birthtimeMs) {
    super();
    const directory = kind === 'directory';
    Object.assign(this, {
      dev: 1,
      mode: directory ? 0o40755 : 0o100644,
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: 0,
      blksize: 4096,
      ino: 0,
      size,
      blocks: Math.ceil(size / 512),
      atimeMs: mtimeMs,
      mtimeMs,
      ctimeMs: mtimeMs,
      birthtimeMs,
      atime: new Date(mtimeMs),
      mtime: new Date(mtimeMs),
      ctime: new Date(mtimeMs),
      birthtime: new Date(birthtimeMs),
    });
    Object.defineProperty(this, 'kind', { value: kind });
  }
  isFile() {
    return this.kind === 'file';
  }
  isDirectory() {
    return this.kind === 'directory';
  }
}

function statSync(path, options) {
  path = toPath(path);
  try {
    const [kind, size, mtimeMs, birthtimeMs] = JSON.parse(invoke(host.fs.stat, [path], 'stat', path));
    return new Stats(kind, size, mtimeMs, birthtimeMs);
  } catch (error) {
    if (options && options.throwIfNoEntry === false && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

class Dirent extends PlainEntry {
  constructor(name, parentPath, directory) {
    super();
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    Object.defineProperty(this, 'directory', { value: directory });
  }
  isFile() {
    return !this.directory;
  }
  isDirectory() {
    return this.directory;
  }
}

function readdirSync(path, options) {
  path = toPath(path);
  const withFileTypes = Boolean(options && options.withFileTypes);
  const recursive = Boolean(options && options.recursive);
  const out = [];
  const walk = (dir, prefix) => {
    for (const [name, directory] of JSON.parse(invoke(host.fs.readdir, [dir], 'scandir', dir))) {
      const relative = prefix ? prefix + '/' + name : name;
      out.push(withFileTypes ? new Dirent(name, prefix ? path + '/' + prefix : path, directory) : relative);
      if (recursive && directory) walk(dir + '/' + name, relative);
    }
  };
  walk(path, '');
  return out;
}

function mkdirSync(path, options) {
  path = toPath(path);
  const recursive = Boolean(options && typeof options === 'object' && options.recursive);
  return invoke(host.fs.mkdir, [path, recursive], 'mkdir', path);
}

function unlinkSync(path) {
  path = toPath(path);
  invoke(host.fs.unlink, [path], 'unlink', path);
}

function rmdirSync(path, options) {
  path = toPath(path);
  invoke(host.fs.rmdir, [path, Boolean(options && options.recursive)], 'rmdir', path);
}

function rmSync(path, options) {
  path = toPath(path);
  invoke(host.fs.rm, [path, Boolean(options && options.recursive), Boolean(options && options.force)], 'rm', path);
}

function renameSync(from, to) {
  from = toPath(from, 'oldPath');
  to = toPath(to, 'newPath');
  invoke(host.fs.rename, [from, to], 'rename', from, to);
}

function copyFileSync(from, to, mode = 0) {
  from = toPath(from, 'src');
  to = toPath(to, 'dest');
  if (mode & constants.COPYFILE_EXCL && host.fs.exists(to)) {
    throw fsError({ name: 'Error[EEXIST]', message: `EEXIST: file already exists, copyfile '${from}' -> '${to}'` }, 'copyfile', from, to);
  }
  invoke(host.fs.copyFile, [from, to], 'copyfile', from, to);
}

function accessSync(path, mode = constants.F_OK) {
  path = toPath(path);
  invoke(host.fs.access, [path, Number(mode)], 'access', path);
}

function truncateSync(path, length = 0) {
  const data = readFileSync(path);
  const next = new Uint8Array(length);
  next.set(data.subarray(0, length));
  writeFileSync(path, next);
}

const sync = {
  readFileSync,
  writeFileSync,
  appendFileSync,
  existsSync,
  statSync,
  lstatSync: statSync,
  readdirSync,
  mkdirSync,
  unlinkSync,
  rmdirSync,
  rmSync,
  renameSync,
  copyFileSync,
  accessSync,
  truncateSync,
};

// Callbacks run as microtasks: never synchronously, and a throw inside one is uncaught, as in Node.
function withCallback(fn) {
  return function (...args) {
    const done = args.pop();
    if (typeof done !== 'function') throw new TypeError('The "cb" argument must be of type function. Received ' + typeof done);
    let result;
    try {
      result = fn(...args);
    } catch (error) {
      queueMicrotask(() => done(error));
      return;
    }
    queueMicrotask(() => done(null, result));
  };
}

const promises = {};
const fs = { ...sync, constants, Stats, Dirent, promises };
for (const [name, fn] of Object.entries(sync)) {
  if (name === 'existsSync') continue;
  const base = name.slice(0, -4);
  fs[base] = withCallback(fn);
  promises[base] = async (...args) => fn(...args);
}
fs.exists = (path, done) => queueMicrotask(() => done(existsSync(path)));
promises.constants = constants;

module.exports = fs;
