import { sha256Fallback } from './sha256';

const encoder = new TextEncoder();

/** Inputs up to this size are hashed here rather than by crypto.subtle. */
const SUBTLE_FROM_BYTES = 16 * 1024;

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

function subtle(): SubtleCrypto | undefined {
  return typeof crypto === 'object' && crypto.subtle && typeof crypto.subtle.digest === 'function' ? crypto.subtle : undefined;
}

/**
 * Lowercase hex SHA-256 of bytes or UTF-8 text. Uses crypto.subtle for large inputs when the page
 * has it (secure contexts) and a plain implementation otherwise. Never call it with a transaction
 * open: awaiting it commits the transaction.
 */
export async function sha256Hex(input: Uint8Array | string): Promise<string> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const api = subtle();
  // crypto.subtle answers from another thread, a task later; small inputs are done sooner here.
  if (api && bytes.byteLength > SUBTLE_FROM_BYTES) return hex(new Uint8Array(await api.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  return hex(sha256Fallback(bytes));
}

/**
 * Lowercase hex SHA-256, synchronously (the plain implementation). For small inputs that must be
 * hashed inside an IndexedDB transaction, where awaiting crypto.subtle would commit it.
 */
export function sha256HexSync(input: Uint8Array | string): string {
  return hex(sha256Fallback(typeof input === 'string' ? encoder.encode(input) : input));
}

/** What an audit chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);
