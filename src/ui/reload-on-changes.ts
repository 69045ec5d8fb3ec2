import type { Store, StoreChange } from '../lib/store';
import { coalesce } from './coalesce';

/**
 * Calls `reload` after the store changes (this tab or another), once per burst of change notices
 * (a run sends several), and only for the changes `relevant` picks. Returns the unsubscribe.
 */
export function reloadOnChanges(store: Store, reload: () => unknown, delayMs: number, relevant: (change: StoreChange) => boolean = () => true): () => void {
  const later = coalesce(reload, delayMs);
  const off = store.onChange(({ change }) => {
    if (relevant(change)) later();
  });
  return () => {
    off();
    later.cancel();
  };
}
