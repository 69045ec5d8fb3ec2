/** Every failure the store reports as a value. Each class sets `name`, so callers can switch on it. */
export abstract class StoreError extends Error {
  abstract override readonly name: string;
}

/** IndexedDB is missing (Node, some private modes) or refused to open. */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';
}

/** Another tab holds the database at an older version and did not let go. */
export class StoreBlockedError extends StoreError {
  override readonly name = 'StoreBlockedError';
  constructor(readonly currentVersion: number, readonly wantedVersion: number) {
    super(
      `Sandcell is open in another tab with an older version of its database (v${currentVersion}, this tab needs v${wantedVersion}). ` +
        'Close or reload the other Sandcell tabs, then reload this one.',
    );
  }
}

/** The connection is gone: a newer version opened in another tab, the browser closed it, or `close()` was called. */
export class StoreClosedError extends StoreError {
  override readonly name = 'StoreClosedError';
  constructor(readonly reason: 'versionchange' | 'terminated' | 'closed') {
    super(
      reason === 'versionchange'
        ? 'A newer version of Sandcell opened in another tab, so this tab let go of its data. Reload this tab.'
        : reason === 'terminated'
          ? 'The browser closed Sandcell\'s database (storage was cleared or the disk failed). Reload the tab.'
          : 'The store was closed.',
    );
  }
}

/** The browser refused to store more (QuotaExceededError). A run that meets this is refused, never run unaudited. */
export class StorageFullError extends StoreError {
  override readonly name = 'StorageFullError';
  constructor(readonly usage?: number, readonly quota?: number, what = 'the write') {
    super(
      `The browser's storage for Sandcell is full${usage !== undefined && quota !== undefined ? ` (${formatBytes(usage)} used of ${formatBytes(quota)})` : ''}, ` +
        `so ${what} was refused. Delete old sessions or executions, or lower the audit retention, and try again.`,
    );
  }
}

/** A session id, name or option that the store will not accept. */
export class InvalidSessionError extends StoreError {
  override readonly name = 'InvalidSessionError';
}

export class SessionNotFoundError extends StoreError {
  override readonly name = 'SessionNotFoundError';
  constructor(readonly sessionId: string) {
    super(`there is no session "${sessionId}"`);
  }
}

export class ExecutionNotFoundError extends StoreError {
  override readonly name = 'ExecutionNotFoundError';
  constructor(readonly executionId: string) {
    super(`there is no execution "${executionId}"`);
  }
}

/** A workspace path that leaves the workspace, holds a NUL, or clashes with a file or folder. */
export class InvalidPathError extends StoreError {
  override readonly name = 'InvalidPathError';
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

export class FileNotFoundError extends StoreError {
  override readonly name = 'FileNotFoundError';
  constructor(readonly sessionId: string, readonly path: string) {
    super(`session "${sessionId}" has no file "${path}"`);
  }
}

/** One file over the per-file cap. */
export class FileTooLargeError extends StoreError {
  override readonly name = 'FileTooLargeError';
  constructor(readonly path: string, readonly size: number, readonly cap: number) {
    super(`"${path}" is ${sizeAgainst(size, cap)}, over the ${formatBytes(cap)} cap per file`);
  }
}

/** A write that would take a session's workspace over the per-session cap. */
export class WorkspaceFullError extends StoreError {
  override readonly name = 'WorkspaceFullError';
  constructor(readonly path: string, readonly total: number, readonly cap: number, readonly sessionId: string) {
    super(`writing "${path}" would bring session "${sessionId}" to ${sizeAgainst(total, cap)}, over the ${formatBytes(cap)} cap per session`);
  }
}

/** A wheel or archive that cannot be used as given (not a zip, compiled wheel, bad manifest). */
export class InvalidArchiveError extends StoreError {
  override readonly name = 'InvalidArchiveError';
}

/** Waiting for a session's lock was given up (the signal aborted). */
export class LockAbortedError extends StoreError {
  override readonly name = 'LockAbortedError';
  constructor(readonly lockName: string) {
    super(`gave up waiting for ${lockName}`);
  }
}

/** IndexedDB failed in a way that is not one of the above (UnknownError, AbortError, …). */
export class StoreWriteError extends StoreError {
  override readonly name = 'StoreWriteError';
}

/** `1.5 MB`, `10 MB`, `512 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A size next to a cap it exceeds, exact in bytes when rounding would make them look equal. */
function sizeAgainst(size: number, cap: number): string {
  const rounded = formatBytes(size);
  return rounded === formatBytes(cap) || parseFloat(rounded) === parseFloat(formatBytes(cap)) ? `${size.toLocaleString('en-US')} bytes` : rounded;
}

function domName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : undefined;
}

/** Whether an IndexedDB failure is the browser's quota refusal (some engines report it as an abort with this name). */
export function isQuotaError(error: unknown): boolean {
  const name = domName(error);
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/**
 * Turns what IndexedDB threw into a StoreError; anything else (TypeError, RangeError…) is a bug and
 * is returned as undefined so the caller rethrows it.
 */
export function toStoreError(error: unknown): StoreError | undefined {
  if (error instanceof StoreError) return error;
  if (isQuotaError(error)) return new StorageFullError();
  const name = domName(error);
  if (name === 'InvalidStateError') return new StoreClosedError('closed');
  if (typeof DOMException !== 'undefined' && error instanceof DOMException) {
    return new StoreWriteError(`IndexedDB failed: ${error.name}: ${error.message}`);
  }
  // fake-indexeddb and some engines throw plain Errors with DOMException names.
  if (name && /^(AbortError|UnknownError|ConstraintError|DataError|TransactionInactiveError|ReadOnlyError|VersionError|NotFoundError|DataCloneError)$/.test(name)) {
    return new StoreWriteError(`IndexedDB failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return undefined;
}

/** An argument the store cannot use (a retention below the minimum, a malformed cursor). */
export class InvalidArgumentError extends StoreError {
  override readonly name = 'InvalidArgumentError';
}
