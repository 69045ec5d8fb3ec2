// TextEncoder/TextDecoder over the host's WHATWG codecs, and atob/btoa.
'use strict';

function hostCall(fn, args, Ctor) {
  try {
    return fn(...args);
  } catch (error) {
    throw new Ctor(error && error.message);
  }
}

function bytesOf(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView');
}

// The host wants a whole ArrayBuffer; copy only when the view is a slice of a bigger one.
function bufferOf(bytes) {
  if (bytes.byteLength === 0) return undefined;
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer;
}

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }
  encode(input = '') {
    return new Uint8Array(host.text.encode(String(input)));
  }
  encodeInto(source, destination) {
    source = String(source);
    if (!(destination instanceof Uint8Array)) throw new TypeError('The "dest" argument must be an instance of Uint8Array');
    let read = 0;
    let written = 0;
    while (read < source.length) {
      const code = source.codePointAt(read);
      const units = code > 0xffff ? 2 : 1;
      const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (written + size > destination.length) break;
      read += units;
      written += size;
    }
    destination.set(this.encode(source.slice(0, read)));
    return { read, written };
  }
}

// Bytes at the end of `bytes` that start a UTF-8 sequence not yet complete.
function incompleteTail(bytes) {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = new Uint8Array(0);
  #started = false;
  constructor(label = 'utf-8', options = {}) {
    this.#encoding = hostCall(host.text.label, [String(label)], RangeError);
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() {
    return this.#encoding;
  }
  get fatal() {
    return this.#fatal;
  }
  get ignoreBOM() {
    return this.#ignoreBOM;
  }
  /** `stream: true` carries an unfinished UTF-8 sequence over to the next call. */
  decode(input, options = {}) {
    let bytes = bytesOf(input);
    if (this.#pending.length) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = new Uint8Array(0);
    }
    const stream = Boolean(options && options.stream);
    if (stream && this.#encoding === 'utf-8') {
      const tail = incompleteTail(bytes);
      if (tail) {
        this.#pending = bytes.slice(bytes.length - tail);
        bytes = bytes.subarray(0, bytes.length - tail);
      }
    }
    // A BOM is dropped only at the very start of a stream.
    const ignoreBOM = this.#ignoreBOM || this.#started;
    this.#started = stream;
    return hostCall(host.text.decode, [bufferOf(bytes), this.#encoding, this.#fatal, ignoreBOM], TypeError);
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function invalidCharacter(message) {
  const error = new Error(message);
  Object.defineProperty(error, 'name', { value: 'InvalidCharacterError', configurable: true, writable: true });
  return error;
}

function btoa(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  const text = String(data);
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = text.charCodeAt(i + 1);
    const c = text.charCodeAt(i + 2);
    if (a > 255 || b > 255 || c > 255) throw invalidCharacter('Invalid character');
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < text.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < text.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

// The WHATWG "forgiving-base64 decode".
function atob(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  let text = String(data).replace(/[\t\n\f\r ]/g, '');
  if (text.length % 4 === 0) text = text.replace(/==?$/, '');
  if (text.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(text)) throw invalidCharacter('The string to be decoded is not correctly encoded.');
  let out = '';
  let bits = 0;
  let buffer = 0;
  for (let i = 0; i < text.length; i++) {
    buffer = (buffer << 6) | ALPHABET.indexOf(text[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 255);
    }
  }
  return out;
}

module.exports = { TextEncoder, TextDecoder, atob, btoa };
