import type { WorkboxPlugin } from 'workbox-core/types';
import { WORKER_CSP } from './csp';

/**
 * Whether a request loads a worker's script: a dedicated worker takes its CSP from that response,
 * not from the page, so this is where the engine workers get theirs.
 */
export function isWorkerScript(request: Pick<Request, 'destination'>): boolean {
  return request.destination === 'worker';
}

/**
 * The response with the worker policy added. Appended, never replacing: a policy the host itself
 * sends still applies on top (every policy a response carries is enforced).
 */
export function withWorkerCsp(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.append('Content-Security-Policy', WORKER_CSP);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** A Workbox plugin giving every worker script the service worker serves the worker policy. */
export const workerCspPlugin: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) => (isWorkerScript(request) && response.ok ? withWorkerCsp(response) : response),
};
