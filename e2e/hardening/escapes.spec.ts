import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { execute } from '../app';
import type { ExecuteRequest, ExecutionResult } from '../../src/lib/sandbox/types';
import { diffIdb, snapshotIdb, type IdbChange } from './idb-snapshot';
import { watchNetwork } from './network-watch';
import type { Payload } from './payload';
import { JS_PAYLOADS } from './payloads-js';
import { SCALE } from './scale';
import { PY_PAYLOADS } from './payloads-py';

// One page, many payloads: each payload is its own run, and the checks run after each one.
test.describe.configure({ timeout: 15 * 60_000 });

const CANARY = `canary-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
const FORGED = ['FOR', 'GED'].join('');
const VICTIM = 'victim';
/** While working on one hole: SANDCELL_HARDEN_ONLY=<regex over "category: name"> runs just those payloads. */
const ONLY = process.env.SANDCELL_HARDEN_ONLY ? new RegExp(process.env.SANDCELL_HARDEN_ONLY) : undefined;
type Engine = 'quickjs' | 'quickjs-ng' | 'cpython';
/** Each payload gets a session of its own, so one payload's pollution cannot blunt the next. */
const ATTACKER = 'attacker-';

/**
 * The payload reaches the runtime through `context`, out of the scanner's sight: the policy sees
 * only `eval(payload)` / `exec(payload)`, allowed under agent, so what is tested is the sandbox.
 */
function attack(engine: Engine, payload: Payload, index: number): ExecuteRequest {
  const language = engine === 'cpython' ? 'python' : 'javascript';
  const code =
    language === 'python'
      ? 'exec(payload)'
      : // No top-level declaration: the session keeps its bindings from run to run.
        '((found) => found === undefined || console.log(typeof found === "string" ? found : String(found)))(await eval(payload));';
  const source = language === 'python' ? payload.code : `(async () => {\n${payload.code}\n})()`;
  return { language, engine, sessionId: `${ATTACKER}${engine}-${index}`, policy: 'agent', timeout: 5_000, code, context: { payload: source } };
}

/** Plants the canary: a page global, a record in a database of its own, a file and live variables of another session. */
async function plantCanaries(page: Page): Promise<void> {
  await page.evaluate(async (canary) => {
    (globalThis as Record<string, unknown>).SANDCELL_CANARY = canary;
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('canary-vault', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('secrets');
      open.onsuccess = () => {
        const tx = open.result.transaction('secrets', 'readwrite');
        tx.objectStore('secrets').put({ canary }, 'canary');
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
  }, CANARY);
  const victim = { sessionId: VICTIM, policy: 'extended', context: { secret: CANARY } } as const;
  const planted = [
    await execute(page, { ...victim, language: 'python', code: `open('secret.txt', 'w').write(secret)\nopen('/tmp/victim-secret.txt', 'w').write(secret)\nvictim_secret = secret`, files: { 'secret.txt': CANARY } }),
    await execute(page, { ...victim, language: 'javascript', engine: 'quickjs', code: 'var victimSecret = secret; globalThis.held = Symbol.for(secret);' }),
    await execute(page, { ...victim, language: 'javascript', engine: 'quickjs-ng', code: 'var victimSecret = secret;' }),
  ];
  for (const result of planted) expect(result.status, JSON.stringify(result.error)).toBe('completed');
}

/** Why a result counts as an escape, or null. */
function leak(result: ExecutionResult, payload: Payload): string | null {
  if (JSON.stringify(result).includes(CANARY)) return 'the canary appears in the result';
  // The guest owns its error and stderr (it may raise anything); everything else is the host's word.
  const { error: _error, stderr: _stderr, ...hostOwned } = result;
  if (JSON.stringify(hostOwned).includes(FORGED)) return 'the guest forged part of the result';
  if (payload.forbidden?.test(result.output)) return `printed ${payload.forbidden}: it reached what it must not`;
  if (result.status === 'blocked') return 'blocked by the policy, so the runtime was not tested';
  return null;
}

/** A store write the attacker's runs explain: their own sessions, executions and audit records. */
function explained(change: IdbChange, executions: Set<string>): boolean {
  if (change.database !== 'sandcell') return false;
  const key: unknown = JSON.parse(change.key);
  const attacker = (id: unknown) => typeof id === 'string' && id.startsWith(ATTACKER);
  switch (change.store) {
    case 'sessions':
      return attacker(key);
    case 'files':
    case 'fileData':
      return attacker((key as string[])[0]);
    case 'executions':
    case 'executionData':
      return executions.has(key as string);
    case 'audit':
      return change.before === undefined && executions.has((JSON.parse(change.after!) as { executionId: string }).executionId);
    default:
      return false;
  }
}

test('no payload escapes the runtimes: canary unread, no network, no IndexedDB write outside the store', async ({ page }) => {
  const network = watchNetwork(page);
  await page.goto('/');
  await page.waitForFunction(() => 'sandcell' in globalThis);
  await plantCanaries(page);
  const before = await snapshotIdb(page);
  const plan: [Engine, Payload][] = [
    ...JS_PAYLOADS.map((p) => ['quickjs', p] as [Engine, Payload]),
    // The second JavaScript engine shares the bridge and prelude: the full run covers it too.
    ...(SCALE.full ? JS_PAYLOADS.map((p) => ['quickjs-ng', p] as [Engine, Payload]) : []),
    ...PY_PAYLOADS.map((p) => ['cpython', p] as [Engine, Payload]),
  ].filter(([, p]) => !ONLY || ONLY.test(`${p.category}: ${p.name}`));
  const escapes: string[] = [];
  const executions = new Set<string>();
  const statuses: Record<string, number> = {};
  const report: Record<string, unknown>[] = [];
  const sessions: string[] = [];
  for (const [index, [engine, payload]] of plan.entries()) {
    const label = `${engine} ${payload.category}: ${payload.name}`;
    let result: ExecutionResult;
    try {
      const request = attack(engine, payload, index);
      sessions.push(request.sessionId!);
      result = await execute(page, request);
    } catch (error) {
      escapes.push(`${label}: execute() threw ${String(error).slice(0, 300)}`);
      continue;
    }
    executions.add(result.id);
    report.push({ engine, category: payload.category, name: payload.name, status: result.status, output: result.output.slice(0, 400), error: result.error && `${result.error.name}: ${result.error.message}`.slice(0, 300) });
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    const why = leak(result, payload);
    if (why) escapes.push(`${label}: ${why}\n${JSON.stringify({ status: result.status, output: result.output.slice(0, 500), error: result.error }).slice(0, 1200)}`);
  }
  await test.info().attach('payload-results.json', { body: JSON.stringify(report, null, 1), contentType: 'application/json' });
  if (process.env.SANDCELL_HARDEN_REPORT) writeFileSync(process.env.SANDCELL_HARDEN_REPORT, JSON.stringify(report, null, 1));
  console.log(`escape payloads: ${plan.length} runs (${JS_PAYLOADS.length} JavaScript, on ${SCALE.full ? 'both engines' : 'quickjs'}; ${PY_PAYLOADS.length} Python); statuses ${JSON.stringify(statuses)}`);

  // The victim's file is whole and the attackers' workspaces hold no copy of it.
  const files = await page.evaluate(async (sessions) => {
    const { store } = (globalThis as unknown as { sandcell: { store: { files: { snapshot(id: string): Promise<{ ok: boolean; value?: { files: Record<string, Uint8Array> } }> } } } }).sandcell;
    const decoded: Record<string, string> = {};
    for (const id of sessions) {
      const snap = await store.files.snapshot(id);
      for (const [path, bytes] of Object.entries(snap.value?.files ?? {})) decoded[`${id}/${path}`] = new TextDecoder().decode(bytes);
    }
    return decoded;
  }, [VICTIM, ...sessions]);
  expect(files[`${VICTIM}/secret.txt`], 'the victim file is untouched').toBe(CANARY);
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith(`${VICTIM}/`) && text.includes(CANARY)) escapes.push(`${path}: an attacker's file holds the canary`);
  }
  const unexplained = diffIdb(before, await snapshotIdb(page)).filter((c) => !explained(c, executions));
  for (const change of unexplained) escapes.push(`IndexedDB ${change.database}.${change.store}[${change.key}] changed outside the attacker's records`);
  for (const request of network.foreign) escapes.push(`network request: ${request}`);
  expect(escapes, escapes.join('\n\n')).toEqual([]);
  if (!ONLY) expect(plan.length).toBeGreaterThanOrEqual(100);
});
