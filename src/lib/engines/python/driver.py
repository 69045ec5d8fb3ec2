"""Sandcell's driver: runs guest code in this interpreter on behalf of the engine.

It talks to the engine over /dev/sandcell in frames of a 4-byte big-endian length: commands
come in as length-prefixed UTF-8 fields, replies go out as UTF-8 JSON (see control.ts).
That channel is not a security boundary: guest code shares this interpreter and can reach
the descriptor. The WASM sandbox is the boundary. The eval and import checks below are
defence in depth against honest mistakes and lazy attacks; a guest that garbles the channel
only gets its interpreter restarted by the engine.

Kept ASCII: the engine passes it as an argv entry.
"""


def _sandcell_driver():
    # Only builtin or frozen modules here: every import costs startup time, which fresh mode
    # pays on every run. json, traceback and linecache pull in `re` and load lazily.
    import builtins
    import errno
    import io
    import os
    import struct
    import sys
    import time

    DRIVER = '<sandcell-driver>'
    MAIN = '<main>'
    WORKSPACE = '/app'
    SITE_PACKAGES = '/app/site-packages'
    # Replies stay small: the full traceback goes to stderr, where the engine caps output.
    MAX_TEXT = 64 * 1024

    real_exec = builtins.exec
    real_eval = builtins.eval
    real_compile = builtins.compile
    real_import = builtins.__import__
    real_sleep = time.sleep
    get_frame = sys._getframe
    header = struct.Struct('>I')

    ctl = os.open('/dev/sandcell', os.O_RDWR)
    # Fresh interpreters without a workspace have no /app at all; live ones keep it mounted
    # and the engine hides it (everything but the directory itself) in runs without one.
    mounted = os.path.isdir(WORKSPACE)
    stdlib_paths = list(sys.path)
    # Code from these files is library code: the permission checks look only at user code.
    # The packaged stdlib is precompiled, so its code objects name the build machine's paths.
    build_lib = sys.modules['encodings'].search_function.__code__.co_filename.rsplit('/', 2)[0]
    library_prefixes = tuple(path.rstrip('/') + '/' for path in stdlib_paths + [build_lib, SITE_PACKAGES])

    state = {
        'tier': '',
        'allowed': None,
        'workspace': False,
        'interactive': False,
        'stdin': sys.stdin,
        'paths': [],
        'source': '',
    }

    # ---- the channel -------------------------------------------------------------------

    inbox = bytearray()

    def take(size):
        # One read usually brings the whole frame: the engine queues exactly one at a time.
        while len(inbox) < size:
            chunk = os.read(ctl, max(size - len(inbox), 65536))
            if not chunk:
                return None
            inbox.extend(chunk)
        data = bytes(inbox[:size])
        del inbox[:size]
        return data

    # A tier's list of modules is the same run after run: parsed once, not on every warm run.
    parsed_modules = {'field': None, 'allowed': frozenset()}

    def allowed_modules(field):
        if field != parsed_modules['field']:
            parsed_modules['allowed'] = frozenset(name for name in field[1:].split('\n') if name)
            parsed_modules['field'] = field
        return parsed_modules['allowed']

    def recv():
        # A command is UTF-8 fields joined by NULs, the code last (see encodeCommand in control.ts).
        head = take(4)
        if head is None:
            return None
        body = take(header.unpack(head)[0])
        if body is None:
            return None
        fields = body.decode('utf-8').split('\0', 10)
        if len(fields) != 11:
            raise ValueError(f'a command has 11 fields, this one {len(fields)}')
        kind, context, tier, fs, allow_eval, modules, interactive, paths, stdin_used, changed, code = fields
        return {
            'kind': kind,
            'code': code,
            'context': context,
            'tier': tier,
            'fs': fs,
            'eval': allow_eval == '1',
            'modules': '*' if modules == '*' else allowed_modules(modules),
            'interactive': interactive == '1',
            'paths': paths.split('\n') if paths else [],
            'stdin_used': stdin_used == '1',
            'changed': changed == '1',
        }

    escapes = {i: f'\\u{i:04x}' for i in range(32)}
    escapes[ord('"')] = '\\"'
    escapes[ord('\\')] = '\\\\'

    def dumps(value):
        # Just enough JSON for replies, without importing json (and with it re).
        if value is None:
            return 'null'
        if value is True:
            return 'true'
        if value is False:
            return 'false'
        if isinstance(value, int):
            return str(int(value))
        if isinstance(value, str):
            return '"' + value.translate(escapes) + '"'
        if isinstance(value, dict):
            return '{' + ','.join(dumps(str(k)) + ':' + dumps(v) for k, v in value.items()) + '}'
        return '[' + ','.join(dumps(v) for v in value) + ']'

    def encode(message):
        # Lone surrogates come out as \udXXX escapes, which JSON.parse accepts.
        body = dumps(message).encode('utf-8', 'backslashreplace')
        return header.pack(len(body)) + body

    def send_bytes(data):
        view = memoryview(data)
        while view:
            view = view[os.write(ctl, view):]

    def send(message):
        send_bytes(encode(message))

    def failure(name, message, memory=False):
        return {'name': name, 'message': message, 'traceback': '', 'line': None, 'memory': memory}

    # Built now, while there is memory to build it.
    out_of_memory = encode({'t': 'done', 'exitCode': None, 'error': failure('MemoryError', 'out of memory', True)})
    # The usual reply, built once: encoding it is a fair share of a warm run.
    completed = encode({'t': 'done', 'exitCode': None, 'error': None})

    # ---- who is calling -----------------------------------------------------------------

    def is_library(filename):
        return filename == DRIVER or filename.startswith('<frozen ') or filename.startswith(library_prefixes)

    def called_from_user():
        # Frame 0 is this function, 1 the hook, 2 whoever called the hook.
        try:
            return not is_library(get_frame(2).f_code.co_filename)
        except ValueError:
            return False

    def refuse(what):
        raise PermissionError(f"{what} is not allowed under the {state['tier']} policy")

    # ---- permission hooks (installed only for runs that need them) ----------------------

    def guarded_exec(source, globals=None, locals=None, /, *, closure=None):
        if isinstance(source, (str, bytes, bytearray)) and called_from_user():
            refuse('exec() of a string')
        if globals is None:
            # Without this, exec would run in this hook's namespace instead of the caller's.
            caller = get_frame(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if closure is None:
            return real_exec(source, globals, locals)
        return real_exec(source, globals, locals, closure=closure)

    def guarded_eval(source, globals=None, locals=None, /):
        if isinstance(source, (str, bytes, bytearray)) and called_from_user():
            refuse('eval() of a string')
        if globals is None:
            caller = get_frame(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        return real_eval(source, globals, locals)

    def guarded_compile(*args, **kwargs):
        if called_from_user():
            refuse('compile()')
        return real_compile(*args, **kwargs)

    def is_workspace_module(name):
        if not state['workspace']:
            return False
        base = f'{WORKSPACE}/{name}'
        return os.path.isfile(base + '.py') or os.path.isdir(base)

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        # Only top-level imports written in user code; what the stdlib imports in turn is its business.
        if level == 0 and called_from_user():
            top = name.partition('.')[0]
            if top not in state['allowed'] and not is_workspace_module(top):
                raise ImportError(f"import of '{top}' is not allowed under the {state['tier']} policy", name=top)
        return real_import(name, globals, locals, fromlist, level)

    eval_hooks = (('exec', guarded_exec), ('eval', guarded_eval), ('compile', guarded_compile))
    import_hooks = (('__import__', guarded_import),)
    # What each installed hook replaced, put back when a run's policy no longer wants the hook.
    replaced = {}
    originals = {'exec': real_exec, 'eval': real_eval, 'compile': real_compile, '__import__': real_import}

    def want_hooks(hooks, wanted):
        for name, hook in hooks:
            current = getattr(builtins, name)
            if wanted and current is not hook:
                replaced[name] = current
                setattr(builtins, name, hook)
            elif not wanted and current is hook:
                setattr(builtins, name, replaced.pop(name, originals[name]))

    def set_hooks(command):
        # Hooks stay between runs under the same policy: every change to builtins throws away
        # CPython's cached global lookups, which made installing and removing them per run slow.
        # Between runs only the driver runs, and the hooks let library code through anyway.
        want_hooks(eval_hooks, not command['eval'])
        want_hooks(import_hooks, command['modules'] != '*')

    # ---- waiting: input() and time.sleep() -------------------------------------------------

    def interrupted():
        return KeyboardInterrupt('the run was stopped (time limit or cancel) while it was waiting')

    def eof_message():
        if state['interactive']:
            return 'EOF when reading a line: no more input was given (the input handler returned end of input)'
        return 'EOF when reading a line: no more input was given (stdin is used up and this run has no input handler)'

    def sandcell_input(prompt=''):
        stdin, stdout = sys.stdin, sys.stdout
        if stdin is None:
            raise RuntimeError('input(): lost sys.stdin')
        text = str(prompt)
        if stdout is not None:
            if text:
                stdout.write(text)
            try:
                stdout.flush()
            except Exception:
                pass
        if state['interactive']:
            send({'t': 'prompt', 'text': text})
        try:
            line = stdin.readline()
        except OSError as error:
            if error.errno == errno.ECANCELED:
                raise interrupted() from None
            raise
        if not line:
            raise EOFError(eof_message())
        return line[:-1] if line.endswith('\n') else line

    sandcell_input.__doc__ = builtins.input.__doc__
    builtins.input = sandcell_input

    def sandcell_sleep(seconds):
        flush()
        try:
            real_sleep(seconds)
        except OSError as error:
            # wasi-libc's clock_nanosleep reports every failed poll as ENOTSUP.
            if error.errno in (errno.ECANCELED, errno.ENOTSUP):
                raise interrupted() from None
            raise

    sandcell_sleep.__name__ = sandcell_sleep.__qualname__ = 'sleep'
    sandcell_sleep.__doc__ = real_sleep.__doc__
    time.sleep = sandcell_sleep

    def fresh_stdin():
        # Leftover buffered input from an earlier run must not leak into this one.
        current = state['stdin']
        if sys.stdin is not current or current is None:
            return
        replacement = io.TextIOWrapper(
            io.BufferedReader(io.FileIO(0, 'r', closefd=False)),
            encoding=current.encoding,
            errors=current.errors,
        )
        sys.stdin = state['stdin'] = replacement

    # ---- reporting ------------------------------------------------------------------------

    def clip(text):
        if len(text) <= MAX_TEXT:
            return text
        half = MAX_TEXT // 2
        return f'{text[:half]}\n[... {len(text) - MAX_TEXT} characters clipped ...]\n{text[-half:]}'

    def flush():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass

    def write_stderr(text):
        flush()
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except BaseException:
            try:
                os.write(2, text.encode('utf-8', 'backslashreplace'))
            except BaseException:
                pass

    def strip_driver(summary, seen):
        # Drop the driver's frames from this exception and every one chained to it.
        if summary is None or id(summary) in seen:
            return
        seen.add(id(summary))
        summary.stack = type(summary.stack).from_list([f for f in summary.stack if f.filename != DRIVER])
        strip_driver(summary.__cause__, seen)
        strip_driver(summary.__context__, seen)
        for inner in getattr(summary, 'exceptions', None) or ():
            strip_driver(inner, seen)

    def user_line(exc, summary):
        if isinstance(exc, SyntaxError) and exc.filename == MAIN:
            return exc.lineno
        if summary is not None:
            for frame in reversed(summary.stack):
                if frame.filename == MAIN:
                    return frame.lineno
        return None

    registered = {'source': None, 'entry': None}

    def register_source(linecache):
        # linecache (and with it re) loads only when a traceback needs it, or once something
        # else has loaded it: then the source must be in it before any line is looked up.
        # Re-running the same cell leaves the entry as it was, unless the guest dropped it.
        source = state['source']
        if source == registered['source'] and linecache.cache.get(MAIN) is registered['entry']:
            return
        entry = (len(source), None, source.splitlines(True), MAIN)
        linecache.cache[MAIN] = entry
        registered['source'] = source
        registered['entry'] = entry

    def describe(exc, print_it=True):
        summary = None
        try:
            import linecache
            import traceback

            register_source(linecache)
            summary = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
            strip_driver(summary, set())
            text = ''.join(summary.format())
        except BaseException:
            text = f'{type(exc).__name__}: <the traceback could not be formatted>\n'
        if print_it:
            write_stderr(text)
        try:
            message = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
        except BaseException:
            message = '<exception str() failed>'
        if not message and isinstance(exc, MemoryError):
            message = 'out of memory'
        return {
            'name': type(exc).__name__,
            'message': clip(message),
            'traceback': clip(text),
            'line': user_line(exc, summary),
            'memory': isinstance(exc, MemoryError),
        }

    def exit_status(exc):
        code = exc.code
        if code is None:
            return 0, None
        if isinstance(code, int):
            status = code
        else:
            # CPython prints a non-integer exit code and exits with 1.
            write_stderr(f'{code}\n')
            status = 1
        if status == 0:
            return 0, None
        error = describe(exc, print_it=False)
        error['traceback'] = ''
        return status, error

    # ---- running --------------------------------------------------------------------------

    # Output streams line by line; partial lines go out at waits (input, sleep) and run ends.
    sys.stdout.reconfigure(line_buffering=True)
    sys.stderr.reconfigure(line_buffering=True)

    user_module = type(sys)('__main__')
    user_globals = user_module.__dict__
    user_globals['__builtins__'] = builtins
    # pickle, dataclasses and friends look classes up through sys.modules['__main__'].
    sys.modules['__main__'] = user_module
    # The engine passes one flag after the bootstrap: 'preload' for long-lived interpreters.
    preload = sys.argv[-1] == 'preload'
    sys.argv = ['']

    def configure(command):
        workspace = command['fs'] != 'none'
        state['tier'] = command['tier']
        state['allowed'] = None if command['modules'] == '*' else command['modules']
        state['workspace'] = workspace
        state['interactive'] = command['interactive']
        # The engine lists /app/site-packages and its wheels: it holds the files anyway, and
        # asking the filesystem from here would cost host calls on every warm run.
        head = [WORKSPACE] if workspace else []
        tail = command['paths'] if workspace else []
        path = sys.path
        if command['changed'] or state['paths'] != head + tail or not all(entry in path for entry in state['paths']):
            for entry in state['paths']:
                while entry in path:
                    path.remove(entry)
            path[:0] = head
            path.extend(tail)
            state['paths'] = head + tail
        if command['changed']:
            # Forget what the finders cached about the workspace. (importlib.invalidate_caches()
            # would also load importlib.metadata and revisit the stdlib: slower than a fresh start.)
            cache = sys.path_importer_cache
            for entry in [e for e in cache if e == WORKSPACE or e.startswith(WORKSPACE + '/')]:
                finder = cache[entry]
                if entry.endswith('.whl') or finder is None:
                    del cache[entry]
                elif hasattr(finder, 'invalidate_caches'):
                    finder.invalidate_caches()
            zip_cache = getattr(sys.modules.get('zipimport'), '_zip_directory_cache', None)
            if zip_cache is not None:
                for entry in tail:
                    zip_cache.pop(entry, None)
        if mounted and os.getcwd() != WORKSPACE:
            # Without a workspace the cwd stays in the hidden /app (or at / when there is
            # none), so relative paths fail rather than quietly landing in /tmp.
            os.chdir(WORKSPACE)
        if command['stdin_used']:
            fresh_stdin()
        if command['context'] != '{}':
            import json

            user_globals.update(json.loads(command['context']))

    compiled_cache = {}

    def compiled(source):
        # Re-running the same cell is common; compiling is most of a warm run's cost.
        code = compiled_cache.get(source)
        if code is None:
            code = real_compile(source, MAIN, 'exec', dont_inherit=True)
            if len(compiled_cache) >= 32:
                compiled_cache.pop(next(iter(compiled_cache)))
            compiled_cache[source] = code
        return code

    def run(command):
        configure(command)
        state['source'] = command['code']
        linecache = sys.modules.get('linecache')
        if linecache is not None:
            register_source(linecache)
        set_hooks(command)
        exit_code, error = None, None
        try:
            real_exec(compiled(state['source']), user_globals)
        except SystemExit as exc:
            exit_code, error = exit_status(exc)
        except BaseException as exc:
            error = describe(exc)
        finally:
            flush()
        if exit_code is None and error is None:
            return completed
        return encode({'t': 'done', 'exitCode': exit_code, 'error': error})

    hello = {'t': 'hello', 'version': 'Python %d.%d.%d' % sys.version_info[:3]}
    bytecode = globals().pop('DRIVER_BYTECODE', None)
    if bytecode is not None:
        # The bootstrap compiled this driver: the engine caches it for the next interpreters.
        hello['bytecode'] = bytecode.decode('latin-1')
    send(hello)
    del hello, bytecode
    if preload:
        # A long-lived interpreter (JSPI) loads what tracebacks and contexts need while it is
        # still idle, instead of inside the first run that raises.
        import json
        import traceback

        del json, traceback
    while True:
        command = recv()
        if command is None:
            break
        try:
            reply = run(command)
        except MemoryError:
            reply = out_of_memory
        except BaseException as exc:
            try:
                reply = encode({'t': 'done', 'exitCode': None, 'error': failure('DriverError', repr(exc))})
            except BaseException:
                reply = out_of_memory
        send_bytes(reply)


_sandcell_driver()
