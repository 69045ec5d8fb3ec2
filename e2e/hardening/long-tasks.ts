import type { Page } from '@playwright/test';

/**
 * Records the page's long tasks (PerformanceObserver `longtask`) from before its scripts run.
 * Call before `page.goto`.
 */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    (globalThis as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Long tasks that started at or after `since` (page time, ms). */
export function longTasksSince(page: Page, since: number): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((t) => (globalThis as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((task) => task.start >= t), since);
}
