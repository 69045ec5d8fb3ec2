/** True when this document's origin is opaque (sandbox="allow-scripts" without allow-same-origin); `location.origin` still shows the URL's. */
export const opaqueOrigin = (): boolean => typeof self === 'object' && self.origin === 'null';
