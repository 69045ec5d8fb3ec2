/**
 * `sandcell-embed.js`, a classic script for docs pages (`<script src="…/sandcell-embed.js" defer>`):
 * every `<pre data-sandcell>` and `<code class="language-…" data-sandcell>` becomes a runnable embed,
 * served from wherever this script came from. A classic script, so a docs site needs no CORS from Sandcell.
 */
import { autoUpgrade } from './snippet';

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
// `currentScript` is null inside a module or an event handler; find the tag by name then.
const src = script?.src || document.querySelector<HTMLScriptElement>('script[src*="sandcell-embed"]')?.src;
if (src) autoUpgrade(src);
else console.error('sandcell-embed.js: cannot tell where it was loaded from; include it with <script src="https://…/sandcell-embed.js" defer>');
