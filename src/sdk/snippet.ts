/**
 * The docs-page snippet (built as `sandcell-embed.js` by sandcell-embed.ts): every `<pre data-sandcell>` and
 * `<code class="language-…" data-sandcell>` becomes a runnable embed from the script's own origin.
 */
import { compressToEncodedURIComponent } from 'lz-string';
import { isNotification } from '../lib/embed/protocol';

const LANGUAGES: Record<string, 'javascript' | 'python'> = { python: 'python', py: 'python', javascript: 'javascript', js: 'javascript' };

/** The language a block names (`data-lang`, or a `language-*` class on it or its `<code>`); JavaScript by default. */
export function blockLanguage(block: Element): 'javascript' | 'python' {
  const named = block.getAttribute('data-lang') ?? block.getAttribute('data-sandcell') ?? '';
  if (LANGUAGES[named]) return LANGUAGES[named];
  for (const element of [block, block.querySelector('code')]) {
    for (const name of element?.classList ?? []) {
      const match = /^(?:language|lang)-(\w+)$/.exec(name);
      if (match && LANGUAGES[match[1]!]) return LANGUAGES[match[1]!]!;
    }
  }
  return 'javascript';
}

/** The embed URL for a block: its code in the hash, its options in the query. */
export function embedUrl(base: string, code: string, language: 'javascript' | 'python', block: Element): string {
  const url = new URL('index.html', base);
  url.search = 'embed';
  url.searchParams.set('lang', language);
  for (const option of ['engine', 'policy', 'theme'] as const) {
    const value = block.getAttribute(`data-${option}`);
    if (value) url.searchParams.set(option, value);
  }
  for (const flag of ['readonly', 'autorun'] as const) if (block.hasAttribute(`data-${flag}`)) url.searchParams.set(flag, '');
  return `${url.href}#code=${compressToEncodedURIComponent(code)}`;
}

/** Replaces the blocks under `root` with iframes that follow the embed's `resize` notifications. */
export function upgradeBlocks(root: ParentNode, base: string): HTMLIFrameElement[] {
  const origin = new URL(base).origin;
  const frames: HTMLIFrameElement[] = [];
  const blocks = root.querySelectorAll('pre[data-sandcell], code[data-sandcell]');
  for (const found of blocks) {
    // A `<code data-sandcell>` inside a `<pre>` replaces the whole `<pre>`.
    const block = found.tagName === 'CODE' && found.parentElement?.tagName === 'PRE' ? found.parentElement : found;
    if (!block.isConnected) continue;
    const frame = document.createElement('iframe');
    frame.src = embedUrl(base, (found.textContent ?? '').replace(/\n$/, ''), blockLanguage(found), found);
    frame.title = 'Sandcell code runner';
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    frame.style.cssText = 'width:100%;height:320px;border:0;';
    frame.loading = 'lazy';
    block.replaceWith(frame);
    frames.push(frame);
  }
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.origin !== origin) return;
    const frame = frames.find((f) => f.contentWindow === event.source);
    if (!frame || !isNotification(event.data) || event.data.method !== 'resize') return;
    const params = event.data.params;
    const height = typeof params === 'object' && params !== null && 'height' in params ? params.height : undefined;
    if (typeof height === 'number') frame.style.height = `${height}px`;
  });
  return frames;
}

/** What the built `sandcell-embed.js` runs on a docs page: embeds come from wherever the script was served. */
export function autoUpgrade(scriptUrl: string): void {
  const base = new URL('./', scriptUrl).href;
  const start = () => upgradeBlocks(document, base);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
}
