import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/** Inputs up to this size are hashed here rather than by crypto.subtle. */
const SUBTLE_FROM_BYTES = 16 * 1024;

function subtle(): SubtleCrypto | undefined {
  return typeof crypto === 'object' && crypto.subtle && typeof crypto.subtle.digest === 'function' ? crypto.subtle : undefined;
}

/**
 * Lowercase hex SHA-256 of bytes or UTF-8 text. Uses crypto.subtle for large inputs when the page
 * has it (secure contexts) and @noble/hashes otherwise. Never call it with a transaction
 * open: awaiting it commits the transaction.
 */
export async function sha256Hex(input: Uint8Array | string): Promise<string> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const api = subtle();
  // crypto.subtle answers from another thread, a task later; small inputs are done sooner here.
  if (api && bytes.byteLength > SUBTLE_FROM_BYTES) return bytesToHex(new Uint8Array(await api.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
  return bytesToHex(sha256(bytes));
}

/**
 * Lowercase hex SHA-256, synchronously (@noble/hashes). For small inputs that must be
 * hashed inside an IndexedDB transaction, where awaiting crypto.subtle would commit it.
 */
export function sha256HexSync(input: Uint8Array | string): string {
  return bytesToHex(sha256(typeof input === 'string' ? encoder.encode(input) : input));
}

/** What an audit chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);
