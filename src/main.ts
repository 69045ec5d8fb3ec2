import { mount } from 'svelte';
import App from './App.svelte';
import { createSandbox } from './lib/sandbox';
import { Playground } from './ui/playground.svelte';
import './app.css';

const sandbox = createSandbox();
// A handle for tests, benchmarks and the curious; it reaches nothing the page could not already.
(globalThis as { sandcell?: unknown }).sandcell = { sandbox };

const page = new Playground(sandbox);
page.applyHash(location.hash);
void page.loadEngines();

mount(App, { target: document.getElementById('app')!, props: { page } });
