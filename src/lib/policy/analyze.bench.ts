/**
 * `npx vitest bench --run src/lib/policy`: analyze against the bare parsers on ~100 KB of code.
 * Issue 3's budget: at most 15 ms median and at most 3× acorn's bare parse (Chromium, main thread).
 */

import { parse } from 'acorn';
import { parser } from '@lezer/python';
import { bench, describe } from 'vitest';
import { analyze } from './analyze';
import { benignSample } from './corpus/sample';

const js = benignSample('javascript');
const py = benignSample('python');

describe(`JavaScript, ${(js.length / 1024).toFixed(0)} KB`, () => {
  bench('acorn.parse (bare)', () => {
    parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
  });
  bench('analyze', () => {
    analyze(js, 'javascript');
  });
});

describe(`Python, ${(py.length / 1024).toFixed(0)} KB`, () => {
  bench('lezer parse (bare)', () => {
    parser.parse(py);
  });
  bench('analyze', () => {
    analyze(py, 'python');
  });
});
