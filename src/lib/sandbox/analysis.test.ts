import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithin } from '../policy';
import { Analyzer, MAIN_THREAD_PARSE_MS, OFF_THREAD_FROM } from './analysis';
import type { AnalysisReply, AnalysisRequest } from './analysis-protocol';

/** Stands in for the analysis worker: answers each request with the real analysis, or fails as told. */
class FakeWorker {
  onmessage: ((event: MessageEvent<AnalysisReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly received: AnalysisRequest[] = [];
  terminated = false;

  constructor(private readonly mode: 'answer' | 'crash' | 'throw') {}

  postMessage(request: AnalysisRequest): void {
    this.received.push(request);
    queueMicrotask(() => {
      if (this.mode === 'crash') this.onerror?.({ preventDefault() {} } as ErrorEvent);
      else {
        const reply: AnalysisReply = this.mode === 'throw'
          ? { id: request.id, ok: false, message: 'boom' }
          : { id: request.id, ok: true, analysis: structuredClone(analyze(request.code, request.language)) };
        this.onmessage?.({ data: reply } as MessageEvent<AnalysisReply>);
      }
    });
  }

  terminate(): void {
    this.terminated = true;
  }
}

// JavaScript: acorn has no time budget, so two analyses of it agree even on a busy machine (Lezer's may run out).
const large = `require("child_process").exec("ls");\n${'x = 1;\n'.repeat(OFF_THREAD_FROM / 7 + 1)}`;

describe('Analyzer', () => {
  it('analyses small code in the caller and large code in the worker, with the same result', async () => {
    const workers: FakeWorker[] = [];
    const analyzer = new Analyzer(() => {
      const w = new FakeWorker('answer');
      workers.push(w);
      return w as unknown as Worker;
    });
    expect(await analyzer.analyze('eval(x)', 'javascript')).toEqual(analyze('eval(x)', 'javascript'));
    expect(workers).toHaveLength(0);
    const [a, b] = await Promise.all([analyzer.analyze(large, 'javascript'), analyzer.analyze(large, 'javascript')]);
    expect(workers).toHaveLength(1); // started once, on first need
    expect(workers[0]!.received).toHaveLength(2);
    expect(a).toEqual(analyze(large, 'javascript'));
    expect(b!.findings.some((f) => f.rule === 'command-execution/child-process')).toBe(true);
    analyzer.dispose();
    expect(workers[0]!.terminated).toBe(true);
  });

  it('never skips the scan: a crashed worker or a failed analysis falls back to the main thread', async () => {
    for (const mode of ['crash', 'throw'] as const) {
      const analyzer = new Analyzer(() => new FakeWorker(mode) as unknown as Worker);
      const result = await analyzer.analyze(large, 'javascript');
      expect(result).toEqual(analyze(large, 'javascript'));
      expect(result.findings.length).toBeGreaterThan(0);
      analyzer.dispose();
    }
  });

  it('runs everything in the caller where there are no workers', async () => {
    const analyzer = new Analyzer(undefined);
    expect(await analyzer.analyze(large, 'javascript')).toEqual(analyze(large, 'javascript'));
  });

  it('hands small Python the parser cannot finish quickly to the worker instead of blocking the caller', async () => {
    // Found by the fuzzer: a few KB of this keeps Lezer's error recovery busy for hundreds of ms.
    const pathological = 'x = `' + '\\x'.repeat(2_690);
    expect(pathological.length).toBeLessThan(OFF_THREAD_FROM);
    expect(analyzeWithin(pathological, 'python', MAIN_THREAD_PARSE_MS)).toBeNull();
    const workers: FakeWorker[] = [];
    const analyzer = new Analyzer(() => {
      const w = new FakeWorker('answer');
      workers.push(w);
      return w as unknown as Worker;
    });
    const pending = analyzer.analyze(pathological, 'python');
    expect(pending).toBeInstanceOf(Promise);
    expect(workers[0]!.received).toHaveLength(1);
    expect((await pending).telemetry.isValid).toBe(false);
    // Real code is still answered at once.
    expect(analyzer.analyze('import os\nos.system("ls")', 'python')).not.toBeInstanceOf(Promise);
    analyzer.dispose();
  });
});
