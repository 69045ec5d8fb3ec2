import type { BrowserContext, Page } from '@playwright/test';
import { round } from './stats';

/** Main-thread tasks over 50 ms in some windows of time, as PerformanceObserver('longtask') reports them. */
export interface LongTasks {
  /** Tasks over 50 ms. */
  readonly count: number;
  /** The longest such task in ms; 0 when there was none (the API reports only tasks over 50 ms). */
  readonly longestMs: number;
  /** How long the windows were in all, ms. */
  readonly windowMs: number;
}

interface Interval {
  start: number;
  duration: number;
}

type LongTaskGlobals = { __benchLongTasks?: Interval[] };

/** Starts a longtask observer on every page of `context`, before the page's own scripts. */
export async function observeLongTasks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const tasks: Interval[] = [];
    (globalThis as LongTaskGlobals).__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
}

/**
 * Labels windows of one page load (the time code runs) and, at the end, counts the long tasks
 * that started inside each. The page must not navigate between the first window and `report`.
 */
export class LongTaskWindows {
  readonly #windows = new Map<string, Interval[]>();

  constructor(private readonly page: Page) {}

  /** Runs `work` as part of the window `label`. */
  async during<T>(label: string, work: () => Promise<T>): Promise<T> {
    const start = await this.page.evaluate(() => performance.now());
    const value = await work();
    const end = await this.page.evaluate(() => performance.now());
    const list = this.#windows.get(label) ?? [];
    list.push({ start, duration: end - start });
    this.#windows.set(label, list);
    return value;
  }

  /** Each label's long tasks. */
  async report(): Promise<Record<string, LongTasks>> {
    // Entries arrive on the observer's own schedule, after the task ends.
    await this.page.waitForTimeout(300);
    const tasks = await this.page.evaluate(() => (globalThis as LongTaskGlobals).__benchLongTasks ?? []);
    const out: Record<string, LongTasks> = {};
    for (const [label, windows] of this.#windows) {
      const inside = tasks.filter((t) => windows.some((w) => t.start >= w.start && t.start <= w.start + w.duration));
      out[label] = {
        count: inside.length,
        longestMs: round(Math.max(0, ...inside.map((t) => t.duration)), 1),
        windowMs: Math.round(windows.reduce((sum, w) => sum + w.duration, 0)),
      };
    }
    return out;
  }
}

/** Several windows as one: their counts and times added, the longest of their longest. */
export function combine(windows: readonly LongTasks[]): LongTasks {
  return {
    count: windows.reduce((sum, w) => sum + w.count, 0),
    longestMs: Math.max(0, ...windows.map((w) => w.longestMs)),
    windowMs: windows.reduce((sum, w) => sum + w.windowMs, 0),
  };
}
