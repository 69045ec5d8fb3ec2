import { startPwa } from './pwa/start';

// One page, two views: `index.html?embed` is the minimal view for iframes, loaded on its own so
// an embed does not download the playground.
const embed = new URLSearchParams(location.search).has('embed');
// The offline cache and the "update available" notice serve both views, from an element of their own.
startPwa({ target: document.getElementById('app-updates')!, announceOffline: !embed });
// Two separate imports, not one conditional expression: the bundler would preload both views' chunks for it.
if (embed) await import('./embed-main');
else await import('./playground-main');
export {};
