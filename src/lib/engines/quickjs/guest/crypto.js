// The `crypto` global: random values and UUIDs from the host's CSPRNG (no `subtle`).
'use strict';

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    throw new TypeError("Failed to execute 'getRandomValues': parameter 1 is not an integer-type ArrayBufferView");
  }
  if (array.byteLength > 65536) {
    const error = new Error(
      `Failed to execute 'getRandomValues': The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536).`,
    );
    Object.defineProperty(error, 'name', { value: 'QuotaExceededError', configurable: true, writable: true });
    throw error;
  }
  if (array.byteLength) new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(new Uint8Array(host.randomBytes(array.byteLength)));
  return array;
}

module.exports = { getRandomValues, randomUUID: () => host.randomUUID() };
