import { expect, test } from '@playwright/test';
import { call, notifications, openHost, TEST_CONFIG, useConfig, type RpcReply } from '../embed-host';
import { malformedRequests } from './malformed-messages';
import { SCALE } from './scale';

test.describe.configure({ timeout: Math.max(3, SCALE.malformedMessages / 1_000) * 60_000 });

test(`${SCALE.malformedMessages} malformed postMessage requests all get errors and run nothing`, async ({ page }) => {
  // A rate limit this high lets every request reach validation, where the holes would be.
  await useConfig(page, { ...TEST_CONFIG, rateLimit: { windowMs: 60_000, max: 1_000_000 } });
  expect(await openHost(page)).not.toBeNull();
  const auditBefore = (await call(page, 'audit.list', { limit: 1000 })).result as unknown[];
  const requests = malformedRequests(SCALE.malformedMessages, SCALE.seed);
  // Sent in batches from the host page, each reply matched to its request by id.
  const replies: RpcReply[] = [];
  for (let from = 0; from < requests.length; from += 200) {
    const batch = requests.slice(from, from + 200);
    replies.push(
      ...(await page.evaluate(async (messages) => {
        const frame = document.querySelector('iframe')!.contentWindow!;
        const target = (window as unknown as { host: { target: string } }).host.target;
        const waiting = new Map<unknown, (reply: RpcReply) => void>();
        const listen = (event: MessageEvent) => {
          const data = event.data as RpcReply | undefined;
          if (event.source === frame && data && waiting.has(data.id)) {
            waiting.get(data.id)!(data);
            waiting.delete(data.id);
          }
        };
        addEventListener('message', listen);
        try {
          return await Promise.all(
            messages.map(
              (message) =>
                new Promise<RpcReply>((resolve) => {
                  waiting.set(message['id'], resolve);
                  frame.postMessage(message, target);
                  setTimeout(() => resolve({ jsonrpc: '2.0', id: message['id'] as number, error: { code: 0, message: 'no reply within 20 s' } }), 20_000);
                }),
            ),
          );
        } finally {
          removeEventListener('message', listen);
        }
      }, batch)),
    );
  }
  const wrong = replies
    .map((reply, i) => ({ reply, request: requests[i]! }))
    .filter(({ reply }) => !reply.error || reply.error.code === 0 || reply.result !== undefined)
    .map(({ reply, request }) => `${JSON.stringify(request).slice(0, 300)}\n  → ${JSON.stringify(reply).slice(0, 300)}`);
  const codes: Record<number, number> = {};
  for (const reply of replies) if (reply.error) codes[reply.error.code] = (codes[reply.error.code] ?? 0) + 1;
  console.log(`malformed requests: ${requests.length}; error codes ${JSON.stringify(codes)}`);
  expect(wrong, `requests not refused:\n${wrong.slice(0, 20).join('\n')}`).toEqual([]);
  // Nothing ran: no output, nothing running, no new execution in the audit trail.
  expect(await notifications(page, 'output')).toEqual([]);
  expect((await call(page, 'stats')).result).toMatchObject({ running: 0, queued: 0 });
  const auditAfter = (await call(page, 'audit.list', { limit: 1000 })).result as unknown[];
  expect(auditAfter.length).toBe(auditBefore.length);
});
