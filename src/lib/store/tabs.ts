import { LockAbortedError } from './errors';

/** The part of the Web Locks API the store uses; tests pass a fake. */
export interface LockManagerLike {
  request<T>(name: string, options: { mode?: 'exclusive' | 'shared'; ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<T> | T): Promise<T>;
  query?(): Promise<{ held?: Array<{ name?: string }>; pending?: Array<{ name?: string }> }>;
}

/** The part of BroadcastChannel the store uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A change another part of the app (this tab or another) should refresh for. */
export type StoreChange =
  | { kind: 'session'; sessionId: string; action: 'created' | 'updated' | 'deleted' | 'reset' }
  | { kind: 'files'; sessionId: string; revision: number }
  /** `auditSeq`: the audit head after the records this step appended (no separate `audit` notice is sent for them). */
  | { kind: 'execution'; executionId: string; sessionId?: string; state: 'requested' | 'started' | 'finished'; auditSeq?: number }
  | { kind: 'audit'; seq: number }
  | { kind: 'settings' };

export interface ChangeEvent {
  change: StoreChange;
  /** `local`: this store instance made it; `remote`: another tab did. */
  origin: 'local' | 'remote';
}

const CHANNEL_VERSION = 1;

interface ChannelMessage {
  v: typeof CHANNEL_VERSION;
  from: string;
  change: StoreChange;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** Checks a message from another tab; anything malformed (another app version) is ignored. */
export function parseChannelMessage(data: unknown): ChannelMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { v, from, change } = data as Record<string, unknown>;
  if (v !== CHANNEL_VERSION || !isString(from) || typeof change !== 'object' || change === null) return undefined;
  const c = change as Record<string, unknown>;
  switch (c.kind) {
    case 'session':
      return isString(c.sessionId) && ['created', 'updated', 'deleted', 'reset'].includes(String(c.action))
        ? { v, from, change: { kind: 'session', sessionId: c.sessionId, action: c.action as 'created' } }
        : undefined;
    case 'files':
      return isString(c.sessionId) && typeof c.revision === 'number'
        ? { v, from, change: { kind: 'files', sessionId: c.sessionId, revision: c.revision } }
        : undefined;
    case 'execution':
      return isString(c.executionId) && ['requested', 'started', 'finished'].includes(String(c.state)) && (c.sessionId === undefined || isString(c.sessionId)) && (c.auditSeq === undefined || typeof c.auditSeq === 'number')
        ? { v, from, change: { kind: 'execution', executionId: c.executionId, sessionId: c.sessionId as string | undefined, state: c.state as 'requested', ...(c.auditSeq === undefined ? {} : { auditSeq: c.auditSeq as number }) } }
        : undefined;
    case 'audit':
      return typeof c.seq === 'number' ? { v, from, change: { kind: 'audit', seq: c.seq } } : undefined;
    case 'settings':
      return { v, from, change: { kind: 'settings' } };
    default:
      return undefined;
  }
}

export interface TabsOptions {
  /** Defaults to `navigator.locks` when the browser has it. `null` forces the in-tab fallback. */
  locks?: LockManagerLike | null;
  /** Defaults to a BroadcastChannel named after the database. `null` disables cross-tab notices. */
  channel?: ChannelLike | null;
  channelName?: string;
}

function defaultLocks(): LockManagerLike | undefined {
  const nav = typeof navigator === 'object' ? (navigator as Navigator & { locks?: LockManagerLike }) : undefined;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : undefined;
}

function defaultChannel(name: string): ChannelLike | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : undefined;
}

/** Releases a held lock; idempotent. */
export type Release = () => void;

/**
 * What this tab shares with the others: Web Locks (a session during a run, the tab itself while
 * it lives) and a BroadcastChannel of change notices. Without Web Locks,
 * locks only order callers within this tab; without BroadcastChannel, only local listeners hear.
 */
