import { defineRule, match } from '../rule';

const category = 'timers';

const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'process.nextTick']);
/** Callbacks that run before anything else gets a turn: rescheduling them starves the event loop. */
const TIGHT = new Set(['queueMicrotask', 'process.nextTick', 'setImmediate']);

/** `setInterval(f)` or `setInterval(f, 0)`: a flood of callbacks. */
export const intervalFlood = defineRule({
  id: 'timers/interval-flood', category, kind: 'call', languages: ['javascript'],
  roots: ['setInterval'],
  check: (s) => {
    if (s.callee !== 'setInterval') return null;
    const delay = s.args[1]?.num;
    if (s.args.length < 2 || (delay !== undefined && delay < 10)) return match('low', 'setInterval() with no real delay floods the event loop.');
    return null;
  },
});

/** `setInterval` inside a loop: one more interval per iteration, none cleared. */
export const intervalInLoop = defineRule({
  id: 'timers/interval-in-loop', category, kind: 'call', languages: ['javascript'],
  roots: ['setInterval'],
  check: (s) => (s.callee === 'setInterval' && s.inLoop ? match('medium', 'setInterval() inside a loop starts a new interval on every iteration.') : null),
});

/** `function f() { …; setTimeout(f, 0) }`: a function that reschedules itself forever. */
export const recursiveTimer = defineRule({
  id: 'timers/recursive', category, kind: 'call', languages: ['javascript'],
  roots: ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'process'],
  check: (s) => {
    if (!TIMERS.has(s.callee) || s.enclosingFunction === null) return null;
    const callback = s.args[0]?.path;
    if (callback !== s.enclosingFunction && callback !== 'arguments.callee') return null;
    return TIGHT.has(s.callee)
      ? match('medium', `${s.enclosingFunction}() reschedules itself with ${s.callee}(), starving everything else.`)
      : match('low', `${s.enclosingFunction}() reschedules itself with ${s.callee}().`);
  },
});

const PY_TIMERS = new Set(['threading.Timer', 'signal.setitimer', 'signal.alarm', 'signal.signal', 'sched.scheduler']);

/** Python timers and signals: `threading.Timer`, `signal.alarm`, `signal.setitimer`. */
export const pyTimer = defineRule({
  id: 'timers/py-timer', category, kind: 'call', languages: ['python'],
  roots: ['threading', 'signal', 'sched'],
  check: (s) => (PY_TIMERS.has(s.callee) ? match('low', `${s.callee}() schedules code to run later or on a signal.`) : null),
});

export const rules = [intervalFlood, intervalInLoop, recursiveTimer, pyTimer];
