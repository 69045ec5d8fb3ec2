/** A request that cannot run as given; `field` names what is wrong. Nothing was started. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The worker running a call died (crash or kill) before answering. */
export class WorkerTerminatedError extends Error {
  override readonly name = 'WorkerTerminatedError';
  constructor(
    readonly reason: 'timeout' | 'cancelled' | 'crashed' | 'disposed' | 'evicted',
    detail?: string,
  ) {
    super(detail ?? `worker terminated (${reason})`);
  }
}

/** The engine's runtime failed to load (e.g. the wasm file could not be fetched or compiled). */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
  constructor(
    readonly engine: string,
    cause: unknown,
  ) {
    super(`engine ${engine} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** The sandbox was disposed while the request was pending. */
export class SandboxDisposedError extends Error {
  override readonly name = 'SandboxDisposedError';
  constructor() {
    super('the sandbox was disposed');
  }
}
