import type { QuickJSHandle } from 'quickjs-emscripten-core';
import { installFs } from './bridge-fs';
import { installWeb } from './bridge-web';
import { HostError, HostValues } from './host-values';
import { resolveModule } from './modules';
import type { Session } from './session';
import { GUEST_MODULES, moduleWrapper } from './sources';

/**
 * Builds the `host` object handed to the prelude: the only way guest code reaches the engine.
 * Functions look up the session's current run when called, so one object serves every run.
 * Returns an owned handle.
 */
export function createHost(session: Session): QuickJSHandle {
  const { context: ctx } = session;
  const v = new HostValues(ctx, session.governor, () => session.stringHooks);
  // No prototype: a property the guest side reads and host lacks must not reach a getter the
  // guest planted on Object.prototype, which would receive `host` as `this`.
  const host = ctx.newObject(ctx.null);

  v.fn(host, 'write', (fd, text) => {
    session.drainOutput();
    session.run.write(v.number(fd) === 2 ? 'stderr' : 'stdout', v.string(text));
  });
  v.fn(host, 'flush', () => {
    session.drainOutput();
  });
  v.fn(host, 'jsonStack', (delta) => {
    session.jsonStack(v.number(delta) > 0 ? 1 : -1);
  });
  v.fn(host, 'now', () => ctx.newNumber(performance.now()));
  ctx.newNumber(performance.timeOrigin).consume((origin) => ctx.setProp(host, 'timeOrigin', origin));
  v.fn(host, 'randomBytes', (n) => {
    const size = v.number(n);
    if (!(size >= 0 && size <= 65536)) throw new RangeError('randomBytes: size out of range');
    return v.arrayBuffer(crypto.getRandomValues(new Uint8Array(size)));
  });
  v.fn(host, 'randomUUID', () => ctx.newString(crypto.randomUUID()));

  v.fn(host, 'setTimer', (callback, delay, repeat) => {
    if (!callback || ctx.typeof(callback) !== 'function') throw new TypeError('callback must be a function');
    return ctx.newNumber(session.timers.add(callback.dup(), v.number(delay), v.flag(repeat), performance.now()));
  });
  v.fn(host, 'clearTimer', (id) => {
    session.timers.clear(v.number(id));
  });
  v.fn(host, 'refTimer', (id, value) => v.boolean(session.timers.ref(v.number(id), value === undefined || ctx.typeof(value) === 'undefined' ? undefined : v.flag(value))));
  v.fn(host, 'refreshTimer', (id) => {
    session.timers.refresh(v.number(id), performance.now());
  });
  v.fn(host, 'reportError', (error) => {
    const run = session.run;
    if (!run.fatal && error) run.fatal = error.dup();
    run.wake();
  });

  v.fn(host, 'input', (prompt) => {
    // Lines printed before the prompt come out before it.
    session.drainOutput();
    const run = session.run;
    const deferred = ctx.newPromise();
    run.deferreds.add(deferred);
    run.pending++;
    void run.input.next(v.optionalString(prompt) ?? '').then((result) => {
      run.pending--;
      // A run that ended meanwhile has released the promise already.
      if (run.deferreds.delete(deferred) && deferred.alive && !session.dead) {
        const value = v.newString(result.ok ? result.line : result.reason);
        if (result.ok) deferred.resolve(value);
        else deferred.reject(value);
        value.dispose();
      }
      run.wake();
    });
    return deferred.handle;
  });

  v.fn(host, 'resolveModule', (request) => {
    const resolved = resolveModule(v.string(request, 'module name'), session.run.permissions);
    if (!resolved.ok) throw new HostError('Error', resolved.error.code, resolved.error.message);
    return ctx.newString(`${resolved.entry.id}|${resolved.entry.property ?? ''}`);
  });
  v.fn(host, 'compile', (id) => {
    const name = v.string(id);
    const module = GUEST_MODULES[name];
    if (!module) throw new Error(`Cannot find internal module '${name}'`);
    const result = ctx.evalCode(moduleWrapper(name, module), module.filename, { type: 'global' });
    return result.error ? { error: result.error } : result.value;
  });

  installFs(v, host, session.workspace, () => session.run.permissions);
  installWeb(v, host);
  return host;
}
