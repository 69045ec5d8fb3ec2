import { expect, test, type Page } from '@playwright/test';
import type { ExecuteRequest, ExecutionStatus } from '../../src/lib/sandbox/types';
import { SCALE } from './scale';

/** One kind of kill: what runs and the status it must end with. */
interface Kill {
  readonly name: string;
  readonly request: ExecuteRequest;
  readonly status: ExecutionStatus;
}

const KILLS: Kill[] = [
  // Python's deadline terminates the worker; QuickJS stops itself, unless stuck in a built-in.
  { name: 'Python timeout', request: { language: 'python', sessionId: 'soak-py', policy: 'agent', timeout: 300, code: 'while True: pass' }, status: 'timeout' },
  { name: 'JavaScript timeout', request: { language: 'javascript', sessionId: 'soak-js', policy: 'agent', timeout: 200, code: 'for (;;) {}' }, status: 'timeout' },
  { name: 'JavaScript built-in timeout', request: { language: 'javascript', sessionId: 'soak-js', policy: 'agent', timeout: 200, code: 'Array.prototype.indexOf.call({ length: 2 ** 32 - 1 }, 1)' }, status: 'timeout' },
  { name: 'Python memory', request: { language: 'python', sessionId: 'soak-py', policy: 'agent', memory: '32mb', code: 'hog = []\nwhile True:\n    hog.append(bytearray(1 << 20))' }, status: 'memory' },
  { name: 'JavaScript memory', request: { language: 'javascript', sessionId: 'soak-js', policy: 'agent', memory: '32mb', code: 'const hog = []; for (;;) hog.push(new Uint8Array(1 << 20))' }, status: 'memory' },
];

interface Sample {
  readonly workers: number;
  readonly heapBytes: number;
}

/**
 * The worker count once it has stopped changing: a killed worker is listed until its close event
 * arrives, which may be after its replacement has started. A leaked worker stays, and is counted.
 */
async function settledWorkerCount(page: Page): Promise<number> {
  let count = page.workers().length;
  for (let steady = 0, polls = 0; steady < 5 && polls < 50; polls++) {
    await page.waitForTimeout(100);
    const now = page.workers().length;
    steady = now === count ? steady + 1 : 0;
    count = now;
  }
  return count;
}

/** Live workers (Playwright tracks every dedicated worker) and the page's JS heap after a full GC. */
async function sample(page: Page): Promise<Sample> {
  const workers = await settledWorkerCount(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { workers, heapBytes: usedSize };
  } finally {
    await cdp.detach();
  }
}

test.describe.configure({ timeout: Math.max(5, SCALE.soakKills / 10) * 60_000 });

test(`${SCALE.soakKills} consecutive timeouts and memory kills, then a normal run succeeds; workers and page memory stay flat`, async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => 'sandcell' in globalThis);
  const run = (request: ExecuteRequest) =>
    page.evaluate(
      (r) => (globalThis as unknown as { sandcell: { sandbox: { execute(r: unknown): Promise<{ status: ExecutionStatus; error?: { name: string; message: string } }> } } }).sandcell.sandbox.execute(r),
      request,
    );
  // Every kind once before the baseline, so caches and replacement workers exist on both sides.
  for (const kill of KILLS) {
    const first = await run(kill.request);
    expect(first.status, `${kill.name}: ${JSON.stringify(first.error)}`).toBe(kill.status);
  }
  const baseline = await sample(page);
  const samples: Sample[] = [];
  const wrong: string[] = [];
  for (let i = 0; i < SCALE.soakKills; i++) {
    const kill = KILLS[i % KILLS.length]!;
    const result = await run(kill.request);
    if (result.status !== kill.status) wrong.push(`#${i} ${kill.name}: ${result.status} ${JSON.stringify(result.error)}`);
    if (i % KILLS.length === KILLS.length - 1) samples.push(await sample(page));
  }
  const after = await sample(page);
  console.log(`soak: ${SCALE.soakKills} kills; workers ${baseline.workers} → ${after.workers}; heap ${(baseline.heapBytes / 1e6).toFixed(1)} MB → ${(after.heapBytes / 1e6).toFixed(1)} MB; samples ${samples.map((s) => (s.heapBytes / 1e6).toFixed(1)).join(' ')}`);
  expect(wrong, wrong.join('\n')).toEqual([]);
  for (const language of ['python', 'javascript'] as const) {
    const normal = await run({ language, sessionId: `soak-after-${language}`, policy: 'agent', code: language === 'python' ? 'print(6 * 7)' : 'console.log(6 * 7)' });
    expect(normal.status, `${language} after the soak`).toBe('completed');
  }
  // Flat: no more workers than before, and the heap within a few MB (GC noise) of the baseline.
  expect(Math.max(...samples.map((s) => s.workers), after.workers)).toBeLessThanOrEqual(baseline.workers);
  expect(after.heapBytes).toBeLessThan(baseline.heapBytes * 1.25 + 4 * 1024 * 1024);
});
