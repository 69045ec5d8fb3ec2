import { describe, expect, it } from 'vitest';
import { WORKER_CSP } from './csp';
import { isSkipWaiting } from './messages';
import { isWorkerScript, workerCspPlugin, withWorkerCsp } from './worker-csp';

const respond = workerCspPlugin.handlerWillRespond!;
/** Node's Request has no settable destination; the plugin reads only that field. */
const requestFor = (destination: RequestDestination) => ({ destination }) as Request;
const script = () => new Response('self.onmessage = () => {};', { status: 200, headers: { 'content-type': 'text/javascript' } });

describe('the worker policy the service worker adds', () => {
  it('is added to worker scripts, keeping the body, status and other headers', async () => {
    const served = withWorkerCsp(script());
    expect(served.headers.get('content-security-policy')).toBe(WORKER_CSP);
    expect(served.headers.get('content-type')).toBe('text/javascript');
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('self.onmessage = () => {};');
  });

  it("is appended to the host's own policy, never replacing it", async () => {
    const hosted = new Response('', { headers: { 'content-security-policy': "default-src 'none'" } });
    const served = withWorkerCsp(hosted);
    expect(served.headers.get('content-security-policy')).toBe(`default-src 'none', ${WORKER_CSP}`);
  });

  it('touches only worker scripts that were found', async () => {
    expect(isWorkerScript(requestFor('worker'))).toBe(true);
    for (const destination of ['script', 'document', '', 'style'] as const) expect(isWorkerScript(requestFor(destination))).toBe(false);
    const page = script();
    expect(await respond({ request: requestFor('script'), response: page, event: new Event('fetch') as never, state: {} })).toBe(page);
    const missing = new Response('not found', { status: 404 });
    expect(await respond({ request: requestFor('worker'), response: missing, event: new Event('fetch') as never, state: {} })).toBe(missing);
    const worker = await respond({ request: requestFor('worker'), response: script(), event: new Event('fetch') as never, state: {} });
    expect(worker.headers.get('content-security-policy')).toBe(WORKER_CSP);
  });
});

describe('the skip-waiting message', () => {
  it('is recognised only in the shape workbox-window sends', () => {
    expect(isSkipWaiting({ type: 'SKIP_WAITING' })).toBe(true);
    for (const other of [null, 'SKIP_WAITING', { type: 'skip_waiting' }, {}, 1]) expect(isSkipWaiting(other)).toBe(false);
  });
});
