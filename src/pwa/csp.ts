/**
 * The Content-Security-Policies Sandcell ships: one for the page (a meta tag, so any static host
 * applies it) and one the service worker adds to the engine workers' scripts it serves, since a
 * worker takes its policy from its own response, not from the page. Same origin only, both.
 */

/** Directives as written in a policy: name → sources. */
type Directives = Readonly<Record<string, readonly string[]>>;

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The page: no JavaScript eval, nothing from another origin. 'wasm-unsafe-eval' (WebAssembly
 * compilation only, not 'unsafe-eval') is there because a blob: worker inherits the page's policy,
 * and that is how the embed starts its engines from an opaque origin (src/lib/embed/opaque-workers.ts). Inline styles are allowed, since
 * CodeMirror writes its theme into a <style> element and a static page cannot mint nonces. Images
 * may be `data:` and `blob:` (file previews); `blob:` workers are how the embed starts engines from
 * an opaque origin.
 */
export const PAGE_CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** Engine workers: they compile WebAssembly ('wasm-unsafe-eval', never 'unsafe-eval') and fetch python.wasm. */
export const WORKER_CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
};

export const PAGE_CSP = serialize(PAGE_CSP_DIRECTIVES);
export const WORKER_CSP = serialize(WORKER_CSP_DIRECTIVES);
