import { describe, expect, it } from 'vitest';
import { newQuickJSWASMModuleFromVariant, type QuickJSSyncVariant } from 'quickjs-emscripten-core';
// The debug build asserts on leaked handles and objects when a runtime is freed. It ships with
// quickjs-emscripten, which the app depends on.
import debugVariant from '@jitl/quickjs-wasmfile-debug-sync';
import type { RunJob } from '../protocol';
import { HeapGovernor } from './heap-governor';
import { executeRun } from './run';
import { createRunState } from './run-state';
import { Session } from './session';
import { quickjsStackBytes } from './stack-budget';
import { VARIANTS, hooks, job } from './testing';

// Touches every place the engine holds handles: timers (fired, cleared, left over), input
// promises (answered and abandoned), microtask errors, module loading, fs, URL, errors, eval policy.
const WORKLOAD = [
  'globalThis.count = (globalThis.count ?? 0) + 1; const t = setInterval(() => {}, 1); setTimeout(() => clearInterval(t), 3);',
  'console.log({ a: [1, 2] }, new Map([[1, 2]])); require("fs").writeFileSync("f.txt", "x".repeat(100));',
  'await input("? "); await new Promise((r) => setTimeout(r, 1));',
  'const { join } = await import("node:path"); new URL("https://a.b/" + join("x", "y")).searchParams.append("q", "1");',
  'throw new Error("uncaught on purpose")',
  'queueMicrotask(() => { throw new TypeError("from a microtask") })',
  'setTimeout(() => {}, 60_000); await input("never answered")',
  'structuredClone({ a: new Date() }); new TextDecoder().decode(new TextEncoder().encode("é")); Buffer.from("x")',
  'try { eval("1") } catch {} Promise.reject(new Error("unhandled"))',
];

async function session(variant: QuickJSSyncVariant) {
  const module = await newQuickJSWASMModuleFromVariant(variant);
  const governor = new HeapGovernor();
  governor.install(module.getWasmMemory());
  let current: Session | undefined;
  const execute = (j: RunJob, answers: (string | null)[] = ['answer']) => {
    const run = createRunState(j, hooks(answers), () => current?.memoryUsed() ?? 0, () => governor.heapBytes);
    current ??= new Session(module, run, quickjsStackBytes(), governor);
    current.run = run;
    return executeRun(current, run);
  };
  return { execute, dispose: () => current?.dispose(), used: () => current?.memoryUsed() ?? 0 };
}

const permissions = (i: number) => ({ tier: 'mixed', fs: 'write' as const, eval: i % 2 === 0, modules: '*' as const });

describe('handle hygiene', () => {
  it('frees every handle: the debug build of QuickJS finds no leak after a session of mixed runs', async () => {
    const s = await session(debugVariant);
    for (let i = 0; i < WORKLOAD.length * 2; i++) {
      const code = WORKLOAD[i % WORKLOAD.length] as string;
      // The debug build is slow; its timeouts only need to end the runs that wait forever.
      const out = await s.execute(job(code, { timeoutMs: i === 6 || i === 15 ? 2000 : 20_000, interactive: i % 3 !== 0, permissions: permissions(i) }));
      expect(out.outcome.status).not.toBe('memory');
    }
    expect(s.dispose()).toBe(true);
  });

  it.each(VARIANTS)('survives wasm memory growth inside a promise job ($id)', async ({ variant }) => {
    // quickjs-emscripten misreads executePendingJobs' out-parameter after growth (see memory-views.ts).
    const s = await session(variant);
    const out = await s.execute(job('await null;\nconst big = new Uint8Array(48 << 20);\nbig[0] = 1;\nconsole.log(big.length)'));
    expect(out.outcome).toMatchObject({ status: 'completed', stdout: `${48 << 20}\n` });
    expect(s.dispose()).toBe(true);
  });

  it.each(VARIANTS)('keeps a long-lived $id session from growing', async ({ variant }) => {
    const s = await session(variant);
    const samples: number[] = [];
    for (let i = 0; i < WORKLOAD.length * 20; i++) {
      const code = WORKLOAD[i % WORKLOAD.length] as string;
      await s.execute(job(code, { timeoutMs: 300, interactive: true, permissions: permissions(i) }));
      if (i % WORKLOAD.length === WORKLOAD.length - 1) samples.push(s.used());
    }
    // After warm-up (modules compiled once), usage stays flat.
    const warm = samples[2] as number;
    const last = samples[samples.length - 1] as number;
    expect(last - warm).toBeLessThan(64 * 1024);
    expect(s.dispose()).toBe(true);
  });
});
