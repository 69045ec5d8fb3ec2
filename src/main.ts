// One page, two views: `index.html?embed` is the minimal view for iframes, loaded on its own so
// an embed does not download the playground.
const view = new URLSearchParams(location.search).has('embed') ? import('./embed-main') : import('./playground-main');
await view;
export {};
