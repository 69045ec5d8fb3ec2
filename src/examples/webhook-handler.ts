import type { Example } from './types';

export default {
  id: 'webhook-handler',
  title: 'Webhook handler with signature validation',
  level: 'intermediate',
  demonstrates: 'Checking a payload signature in constant time before trusting the event.',
  language: 'javascript',
  policy: 'standard',
  code: `// FNV-1a keyed hash: a stand-in for HMAC so the example needs no crypto module.
function sign(secret, body) {
  let h = 0x811c9dc5;
  for (const c of secret + ':' + body) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
function equal(a, b) {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
function handle(secret, request) {
  if (!equal(sign(secret, request.body), request.signature)) return { status: 401 };
  const event = JSON.parse(request.body);
  return { status: 200, handled: event.type };
}
const body = JSON.stringify({ type: 'order.paid', id: 7 });
console.log('genuine:', JSON.stringify(handle('s3cret', { body, signature: sign('s3cret', body) })));
console.log('forged:', JSON.stringify(handle('s3cret', { body, signature: sign('guess', body) })));`,
  expected: { status: 'completed', output: ['genuine: {"status":200,"handled":"order.paid"}', 'forged: {"status":401}'] },
} satisfies Example;
