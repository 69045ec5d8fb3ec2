/**
 * The code the benchmark runs, the same text for Sandcell and for its anchor. Each workload
 * checks its own answer, so a broken run fails the benchmark instead of timing nothing.
 */

export const TRIVIAL = 'x = 1 + 1';

/** Builds `doc` (a list that serialises to over 1 MB of JSON) and `text` (over 1 MB with `emails` addresses), kept by the session. */
export const PYTHON_SETUP = `
import json, re
doc = [{"id": i, "name": f"item {i}", "tags": ["alpha", "beta", "gamma"], "score": i * 0.5, "ok": i % 2 == 0} for i in range(14000)]
emails = 30000
text = "".join(f"user{i}@example.com lorem ipsum dolor sit amet " for i in range(emails))
assert len(json.dumps(doc)) >= 2**20 and len(text) >= 2**20
`;

export const PYTHON_WORKLOADS = {
  fib25: `
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
assert fib(25) == 75025
`,
  json1mb: `
import json
back = json.loads(json.dumps(doc))
assert len(back) == len(doc)
`,
  regex1mb: `
import re
assert len(re.findall(r"[\\w.]+@[\\w.]+\\.\\w+", text)) == emails
`,
} as const;

export const JAVASCRIPT_WORKLOADS = {
  fib25: `
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
if (fib(25) !== 75025) throw new Error('fib(25) is wrong');
`,
} as const;

export type WorkloadName = keyof typeof PYTHON_WORKLOADS;

/** JavaScript's steady state: `turns` turns of warm runs a side, of which the last `counted` are measured. */
export const STEADY = { runsPerTurn: 500, turns: 6, counted: 2 } as const;
