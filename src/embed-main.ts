// The embed view (index.html?embed) is not built yet: until it is, the playground serves.
await import('./playground-main');
export {};
