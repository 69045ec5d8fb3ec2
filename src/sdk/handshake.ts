/** The client's side of `connect`: hands the embed a MessagePort and waits for `ready` on it. */
import { isNotification, isResponse, type ReadyParams } from '../lib/embed/protocol';
import { SandcellError } from './sandcell-error';

/**
 * Where `connect` may be posted. A frame sandboxed without allow-same-origin has an opaque origin
 * that only '*' reaches; the message carries nothing but a fresh port, and every reply after it
 * travels on that port.
 */
export function connectTarget(frame: HTMLIFrameElement): string {
  const sandbox = frame.getAttribute('sandbox');
  if (sandbox !== null && !sandbox.split(/\s+/).includes('allow-same-origin')) return '*';
  return new URL(frame.src, location.href).origin;
}

/**
 * Posts `connect` with a new MessagePort, again every 250 ms until the embed answers: posts to a
 * frame still loading are dropped. Resolves with the port that was accepted and the `ready` sent on it.
 */
export function handshake(frame: HTMLIFrameElement, timeoutMs: number): Promise<{ port: MessagePort; ready: ReadyParams }> {
  const targetOrigin = connectTarget(frame);
  return new Promise((resolve, reject) => {
    let attempt = 0;
    const channels = new Map<string, MessageChannel>();
    const finish = () => {
      clearInterval(timer);
      clearTimeout(deadline);
      window.removeEventListener('message', listener);
    };
    const listener = (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (event.source !== frame.contentWindow || !isResponse(data) || typeof data.id !== 'string') return;
      const accepted = channels.get(data.id);
      if (!accepted) return;
      finish();
      for (const channel of channels.values()) if (channel !== accepted) channel.port1.close();
      if ('error' in data) {
        accepted.port1.close();
        reject(new SandcellError(data.error.code, data.error.message, data.error.data));
        return;
      }
      const port = accepted.port1;
      const onReady = (message: MessageEvent<unknown>) => {
        if (!isNotification(message.data) || message.data.method !== 'ready') return;
        port.removeEventListener('message', onReady);
        resolve({ port, ready: message.data.params as ReadyParams });
      };
      port.addEventListener('message', onReady);
      port.start();
    };
    const attemptConnect = () => {
      const id = `sandcell-connect-${++attempt}`;
      const channel = new MessageChannel();
      channels.set(id, channel);
      frame.contentWindow?.postMessage({ jsonrpc: '2.0', id, method: 'connect' }, targetOrigin, [channel.port2]);
    };
    window.addEventListener('message', listener);
    const timer = setInterval(attemptConnect, 250);
    const deadline = setTimeout(() => {
      finish();
      for (const channel of channels.values()) channel.port1.close();
      reject(new SandcellError(-32000, `no answer from ${frame.src} within ${timeoutMs} ms (is this page's origin in the embed's allowedOrigins?)`));
    }, timeoutMs);
    attemptConnect();
  });
}
