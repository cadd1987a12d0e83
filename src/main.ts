import { mount } from 'svelte';
import App from './ui/App.svelte';
import { session } from './state/session.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target });

// A handle for the browser console and the end-to-end tests (e.g. assay.session.matmulCheck('wasm')).
(globalThis as { assay?: unknown }).assay = { session };
