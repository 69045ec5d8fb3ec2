import type { Page } from '@playwright/test';
import { round } from './stats';

/** Main-thread tasks over 50 ms in a window, as PerformanceObserver('longtask') reports them. */
export interface LongTasks {
  /** Tasks over 50 ms. */
  readonly count: number;
  /** The longest such task in ms; 0 when there was none (the API reports only tasks over 50 ms). */
  readonly longestMs: number;
  /** How long the window was, ms. */
  readonly windowMs: number;
}

interface Recorded {
  start: number;
  duration: number;
}

type LongTaskGlobals = { __benchLongTasks?: Recorded[] };

/** Starts a longtask observer on every page the context opens, before the page's own scripts. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: Recorded[] = [];
    (globalThis as LongTaskGlobals).__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

/** Runs `work` and returns what it returned with the long tasks that started during it. */
export async function duringWork<T>(page: Page, work: () => Promise<T>): Promise<{ value: T; longTasks: LongTasks }> {
  const from = await page.evaluate(() => performance.now());
  const value = await work();
  const to = await page.evaluate(() => performance.now());
  // Entries arrive on the observer's own schedule, after the task; give them a moment.
  await page.waitForTimeout(200);
  const tasks = await page.evaluate(
    ({ from, to }) => ((globalThis as LongTaskGlobals).__benchLongTasks ?? []).filter((t) => t.start >= from && t.start <= to),
    { from, to },
  );
  return {
    value,
    longTasks: { count: tasks.length, longestMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 1), windowMs: Math.round(to - from) },
  };
}

/** Several windows as one: their counts added, the longest of their longest. */
export function combine(windows: readonly LongTasks[]): LongTasks {
  return {
    count: windows.reduce((sum, w) => sum + w.count, 0),
    longestMs: Math.max(0, ...windows.map((w) => w.longestMs)),
    windowMs: windows.reduce((sum, w) => sum + w.windowMs, 0),
  };
}
