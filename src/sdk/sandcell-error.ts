/** A JSON-RPC error from the embed (or the client's own: closed, no answer), with its code and data. */
export class SandcellError extends Error {
  override name = 'SandcellError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