export class Tabs {
  readonly tabId: string;
  readonly #locks: LockManagerLike | undefined;
  readonly #channel: ChannelLike | undefined;
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  /** In-tab fallback: a promise chain per lock name. */
  readonly #localQueues = new Map<string, Promise<void>>();
  /** Locks this tab holds, for `isHeld` when there is no `locks.query`. */
  readonly #heldHere = new Set<string>();
  /** Locks released with a linger: still held, handed to the next caller here without a new request. */
  readonly #parked = new Map<string, { release: Release; timer: ReturnType<typeof setTimeout> }>();
  /** Callers in this tab waiting for each lock: a lock someone here waits for is released at once, not parked. */
  readonly #waiting = new Map<string, number>();
  /** Web Locks threw something other than an abort (opaque origin): use the in-tab fallback from then on. */
  #locksBroken = false;
  readonly #onMessage = (event: MessageEvent) => {
    const message = parseChannelMessage(event.data);
    if (message && message.from !== this.tabId) this.#deliver({ change: message.change, origin: 'remote' });
  };

  constructor(options: TabsOptions = {}) {
    this.tabId = randomId();
    this.#locks = options.locks === null ? undefined : (options.locks ?? defaultLocks());
    this.#channel = options.channel === null ? undefined : (options.channel ?? defaultChannel(options.channelName ?? 'sandcell-store'));
    this.#channel?.addEventListener('message', this.#onMessage);
  }

  /** Whether other tabs' change notices reach this one (BroadcastChannel). */
  get hearsOtherTabs(): boolean {
    return this.#channel !== undefined;
  }

  /** Whether locks reach other tabs (Web Locks) or only this one. */
  get crossTabLocks(): boolean {
    return this.#locks !== undefined && !this.#locksBroken;
  }

  /**
   * Waits for the exclusive lock `name` and returns its release. The lock is also released when
   * the tab dies, which is what makes "requested with no finished" mean "interrupted".
   *
   * With `lingerMs`, the release keeps the lock that much longer, and a caller in this tab that
   * asks for it meanwhile gets it at once: back-to-back runs of one session skip the round trip
   * to the browser's lock manager. Other tabs wait at most `lingerMs` more.
   */
  async acquire(name: string, signal?: AbortSignal, options: { lingerMs?: number } = {}): Promise<Release> {
    return (await this.hold(name, signal, options)).release;
  }

  /**
   * `acquire`, also saying whether this tab has held the lock without a break since the last
   * release here (it was parked): nobody else can have done what the lock guards meanwhile.
   */
  async hold(name: string, signal?: AbortSignal, options: { lingerMs?: number } = {}): Promise<{ release: Release; unbroken: boolean }> {
    if (signal?.aborted) throw new LockAbortedError(name);
    const parked = this.#parked.get(name);
    if (parked) {
      clearTimeout(parked.timer);
      this.#parked.delete(name);
      return { release: this.#withLinger(name, parked.release, options.lingerMs), unbroken: true };
    }
    this.#waiting.set(name, (this.#waiting.get(name) ?? 0) + 1);
    try {
      return { release: this.#withLinger(name, await this.#request(name, signal), options.lingerMs), unbroken: false };
    } finally {
      const left = this.#waiting.get(name)! - 1;
      if (left) this.#waiting.set(name, left);
      else this.#waiting.delete(name);
    }
  }

  /** A release that parks the lock for `lingerMs` (see acquire) before letting it go. */
  #withLinger(name: string, release: Release, lingerMs: number | undefined): Release {
    if (!lingerMs) return release;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (this.#waiting.has(name)) return release();
      const timer = setTimeout(() => {
        this.#parked.delete(name);
        release();
      }, lingerMs);
      this.#parked.set(name, { release, timer });
    };
  }

  #request(name: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new LockAbortedError(name));
    const locks = this.#locks;
    if (!locks || this.#locksBroken) return this.#acquireHere(name, signal);
    const { release, releaseOnce } = this.#releaser(name);
    const held = new Promise<void>((resolve) => (release.fn = resolve));
    return new Promise<Release>((resolve, reject) => {
      let granted = false;
      locks
        .request(name, { mode: 'exclusive', ...(signal ? { signal } : {}) }, () => {
          granted = true;
          this.#heldHere.add(name);
          resolve(releaseOnce);
          return held;
        })
        .catch((error: unknown) => {
          if (granted) return;
          if (isAbort(error)) return reject(new LockAbortedError(name));
          // SecurityError in opaque origins (a sandboxed iframe): order this tab's callers at least.
          this.#locksBroken = true;
          resolve(this.#acquireHere(name, signal));
        });
    });
  }

  #releaser(name: string): { release: { fn: () => void }; releaseOnce: Release } {
    const release = { fn: () => {} };
    let done = false;
    const releaseOnce: Release = () => {
      if (done) return;
      done = true;
      this.#heldHere.delete(name);
      release.fn();
    };
    return { release, releaseOnce };
  }

  /** The in-tab fallback: a promise chain per lock name. */
  #acquireHere(name: string, signal?: AbortSignal): Promise<Release> {
    const { release, releaseOnce } = this.#releaser(name);
    let given = false;
    const held = new Promise<void>((resolve) => (release.fn = resolve));
    const previous = this.#localQueues.get(name) ?? Promise.resolve();
    const mine = previous.then(() => held);
    this.#localQueues.set(name, mine);
    void mine.then(() => {
      if (this.#localQueues.get(name) === mine) this.#localQueues.delete(name);
    });
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        if (given) return;
        given = true;
        releaseOnce(); // our turn in the chain passes straight through
        reject(new LockAbortedError(name));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (given) return;
        given = true;
        this.#heldHere.add(name);
        resolve(releaseOnce);
      });
    });
  }

  /** Runs `fn` holding the lock. */
  async withLock<T>(name: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(name, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Names of locks held in any tab, or undefined when that cannot be known (no Web Locks):
   * callers then fall back to their own heuristics.
   */
  async heldLocks(): Promise<Set<string> | undefined> {
    if (!this.#locks || this.#locksBroken) return undefined;
    if (!this.#locks.query) return undefined;
    try {
      const snapshot = await this.#locks.query();
      return new Set((snapshot.held ?? []).map((lock) => lock.name).filter(isString));
    } catch {
      return undefined;
    }
  }

  /** Whether this tab holds `name` now. */
  holdsHere(name: string): boolean {
    return this.#heldHere.has(name);
  }

  /** Tells local listeners and other tabs. */
  publish(change: StoreChange): void {
    this.#deliver({ change, origin: 'local' });
    try {
      this.#channel?.postMessage({ v: CHANNEL_VERSION, from: this.tabId, change } satisfies ChannelMessage);
    } catch {
      // a closed channel: other tabs will catch up on their next read
    }
  }

  /** Listens for changes from this store and other tabs; returns the unsubscribe. */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    for (const { release, timer } of this.#parked.values()) {
      clearTimeout(timer);
      release();
    }
    this.#parked.clear();
    this.#listeners.clear();
    this.#channel?.removeEventListener('message', this.#onMessage);
    this.#channel?.close();
  }

  #deliver(event: ChangeEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('sandcell store: a change listener threw', error);
      }
    }
  }
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

/** A random UUID (crypto.randomUUID where available; insecure contexts lack it). */
export function randomId(): string {
  if (typeof crypto === 'object' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lock names, in one place so every tab agrees. */
export const LOCKS = {
  audit: (db: string) => `sandcell:${db}:audit`,
  session: (db: string, sessionId: string) => `sandcell:${db}:session:${sessionId}`,
  /** Held by each tab for its whole life: a run begun in a tab whose lock is gone was interrupted. */
  tab: (db: string, tabId: string) => `sandcell:${db}:tab:${tabId}`,
};
