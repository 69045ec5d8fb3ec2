import { js, jsTrap, py, pyTrap, type Positive, type Trap } from './cases';

/** What `timers` rules must find. */
export const positives: readonly Positive[] = [
  js('setInterval(() => work(), 0)', 'timers/interval-flood', 'low'),
  js('setInterval(spin)', 'timers/interval-flood', 'low'),
  js('for (let i = 0; i < 1000; i++) setInterval(tick, 100)', 'timers/interval-in-loop', 'medium'),
  js('function loop() { work(); setTimeout(loop, 0) }\nloop()', 'timers/recursive', 'low'),
  js('function spin() { queueMicrotask(spin) }\nspin()', 'timers/recursive', 'medium'),
  js('const again = () => { process.nextTick(again) }', 'timers/recursive', 'medium'),
  py('import threading\nthreading.Timer(1.0, f).start()', 'timers/py-timer', 'low'),
  py('import signal\nsignal.alarm(1)', 'timers/py-timer', 'low'),
];

/** What they must not: look-alikes, comments, strings. */
export const traps: readonly Trap[] = [
  jsTrap('setTimeout(() => tick(), 0)'),
  jsTrap('const id = setInterval(poll, 1000); clearInterval(id);'),
  jsTrap('for (const x of items) setTimeout(() => log(x), 10);'),
  jsTrap('function a() { setTimeout(b, 0) }'),
  pyTrap('import time\ntime.sleep(0.1)\nstart = time.perf_counter()'),
];
