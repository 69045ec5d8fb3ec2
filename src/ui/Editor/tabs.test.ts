import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../../lib/store';
import type { Playground } from '../playground.svelte';
import type { Workspace } from '../Sidebar/workspace.svelte';
import { EditorTabs } from './tabs.svelte';

/** A read the test answers when it chooses, as a slow IndexedDB read would be answered. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const info = (path: string, mtime: number) => ({ path, mtime }) as FileInfo;

describe('EditorTabs', () => {
  it('keeps a saved edit when a read that began before the save answers after it', async () => {
    const reads: Array<{ path: string; answer: (text: string) => void }> = [];
    const written: string[] = [];
    const workspace = {
      files: [info('a.py', 1)],
      readText: (path: string) => {
        const read = deferred<string | undefined>();
        reads.push({ path, answer: read.resolve });
        return read.promise;
      },
      write: async (_sessionId: string, _path: string, text: string) => {
        written.push(text);
        return true;
      },
    } as unknown as Workspace;
    const page = { code: { python: '', javascript: '' }, language: 'python', selected: undefined, sessionId: 's1' } as unknown as Playground;
    const tabs = new EditorTabs(page, workspace);
    await tabs.follow('s1');

    const opening = tabs.open('a.py');
    reads.shift()!.answer('first');
    await opening;
    await tabs.sync('s1', [info('a.py', 1)]);

    // Another version appears (a run wrote it): the tab reloads, and its read is slow.
    const reloading = tabs.sync('s1', [info('a.py', 2)]);
    const stale = reads.shift()!;
    // Meanwhile the user edits the tab and it is saved.
    tabs.edit('mine');
    await tabs.save('a.py');
    expect(written).toEqual(['mine']);
    stale.answer('from the run');
    await reloading;

    const tab = tabs.files.find((f) => f.path === 'a.py')!;
    expect(tab.text).toBe('mine');
    expect(tab.saved).toBe('mine');
  });
});
