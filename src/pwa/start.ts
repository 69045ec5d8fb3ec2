import { mount } from 'svelte';
import { AppUpdates } from './app-updates.svelte';
import AppUpdatesNotice from './AppUpdatesNotice.svelte';
import { afterLoadAndIdle } from './idle';

let started: AppUpdates | undefined;

export interface PwaOptions {
  /** Where the notices go: an element of their own, outside the view's tree. */
  target: HTMLElement;
  /** Say once that the app now works offline (the playground does; a small embed keeps quiet). */
  announceOffline: boolean;
}

/**
 * Mounts the offline and update notices and, once the page has loaded and is idle, registers the
 * service worker: its first install downloads the whole app, python.wasm included, so it waits
 * until the page needs nothing else.
 */
export function startPwa(options: PwaOptions): AppUpdates {
  if (started) return started;
  const updates = (started = new AppUpdates({ announceOffline: options.announceOffline }));
  mount(AppUpdatesNotice, { target: options.target, props: { updates } });
  if (import.meta.env.DEV) {
    // The dev server has no service worker (and must not keep a built one in control).
    updates.markUnavailable();
  } else {
    const base = import.meta.env.BASE_URL;
    void afterLoadAndIdle().then(() => updates.register(`${base}sw.js`, base));
  }
  return updates;
}

/** Resolves when engines started from now on load from the offline cache, or there will be none. */
export function offlineCacheSettled(): Promise<void> {
  return started?.settled ?? Promise.resolve();
}
