import { mount } from 'svelte';
import App from '../App.svelte';
import type { Sandbox } from '../lib/sandbox';
import type { Store } from '../lib/store';
import { Playground } from './playground.svelte';
import { Workspace } from './Sidebar/workspace.svelte';
import { Theme } from './Layout/theme.svelte';
import { Dashboard } from './Dashboards/dashboard.svelte';
import { EditorTabs } from './Editor/tabs.svelte';

/** Builds the page's state and mounts the playground; the URL hash loads code but never runs it. */
export function startPlayground(target: HTMLElement, sandbox: Sandbox, store: Store | undefined, storageProblem?: string): void {
  const page = new Playground(sandbox, store, storageProblem);
  page.applyHash(location.hash);
  void page.loadEngines();
  void page.refreshStorage();
  const workspace = new Workspace(store, () => page.sessionId);
  const tabs = new EditorTabs(page, workspace);
  page.beforeRun = () => tabs.saveAll();
  mount(App, { target, props: { page, workspace, tabs, theme: new Theme(), store, dashboard: new Dashboard(store, sandbox) } });
}
