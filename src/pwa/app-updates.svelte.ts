import type { Workbox } from 'workbox-window';

/**
 * - `unavailable`: no service worker here (dev server, an opaque or blocked origin, a failed install);
 * - `caching`: the first one is installing, downloading the app (python.wasm included);
 * - `ready`: the app is cached and works offline.
 */
export type OfflineState = 'unavailable' | 'caching' | 'ready';

/**
 * - `none`;
 * - `available`: a new version is installed and waits for the user (this tab keeps running its own);
 * - `applying`: the user asked for it; the page reloads once it is in control;
 * - `elsewhere`: another tab switched to the new version; this one still runs the old code.
 */
export type UpdateState = 'none' | 'available' | 'applying' | 'elsewhere';

/** How often a long-lived tab asks the host whether a new version was deployed. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** The service worker's lifecycle as the page shows it: offline readiness and the "update available" prompt. */
export class AppUpdates {
  offline: OfflineState = $state('caching');
  update: UpdateState = $state('none');
  /** The "works offline now" notice, shown once after the first install, until dismissed. */
  offlineNotice = $state(false);
  /**
   * Resolves once engines started from now on load from the service worker's cache (it controls
   * the page), or at once where there will be no service worker. Never rejects.
   */
  readonly settled: Promise<void>;
  #settle!: () => void;
  #workbox: Workbox | undefined;
  readonly #announceOffline: boolean;

  constructor(options: { announceOffline: boolean }) {
    this.#announceOffline = options.announceOffline;
    this.settled = new Promise((resolve) => (this.#settle = resolve));
  }

  /** Registers `scriptUrl`; failures leave the app working online, as `unavailable`. */
  async register(scriptUrl: string, scope: string): Promise<void> {
    let controlled = false;
    try {
      // Reading navigator.serviceWorker throws in an opaque origin (a sandboxed iframe).
      controlled = navigator.serviceWorker?.controller != null;
      if (controlled) {
        this.offline = 'ready';
        this.#settle();
      }
      const { Workbox } = await import('workbox-window');
      const workbox = new Workbox(scriptUrl, { scope });
      this.#workbox = workbox;
      // Whether an older version runs this page: its replacement is an update, not the first install.
      let hadController = controlled;
      workbox.addEventListener('installed', (event) => {
        if (event.isUpdate || navigator.serviceWorker.controller) return;
        this.offline = 'ready';
        this.offlineNotice = this.#announceOffline;
      });
      workbox.addEventListener('waiting', () => {
        if (this.update === 'none') this.update = 'available';
      });
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        // Only the tab whose user asked reloads; any other keeps running until its user says so.
        if (this.update === 'applying') return location.reload();
        if (hadController) this.update = 'elsewhere';
        hadController = true;
        this.#settle();
      });
      workbox.addEventListener('redundant', () => {
        if (!navigator.serviceWorker.controller && this.offline === 'caching') this.#unavailable();
      });
      const registration = await workbox.register({ immediate: true });
      if (!registration) return this.#unavailable();
      setInterval(() => void workbox.update().catch(() => {}), UPDATE_CHECK_MS);
    } catch (error) {
      console.info(`Sandcell: no offline support here (${error instanceof Error ? error.message : String(error)})`);
      this.#unavailable();
    }
  }

  /** No service worker: the app works online as it always did. */
  #unavailable(): void {
    if (this.offline !== 'ready') this.offline = 'unavailable';
    this.#settle();
  }

  /** Switches to the waiting version: the page reloads when it takes over. */
  apply(): void {
    if (this.update === 'elsewhere') return location.reload();
    if (this.update !== 'available' || !this.#workbox) return;
    this.update = 'applying';
    this.#workbox.messageSkipWaiting();
  }

  /** Hides the prompt for now; the new version then starts on the next visit after every tab closes. */
  later(): void {
    if (this.update === 'available' || this.update === 'elsewhere') this.update = 'none';
  }

  /** Used where the page has no service worker at all (the dev server). */
  markUnavailable(): void {
    this.#unavailable();
  }
}
